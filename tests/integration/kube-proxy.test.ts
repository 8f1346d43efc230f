import test from 'ava';
import { connect, createServer, type Server } from 'node:net';
import { startKubeProxy } from '../../application/agents/kube-proxy.js';
import { TcpNodePortProxy } from '../../infrastructure/proxy/tcp-node-port-proxy.js';
import { eventually } from '../support/processes.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { world } from '../support/world.js';

/** A TCP backend that answers every connection with its name and closes it. */
async function backend(name: string): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.end(name));
  const port = await freeLoopbackPort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server };
}

/** What the node port answers, or the error code when the connection is refused or reset. */
function ask(port: number): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const meta = (name: string) => ({ name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });
const address = (pod: string) => ({ ip: '127.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', name: pod, uid: `uid-${pod}` } });

async function setup(t: import('ava').ExecutionContext) {
  const w = world();
  const [a, b] = [await backend('pod-a'), await backend('pod-b')];
  const nodePort = await freeLoopbackPort();
  const proxy = new TcpNodePortProxy('127.0.0.1');
  const following = startKubeProxy(w.models, proxy);
  t.teardown(async () => {
    following.unsubscribe();
    await proxy.close();
    a.server.close();
    b.server.close();
  });
  await w.send('CreateService', {
    meta: meta('web'),
    spec: { type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.0.20', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort }] },
  });
  const endpoints = (ready: { pod: string; port: number }[], notReady: { pod: string; port: number }[] = []) =>
    w.send('SetEndpoints', {
      namespace: 'default', name: 'web',
      subsets: [...ready.map((r) => ({ addresses: [address(r.pod)], notReadyAddresses: [], ports: [{ name: 'http', port: r.port, protocol: 'TCP' }] })),
        ...notReady.map((r) => ({ addresses: [], notReadyAddresses: [address(r.pod)], ports: [{ name: 'http', port: r.port, protocol: 'TCP' }] }))],
    });
  return { w, a, b, nodePort, proxy, endpoints };
}

test('a NodePort Service carries real TCP traffic to its ready endpoints, round robin', async (t) => {
  const { a, b, nodePort, proxy, endpoints } = await setup(t);
  await endpoints([{ pod: 'pod-a', port: a.port }, { pod: 'pod-b', port: b.port }]);
  await eventually(() => proxy.current(), (rules) => rules[0]?.backends.length === 2);
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await ask(nodePort));
  t.deepEqual(answers.filter((x) => x === 'pod-a').length, 3);
  t.deepEqual(answers.filter((x) => x === 'pod-b').length, 3);
  t.like(proxy.current()[0], { namespace: 'default', service: 'web', portName: 'http', nodePort, clusterIP: '10.96.0.20' });
});

test('endpoint changes are followed live: a not-ready pod gets no traffic; a refusing backend is skipped', async (t) => {
  const { a, b, nodePort, proxy, endpoints } = await setup(t);
  await endpoints([{ pod: 'pod-a', port: a.port }], [{ pod: 'pod-b', port: b.port }]);
  await eventually(() => proxy.current(), (rules) => rules[0]?.backends.length === 1);
  for (let i = 0; i < 4; i++) t.is(await ask(nodePort), 'pod-a');

  const gone = await freeLoopbackPort();
  await endpoints([{ pod: 'pod-b', port: b.port }, { pod: 'pod-gone', port: gone }]);
  await eventually(() => proxy.current(), (rules) => rules[0]?.backends.some((x) => x.port === gone));
  for (let i = 0; i < 4; i++) t.is(await ask(nodePort), 'pod-b', 'the backend that refuses is passed over for the next');
});

test('a Service without ready endpoints refuses connections; a deleted Service closes its listener', async (t) => {
  const { w, nodePort, proxy, endpoints } = await setup(t);
  await endpoints([]);
  await eventually(() => proxy.current(), (rules) => rules.length === 1);
  t.is(await ask(nodePort), 'ECONNRESET');
  await w.send('DeleteService', { namespace: 'default', name: 'web' });
  await eventually(() => proxy.current(), (rules) => rules.length === 0);
  t.is(await ask(nodePort), 'ECONNREFUSED');
});
