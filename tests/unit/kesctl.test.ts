import test, { type ExecutionContext } from 'ava';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { K8sEvent, K8sNode, Status } from '../../adapters/http/k8s/k8s-types.js';
import { nodeTable } from '../../adapters/http/k8s/node-table.js';
import { writeKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { tempDir } from '../support/tmp.js';

process.env.TZ = 'UTC';
const NOW = new Date('2024-05-01T12:00:00Z');
const TOKEN = 'secret-token';

type Recorded = { method: string; url: string; accept?: string; contentType?: string; body?: unknown };

function fixtureNode(name: string, extra: { labels?: Record<string, string>; taints?: K8sNode['spec']['taints']; unschedulable?: boolean } = {}): K8sNode {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: '17',
      creationTimestamp: '2024-05-01T11:54:48Z',
      labels: extra.labels ?? { 'kubernetes.io/hostname': name },
      annotations: { 'kes.io/joined-by': 'kesadm' },
    },
    spec: { ...(extra.taints ? { taints: extra.taints } : {}), ...(extra.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '3800m', memory: '7Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status',
          lastHeartbeatTime: '2024-05-01T11:59:50Z', lastTransitionTime: '2024-05-01T11:55:00Z',
        },
      ],
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: name }],
      nodeInfo: {
        osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'kes-process://0.1.0',
        kubeletVersion: 'v1.32.0-kes', operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  };
}

const EVENTS: K8sEvent[] = [
  {
    metadata: { name: 'node-1.1' }, involvedObject: { kind: 'Node', name: 'node-1' }, type: 'Normal', reason: 'NodeReady',
    message: 'Node node-1 status is now: NodeReady', source: { component: 'node-controller' },
    firstTimestamp: '2024-05-01T11:55:00Z', lastTimestamp: '2024-05-01T11:55:00Z', count: 1,
  },
  {
    metadata: { name: 'node-1.0' }, involvedObject: { kind: 'Node', name: 'node-1' }, type: 'Normal', reason: 'RegisteredNode',
    message: 'Node node-1 event: Registered Node node-1 in Controller', source: { component: 'kesadm' },
    firstTimestamp: '2024-05-01T11:54:48Z', lastTimestamp: '2024-05-01T11:54:50Z', count: 2,
  },
];

const HISTORY = [
  { position: 3, revision: 0, type: 'NodeRegistered', at: '2024-05-01T11:54:48.000Z', actor: 'system:node:node-1', commandId: 'c1', correlationId: 'c1', causationId: 'c1', summary: 'node-1 registered with 4 cpu, 8Gi memory', data: {} },
  { position: 9, revision: 1, type: 'NodeCordoned', at: '2024-05-01T11:58:00.000Z', actor: 'admin', commandId: 'c2', correlationId: 'c2', causationId: 'c2', summary: 'cordoned', data: {} },
];

function status(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** A throwaway API server holding a few nodes, answering as the kes API server does, recording every request. */
async function fakeApiServer(t: ExecutionContext, nodes: K8sNode[] = [fixtureNode('node-1', { labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), fixtureNode('worker-2')]) {
  const state = new Map(nodes.map((n) => [n.metadata.name, structuredClone(n)]));
  const requests: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: req.method!, url: req.url!, accept: req.headers.accept, contentType: req.headers['content-type'], body });
    answer(req, res, body);
  });
  function send(res: ServerResponse, code: number, value: unknown) {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  }
  function answer(req: IncomingMessage, res: ServerResponse, body: any) {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const url = new URL(req.url!, 'http://x');
    const wantsTable = req.headers.accept?.includes('as=Table') ?? false;
    const nodeName = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname)?.[1];
    if (url.pathname === '/api/v1/nodes' && req.method === 'GET') {
      const selector = url.searchParams.get('labelSelector');
      const [key, value] = selector ? selector.split('=') : [];
      const items = [...state.values()].filter((n) => !selector || n.metadata.labels?.[key] === value);
      return send(res, 200, wantsTable ? nodeTable(items, NOW, '40') : { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '40' }, items });
    }
    if (nodeName !== undefined) {
      const node = state.get(nodeName);
      if (!node) return send(res, 404, status(404, 'NotFound', `nodes "${nodeName}" not found`));
      if (req.method === 'GET') return send(res, 200, wantsTable ? nodeTable([node], NOW, '40') : node);
      if (req.method === 'DELETE') {
        state.delete(nodeName);
        return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: nodeName, kind: 'nodes' }, code: 200 });
      }
      if (req.method === 'PATCH') {
        if (body.metadata?.labels) {
          const labels = { ...node.metadata.labels };
          for (const [k, v] of Object.entries(body.metadata.labels)) {
            if (v === null) delete labels[k];
            else if (!/^[a-z0-9]/.test(k)) return send(res, 422, status(422, 'Invalid', `Node "${nodeName}" is invalid: metadata.labels: Invalid value: "${k}"`));
            else labels[k] = v as string;
          }
          node.metadata.labels = labels;
        }
        if (body.spec?.taints) node.spec.taints = body.spec.taints;
        if (body.spec && 'unschedulable' in body.spec) {
          if (body.spec.unschedulable) node.spec.unschedulable = true;
          else delete node.spec.unschedulable;
        }
        return send(res, 200, node);
      }
    }
    if (url.pathname === '/api/v1/events') {
      const name = /involvedObject\.name=([^,]+)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
      return send(res, 200, { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: EVENTS.filter((e) => e.involvedObject.name === name) });
    }
    const historyOf = /^\/kes\/v1\/history\/nodes\/([^/]+)$/.exec(url.pathname)?.[1];
    if (historyOf === 'node-1') return send(res, 200, { kind: 'EventHistory', items: HISTORY });
    if (historyOf) return send(res, 404, status(404, 'NotFound', `nodes "${historyOf}" not found`));
    send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  }
  const port = await freeLoopbackPort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    state,
    kesctl: (...args: string[]) => kesctl(['--server', url, '--token', TOKEN, ...args]),
  };
}

