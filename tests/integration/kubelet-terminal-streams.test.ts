import test, { type ExecutionContext } from 'ava';
import { createServer } from 'node:http';
import { WebSocket } from 'ws';
import { terminalSizeOf } from '../../infrastructure/kubelet/channel-session.js';
import { KubeletStreaming } from '../../infrastructure/kubelet/kubelet-streaming.js';
import type { ProcessRuntime } from '../../infrastructure/runtime/process/process-runtime.js';
import { alive, containerBecomes, loggedSoFar, nodeContainer, pidOf, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';

/*
 * The kubelet's exec and attach with a terminal, through a raw v5.channel.k8s.io client: each message is one
 * channel byte and its data, in the order sent, so a resize and then a line of stdin reach the process in that order.
 */

const STDIN = 0;
const RESIZE = 4;

/** The kubelet's streaming endpoints over the runtime on a loopback port, closed at teardown. */
async function kubeletStreams(t: ExecutionContext, runtime: ProcessRuntime): Promise<string> {
  const streaming = new KubeletStreaming();
  const server = createServer();
  server.on('upgrade', (request, socket, head) => streaming.upgrade(request, socket, head, runtime));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    streaming.close();
    server.close();
  });
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** A v5 client: what came on each channel, and what to send on which. */
async function channelClient(t: ExecutionContext, url: string) {
  const ws = new WebSocket(url, ['v5.channel.k8s.io']);
  t.teardown(() => ws.terminate());
  const received: Record<number, string> = { 1: '', 2: '', 3: '' };
  ws.on('message', (data: Buffer) => (received[data[0]] = (received[data[0]] ?? '') + data.subarray(1).toString()));
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const send = (channel: number, data: string) => ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
  return {
    stdout: () => received[1],
    stderr: () => received[2],
    status: () => received[3],
    type: (text: string) => send(STDIN, text),
    resize: (cols: number, rows: number) => send(RESIZE, JSON.stringify({ Width: cols, Height: rows })),
    terminate: () => ws.terminate(),
    closed,
  };
}

const execUrl = (base: string, pod: string, command: readonly string[], query = 'stdin=true&stdout=true&tty=true') =>
  `${base}/exec/default/${pod}/app?${command.map((word) => `command=${encodeURIComponent(word)}`).join('&')}&${query}`;

async function sleeperPod(t: ExecutionContext) {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.box', podView('box', [nodeContainer('app', '', { command: ['sleep', '3600'] })]));
  await containerBecomes(runtime, 'default.box', 'app', (s) => 'running' in s.state);
  return { runtime, base: await kubeletStreams(t, runtime) };
}

test('a resize message reads as kubectl marshals TerminalSize; anything else is no size', (t) => {
  t.deepEqual(terminalSizeOf(Buffer.from('{"Width":91,"Height":37}')), { cols: 91, rows: 37 });
  t.is(terminalSizeOf(Buffer.from('{"Width":0,"Height":37}')), undefined);
  t.is(terminalSizeOf(Buffer.from('{"Width":"wide","Height":37}')), undefined);
  t.is(terminalSizeOf(Buffer.from('not json')), undefined);
});

test('exec with tty starts the command in a terminal of the first size sent, resizes it, sends all its output on stdout and its exit code on the status channel', async (t) => {
  const { base } = await sleeperPod(t);
  const script = 'tty; stty size; echo "TERM=$TERM"; echo to-stderr >&2; while read line; do [ "$line" = quit ] && exit 7; stty size; done';
  const client = await channelClient(t, execUrl(base, 'box', ['sh', '-c', script]));
  client.resize(91, 37);
  await eventually(client.stdout, (out) => out.includes('to-stderr\r\n'));
  t.regex(client.stdout(), /^\/dev\/pts\/\d+\r\n37 91\r\nTERM=xterm\r\nto-stderr\r\n/, 'the size is the terminal\'s before the command first reads it');
  t.is(client.stderr(), '', 'a terminal has one output, carried on stdout');

  client.resize(120, 50);
  client.type('\n');
  await eventually(client.stdout, (out) => out.includes('50 120\r\n'));
  client.type('quit\n');
  await client.closed;
  const status = JSON.parse(client.status()) as { reason: string; details: { causes: { message: string }[] } };
  t.is(status.reason, 'NonZeroExitCode');
  t.is(status.details.causes[0].message, '7');
});