async function kesctl(args: string[], env: NodeJS.ProcessEnv = { HOME: '/nonexistent' }) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
  const code = await runKesctl(args, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env,
    now: () => NOW,
  });
  return { code, stdout, stderr };
}

test('get nodes asks for a Table and prints it as kubectl does', async (t) => {
  const api = await fakeApiServer(t);
  const result = await api.kesctl('get', 'nodes');
  t.is(result.code, 0);
  t.is(result.stderr, '');
  t.is(
    result.stdout,
    [
      'NAME       STATUS   ROLES           AGE     VERSION',
      'node-1     Ready    control-plane   5m12s   v1.32.0-kes',
      'worker-2   Ready    <none>          5m12s   v1.32.0-kes',
      '',
    ].join('\n'),
  );
  t.is(api.requests[0].url, '/api/v1/nodes');
  t.regex(api.requests[0].accept ?? '', /^application\/json;as=Table;v=v1;g=meta\.k8s\.io/);
});

test('get no NAME -o wide, --show-labels and -l', async (t) => {
  const api = await fakeApiServer(t);
  const wide = await api.kesctl('get', 'no', 'worker-2', '-o', 'wide');
  t.is(wide.code, 0);
  t.is(
    wide.stdout,
    [
      'NAME       STATUS   ROLES    AGE     VERSION       INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
      'worker-2   Ready    <none>   5m12s   v1.32.0-kes   10.0.0.1      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            kes-process://0.1.0',
      '',
    ].join('\n'),
  );
  const labels = await api.kesctl('get', 'node', '--show-labels', '-l', 'kubernetes.io/hostname=worker-2');
  t.is(labels.stdout.split('\n')[1], 'worker-2   Ready    <none>   5m12s   v1.32.0-kes   kubernetes.io/hostname=worker-2');
  t.is(api.requests.at(-1)!.url, '/api/v1/nodes?labelSelector=kubernetes.io%2Fhostname%3Dworker-2');
  const none = await api.kesctl('get', 'nodes', '-l', 'kubernetes.io/hostname=nope');
  t.deepEqual(none, { code: 0, stdout: '', stderr: 'No resources found\n' });
});

test('get -o yaml prints the Node; several nodes print as a List; -o json and -o name', async (t) => {
  const api = await fakeApiServer(t);
  const one = await api.kesctl('get', 'node', 'worker-2', '-o', 'yaml');
  t.is(one.code, 0);
  t.true(one.stdout.startsWith('apiVersion: v1\nkind: Node\nmetadata:\n  annotations:\n    kes.io/joined-by: kesadm\n'));
  t.regex(one.stdout, /\n  conditions:\n  - lastHeartbeatTime: "2024-05-01T11:59:50Z"\n/);
  t.regex(one.stdout, /\n    status: "True"\n/);
  t.is(api.requests[0].accept, 'application/json');
  const list = await api.kesctl('get', 'nodes', '-o', 'json');
  const parsed = JSON.parse(list.stdout);
  t.is(parsed.kind, 'List');
  t.deepEqual(parsed.items.map((n: K8sNode) => `${n.kind}/${n.metadata.name}`), ['Node/node-1', 'Node/worker-2']);
  t.true(list.stdout.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n'));
  const names = await api.kesctl('get', 'nodes', '-o', 'name');
  t.is(names.stdout, 'node/node-1\nnode/worker-2\n');
});

test('a missing node prints the server Status as kubectl does and exits 1', async (t) => {
  const api = await fakeApiServer(t);
  const result = await api.kesctl('get', 'node', 'ghost');
  t.deepEqual(result, { code: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "ghost" not found\n' });
  const some = await api.kesctl('get', 'nodes', 'worker-2', 'ghost');
  t.is(some.code, 1);
  t.regex(some.stdout, /^NAME +STATUS/);
  t.regex(some.stdout, /\nworker-2 +Ready/);
  t.is(some.stderr, 'Error from server (NotFound): nodes "ghost" not found\n');
  t.is((await api.kesctl('describe', 'node', 'ghost')).stderr, 'Error from server (NotFound): nodes "ghost" not found\n');
});

test('describe node is laid out as kubectl describe node, events included', async (t) => {
  const api = await fakeApiServer(t);
  const result = await api.kesctl('describe', 'node', 'node-1');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    [
      'Name:               node-1',
      'Roles:              control-plane',
      'Labels:             kubernetes.io/hostname=node-1',
      '                    node-role.kubernetes.io/control-plane=',
      'Annotations:        kes.io/joined-by: kesadm',
      'CreationTimestamp:  Wed, 01 May 2024 11:54:48 +0000',
      'Taints:             node-role.kubernetes.io/control-plane:NoSchedule',
      'Unschedulable:      false',
      'Conditions:',
      '  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message',
      '  ----    ------  -----------------                 ------------------                ------         -------',
      '  Ready   True    Wed, 01 May 2024 11:59:50 +0000   Wed, 01 May 2024 11:55:00 +0000   KubeletReady   kubelet is posting ready status',
      'Addresses:',
      '  InternalIP:  10.0.0.1',
      '  Hostname:    node-1',
      'Capacity:',
      '  cpu:     4',
      '  memory:  8Gi',
      '  pods:    110',
      'Allocatable:',
      '  cpu:     3800m',
      '  memory:  7Gi',
      '  pods:    110',
      'System Info:',
      '  Machine ID:                 ',
      '  System UUID:                ',
      '  Boot ID:                    ',
      '  Kernel Version:             6.1.0',
      '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
      '  Operating System:           linux',
      '  Architecture:               amd64',
      '  Container Runtime Version:  kes-process://0.1.0',
      '  Kubelet Version:            v1.32.0-kes',
      '  Kube-Proxy Version:         ',
      'Events:',
      '  Type    Reason          Age                    From             Message',
      '  ----    ------          ----                   ----             -------',
      '  Normal  RegisteredNode  5m10s (x2 over 5m12s)  kesadm           Node node-1 event: Registered Node node-1 in Controller',
      '  Normal  NodeReady       5m                     node-controller  Node node-1 status is now: NodeReady',
      '',
    ].join('\n'),
  );
  const events = api.requests.find((r) => r.url.startsWith('/api/v1/events'))!;
  t.is(decodeURIComponent(events.url), '/api/v1/events?fieldSelector=involvedObject.kind=Node,involvedObject.name=node-1');
  const quiet = await api.kesctl('describe', 'node', 'worker-2');
  t.regex(quiet.stdout, /\nTaints:             <none>\n/);
  t.regex(quiet.stdout, /\nEvents:                       <none>\n$/);
});

test('delete node prints node "N" deleted for each, and reports the missing ones', async (t) => {
  const api = await fakeApiServer(t);
  const result = await api.kesctl('delete', 'node', 'worker-2', 'ghost');
  t.deepEqual(result, { code: 1, stdout: 'node "worker-2" deleted\n', stderr: 'Error from server (NotFound): nodes "ghost" not found\n' });
  t.false(api.state.has('worker-2'));
  t.deepEqual(api.requests[0], { method: 'DELETE', url: '/api/v1/nodes/worker-2', accept: 'application/json', contentType: 'application/json', body: { propagationPolicy: 'Background' } });
});

test('label sends a merge patch with only the changes; an existing key needs --overwrite', async (t) => {
  const api = await fakeApiServer(t);
  const added = await api.kesctl('label', 'nodes', 'worker-2', 'disk=ssd', 'kubernetes.io/hostname-');
  t.deepEqual(added, { code: 0, stdout: 'node/worker-2 labeled\n', stderr: '' });
  const patch = api.requests.find((r) => r.method === 'PATCH')!;
  t.is(patch.contentType, 'application/merge-patch+json');
  t.deepEqual(patch.body, { metadata: { labels: { disk: 'ssd', 'kubernetes.io/hostname': null } } });
  t.deepEqual(api.state.get('worker-2')!.metadata.labels, { disk: 'ssd' });

  const refused = await api.kesctl('label', 'node/worker-2', 'disk=hdd');
  t.deepEqual(refused, { code: 1, stdout: '', stderr: "error: 'disk' already has a value (ssd), and --overwrite is false\n" });
  const overwritten = await api.kesctl('label', 'nodes', 'worker-2', 'disk=hdd', '--overwrite');
  t.is(overwritten.stdout, 'node/worker-2 labeled\n');
  t.is(api.state.get('worker-2')!.metadata.labels!.disk, 'hdd');
  t.is((await api.kesctl('label', 'nodes', 'worker-2', 'disk=hdd')).stdout, 'node/worker-2 not labeled\n');
});

test('label errors: a bad value is refused before any request; the server names a bad key', async (t) => {
  const api = await fakeApiServer(t);
  const bad = await api.kesctl('label', 'nodes', 'worker-2', 'disk=no spaces');
  t.is(bad.code, 1);
  t.regex(bad.stderr, /^error: invalid label value: "disk=no spaces": value "no spaces" must be/);
  t.is(api.requests.length, 0);
  const invalid = await api.kesctl('label', 'nodes', 'worker-2', '_x=1');
  t.is(invalid.code, 1);
  t.is(invalid.stderr, 'Error from server (Invalid): Node "worker-2" is invalid: metadata.labels: Invalid value: "_x"\n');
});

test('taint computes the whole new list and sends it as a strategic merge patch', async (t) => {
  const api = await fakeApiServer(t);
  const tainted = await api.kesctl('taint', 'nodes', 'worker-2', 'dedicated=gpu:NoSchedule', 'spot:PreferNoSchedule');
  t.deepEqual(tainted, { code: 0, stdout: 'node/worker-2 tainted\n', stderr: '' });
  const patch = api.requests.find((r) => r.method === 'PATCH')!;
  t.is(patch.contentType, 'application/strategic-merge-patch+json');
  t.deepEqual(patch.body, { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }] } });

  const clash = await api.kesctl('taint', 'nodes', 'worker-2', 'dedicated=cpu:NoSchedule');
  t.deepEqual(clash, { code: 1, stdout: '', stderr: 'error: node worker-2 already has dedicated taint(s) with same effect(s) and --overwrite is false\n' });

  const untainted = await api.kesctl('taint', 'nodes', 'worker-2', 'dedicated:NoSchedule-');
  t.is(untainted.stdout, 'node/worker-2 untainted\n');
  t.deepEqual(api.state.get('worker-2')!.spec.taints, [{ key: 'spot', effect: 'PreferNoSchedule' }]);
  t.is((await api.kesctl('taint', 'nodes', 'worker-2', 'spot-')).stdout, 'node/worker-2 untainted\n');
  t.deepEqual(api.state.get('worker-2')!.spec.taints, []);
  const gone = await api.kesctl('taint', 'nodes', 'worker-2', 'spot-');
  t.deepEqual(gone, { code: 1, stdout: '', stderr: 'error: taint "spot" not found\n' });
});