test('exec with tty and no size from the client starts at 80x24; a client that goes away kills what runs in the terminal', async (t) => {
  const { base } = await sleeperPod(t);
  const unsized = await channelClient(t, execUrl(base, 'box', ['stty', 'size']));
  await unsized.closed;
  t.is(unsized.stdout(), '24 80\r\n');
  t.regex(unsized.status(), /"status":"Success"/);

  const client = await channelClient(t, execUrl(base, 'box', ['sh', '-c', 'echo "pid=$$"; sleep 3600 & echo "child=$!"; wait']));
  client.resize(80, 24);
  const out = await eventually(client.stdout, (text) => /child=\d+\r\n/.test(text));
  const pids = [/pid=(\d+)/, /child=(\d+)/].map((pattern) => Number(pattern.exec(out)![1]));
  t.true(pids.every(alive));
  client.terminate();
  await eventually(() => pids.filter(alive), (left) => left.length === 0);
  t.pass('the shell and its child are gone');
});

test('a container with tty: true runs in a terminal: attach types at it and resizes it, and its log holds what the terminal showed', async (t) => {
  const { runtime, root } = await processRuntime(t);
  const script = 'tty; while read line; do echo "said:$line"; stty size; done';
  const container = { ...nodeContainer('app', '', { command: ['sh', '-c', script] }), stdin: true, tty: true };
  await runtime.start('default.console', podView('console', [container]));
  await containerBecomes(runtime, 'default.console', 'app', (s) => 'running' in s.state);
  const base = await kubeletStreams(t, runtime);

  const client = await channelClient(t, `${base}/attach/default/console/app?stdin=true&stdout=true&tty=true`);
  client.resize(77, 33);
  client.type('hello\n');
  await eventually(client.stdout, (out) => out.includes('said:hello\r\n33 77\r\n'));
  client.resize(100, 40);
  client.type('again\n');
  await eventually(client.stdout, (out) => out.includes('said:again\r\n40 100\r\n'));
  client.terminate();
  await client.closed;

  const log = await eventually(() => loggedSoFar(runtime, 'default.console', 'app'), (text) => text.includes('40 100'));
  t.regex(log, /^\/dev\/pts\/\d+\r$/m, 'the container\'s process started in a terminal');
  t.regex(log, /^said:hello\r$/m);
  t.true('running' in runtime.status('default.console')!.containerStatuses[0].state, 'detaching leaves it running');

  const pid = pidOf(root, 'default.console', 'app')!;
  t.true(alive(pid));
  await runtime.remove('default.console');
  t.false(alive(pid), 'removing the pod ends the process in the terminal');
});

test('exec with tty runs as the container\'s user and group, in its working directory and environment, as exec without one does', async (t) => {
  const { runtime } = await processRuntime(t);
  const asRoot = process.getuid?.() === 0;
  const container = nodeContainer('app', '', {
    command: ['sleep', '3600'],
    env: [{ name: 'GREETING', value: 'bonjour' }],
    ...(asRoot ? { securityContext: { runAsUser: 1234, runAsGroup: 2345 } } : {}),
  });
  await runtime.start('default.box', podView('box', [container]));
  await containerBecomes(runtime, 'default.box', 'app', (s) => 'running' in s.state);
  const base = await kubeletStreams(t, runtime);
  const command = ['sh', '-c', 'echo "uid=$(id -u) gid=$(id -g) pwd=$(pwd) greeting=$GREETING"'];

  const plain = await channelClient(t, execUrl(base, 'box', command, 'stdout=true&stderr=true'));
  const inTerminal = await channelClient(t, execUrl(base, 'box', command));
  inTerminal.resize(80, 24);
  await Promise.all([plain.closed, inTerminal.closed]);
  t.is(inTerminal.stdout(), plain.stdout().replace(/\n/g, '\r\n'));
  t.regex(plain.stdout(), asRoot ? /^uid=1234 gid=2345 pwd=\/ greeting=bonjour\n$/ : /greeting=bonjour\n$/);
});