test('an invalid taint spec is an error before any request is sent', async (t) => {
  const api = await fakeApiServer(t);
  const cases: [string, RegExp][] = [
    ['dedicated=gpu', /^error: invalid taint spec: dedicated=gpu, an effect is required/],
    ['dedicated=gpu:Sometimes', /^error: invalid taint spec: dedicated=gpu:Sometimes, unsupported taint effect "Sometimes": must be one of NoSchedule, PreferNoSchedule, NoExecute\n$/],
    ['a:b:NoSchedule', /^error: invalid taint spec: a:b:NoSchedule\n$/],
    ['bad key!:NoSchedule', /^error: invalid taint spec: bad key!:NoSchedule, name part "bad key!" must be/],
    ['k=bad value:NoExecute', /^error: invalid taint spec: k=bad value:NoExecute, value "bad value" must be/],
  ];
  for (const [spec, expected] of cases) {
    const result = await api.kesctl('taint', 'nodes', 'worker-2', spec);
    t.is(result.code, 1, spec);
    t.regex(result.stderr, expected);
  }
  t.deepEqual(api.requests, []);
});

test('cordon and uncordon patch spec.unschedulable, and say when there is nothing to do', async (t) => {
  const api = await fakeApiServer(t);
  t.deepEqual(await api.kesctl('cordon', 'worker-2'), { code: 0, stdout: 'node/worker-2 cordoned\n', stderr: '' });
  const patch = api.requests.find((r) => r.method === 'PATCH')!;
  t.is(patch.contentType, 'application/strategic-merge-patch+json');
  t.deepEqual(patch.body, { spec: { unschedulable: true } });
  t.is((await api.kesctl('get', 'node', 'worker-2')).stdout.split('\n')[1], 'worker-2   Ready,SchedulingDisabled   <none>   5m12s   v1.32.0-kes');
  t.is((await api.kesctl('cordon', 'worker-2')).stdout, 'node/worker-2 already cordoned\n');
  t.is((await api.kesctl('uncordon', 'worker-2')).stdout, 'node/worker-2 uncordoned\n');
  t.deepEqual(api.requests.filter((r) => r.method === 'PATCH').at(-1)!.body, { spec: { unschedulable: null } });
  t.is((await api.kesctl('uncordon', 'worker-2')).stdout, 'node/worker-2 already uncordoned\n');
  t.is((await api.kesctl('cordon', 'ghost')).stderr, 'Error from server (NotFound): nodes "ghost" not found\n');
});

test('history prints who did what and when; -o json prints the entries', async (t) => {
  const api = await fakeApiServer(t);
  const table = await api.kesctl('history', 'node/node-1');
  t.is(table.code, 0);
  t.is(
    table.stdout,
    [
      'POSITION   TIME                       TYPE             ACTOR                SUMMARY',
      '3          2024-05-01T11:54:48.000Z   NodeRegistered   system:node:node-1   node-1 registered with 4 cpu, 8Gi memory',
      '9          2024-05-01T11:58:00.000Z   NodeCordoned     admin                cordoned',
      '',
    ].join('\n'),
  );
  t.is(api.requests[0].url, '/kes/v1/history/nodes/node-1');
  const json = await api.kesctl('history', 'node/node-1', '-o', 'json');
  t.deepEqual(JSON.parse(json.stdout), HISTORY);
  t.is((await api.kesctl('history', 'node/ghost')).stderr, 'Error from server (NotFound): nodes "ghost" not found\n');
});

test('the kubeconfig supplies server and token; flags override it', async (t) => {
  const api = await fakeApiServer(t);
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'admin.kubeconfig');
  writeKubeconfig(path, { server: api.url, token: TOKEN, clusterName: 'kes', userName: 'admin' });
  const viaEnv = await kesctl(['get', 'nodes', '-o', 'name'], { KUBECONFIG: path });
  t.deepEqual(viaEnv, { code: 0, stdout: 'node/node-1\nnode/worker-2\n', stderr: '' });
  const viaFlag = await kesctl(['--kubeconfig', path, 'get', 'nodes', '-o', 'name'], { HOME: dir.path });
  t.is(viaFlag.code, 0);
  const badToken = await kesctl(['--kubeconfig', path, '--token', 'wrong', 'get', 'nodes'], {});
  t.deepEqual(badToken, { code: 1, stdout: '', stderr: 'Error from server (Unauthorized): Unauthorized\n' });
});

test('client-side errors: one line on stderr, exit 1', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const noConfig = await kesctl(['get', 'nodes'], { HOME: dir.path });
  t.is(noConfig.code, 1);
  t.is(noConfig.stderr, `error: no kubeconfig at ${dir.path}/.kube/config: pass --kubeconfig FILE (or set KUBECONFIG), or --server URL and --token TOKEN\n`);
  const missing = await kesctl(['--kubeconfig', join(dir.path, 'gone'), 'get', 'nodes']);
  t.regex(missing.stderr, /^error: cannot read kubeconfig .*gone: ENOENT/);
  const port = await freeLoopbackPort();
  const refused = await kesctl(['--server', `http://127.0.0.1:${port}`, '--token', 'x', 'get', 'nodes']);
  t.deepEqual(refused, { code: 1, stdout: '', stderr: `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n` });
  const frobs = await kesctl(['--server', 'http://127.0.0.1:1', 'get', 'frobs']);
  t.deepEqual(frobs, { code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "frobs"\n' });
  const format = await kesctl(['--server', 'http://127.0.0.1:1', 'get', 'nodes', '-o', 'xml']);
  t.is(format.stderr, 'error: unknown output format "xml": use one of wide, yaml, json, name, jsonpath=TEMPLATE, custom-columns=SPEC\n');
  const unknown = await kesctl(['frobnicate']);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /unknown command 'frobnicate'/);
});
