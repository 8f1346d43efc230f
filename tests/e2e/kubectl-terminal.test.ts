import { spawn as spawnPty } from '@lydell/node-pty';
import test, { type ExecutionContext } from 'ava';
import { join } from 'node:path';
import { kubectlCluster } from '../support/kubectl-cluster.js';
import { alive } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';

/*
 * kubectl exec -it and attach -it from a real terminal: kubectl itself runs in a pseudo-terminal the test drives (as
 * a user's terminal would), so it puts its terminal in raw mode, sends its size and resizes, and the command in the
 * pod gets a terminal of its own on node "solo" (process runtime).
 */

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  nodeName: solo
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: console
spec:
  nodeName: solo
  containers:
  - name: app
    image: busybox
    stdin: true
    tty: true
    command: ["sh", "-c", "tty; while read line; do echo \\"said:$line\\"; stty size; done"]
`;

type Cluster = Awaited<ReturnType<typeof kubectlCluster>>;
type Size = Readonly<{ cols: number; rows: number }>;

/** kubectl in a terminal of `size` the test types at and resizes; killed by pid at teardown if still running. */
function kubectlInTerminal(t: ExecutionContext, cluster: Cluster, size: Size, ...args: string[]) {
  const env = { ...process.env, KUBECONFIG: join(cluster.dataDir, 'admin.kubeconfig'), HOME: cluster.dir.path, TERM: 'xterm' };
  const terminal = spawnPty('kubectl', ['--cache-dir', join(cluster.dir.path, 'kcache'), ...args], { ...size, cwd: cluster.dir.path, env });
  let output = '';
  terminal.onData((data) => (output += data));
  let running = true;
  const exited = new Promise<number>((resolve) =>
    terminal.onExit(({ exitCode }) => {
      running = false;
      resolve(exitCode);
    }),
  );
  t.teardown(() => {
    if (running) terminal.kill('SIGKILL');
    return exited;
  });
  return {
    output: () => output,
    type: (text: string) => terminal.write(text),
    resize: ({ cols, rows }: Size) => terminal.resize(cols, rows),
    kill: () => terminal.kill('SIGKILL'),
    exited,
  };
}

async function runningPods(cluster: Cluster): Promise<void> {
  cluster.ok(cluster.kubectl('apply', '-f', cluster.file('pods.yaml', PODS)));
  await eventually(() => cluster.kubectl('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}'), (r) => r.out === 'Running Running', 60_000);
}

/** Types Enter until the command's `stty size` shows `size` (a resize and a keystroke travel on separate channels). */
const untilSizeShown = (session: ReturnType<typeof kubectlInTerminal>, { cols, rows }: Size) =>
  eventually(() => (session.type('\r'), session.output()), (output) => output.includes(`${rows} ${cols}\r\n`), 30_000, 300);

test.serial('kubectl exec -it gets a terminal of its size, with TERM set; a resize reaches the command; its exit code reaches kubectl', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  await runningPods(cluster);

  const script = 'tty; stty size; echo "TERM=$TERM"; echo to-stderr >&2; while read line; do [ "$line" = quit ] && exit 7; stty size; done';
  const session = kubectlInTerminal(t, cluster, { cols: 91, rows: 37 }, 'exec', '-it', 'shell', '--', 'sh', '-c', script);
  const first = await eventually(() => session.output(), (output) => /TERM=\S+\r\n/.test(output), 60_000);
  t.regex(first, /^\/dev\/pts\/\d+\r$/m, 'the command\'s stdin is a terminal');
  t.regex(first, /^37 91\r$/m, 'of the size of kubectl\'s terminal, before the command first asks');
  t.regex(first, /^TERM=xterm\r$/m);
  t.regex(first, /^to-stderr\r$/m);

  session.resize({ cols: 120, rows: 50 });
  await untilSizeShown(session, { cols: 120, rows: 50 });
  t.pass('the command sees the new size');

  session.type('quit\r');
  t.is(await session.exited, 7, 'kubectl exits with the command\'s exit code');
});

test.serial('a client that goes away ends its terminal\'s process; exec -it into a missing container or of a missing command is refused', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  await runningPods(cluster);

  const session = kubectlInTerminal(t, cluster, { cols: 80, rows: 24 }, 'exec', '-it', 'shell', '--', 'sh', '-c', 'echo "pid=$$"; exec sleep 3600');
  const [, pid] = (await eventually(() => /pid=(\d+)\r\n/.exec(session.output()), (match) => match !== null, 60_000))!;
  t.true(alive(Number(pid)), 'the command runs');
  session.kill();
  await session.exited;
  await eventually(() => alive(Number(pid)), (alive) => !alive, 30_000);
  t.pass('the command in the terminal is gone once kubectl is');

  const missing = kubectlInTerminal(t, cluster, { cols: 80, rows: 24 }, 'exec', '-it', 'shell', '-c', 'db', '--', 'sh');
  t.is(await missing.exited, 1);
  t.regex(missing.output(), /Error from server \(BadRequest\): container db is not valid for pod shell/);

  const noCommand = kubectlInTerminal(t, cluster, { cols: 80, rows: 24 }, 'exec', '-it', 'shell', '--', 'no-such-command');
  t.not(await noCommand.exited, 0);
  t.regex(noCommand.output(), /exec: "no-such-command": executable file not found in \$PATH/);
});

test.serial('a container with tty: true runs in a terminal: kubectl attach -it types at it and resizes it, and its logs hold what it wrote; kubectl run -it gets one', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  const { kubectl, ok } = cluster;
  await runningPods(cluster);

  const session = kubectlInTerminal(t, cluster, { cols: 77, rows: 33 }, 'attach', '-it', 'console');
  await eventually(() => session.output(), (output) => output.includes('If you don\'t see a command prompt'), 60_000);
  session.type('hello\r');
  await eventually(() => session.output(), (output) => output.includes('said:hello\r\n'), 30_000);
  await untilSizeShown(session, { cols: 77, rows: 33 });
  session.resize({ cols: 100, rows: 40 });
  await untilSizeShown(session, { cols: 100, rows: 40 });
  t.pass('what is typed reaches the container\'s process, and its terminal takes kubectl\'s sizes');

  session.kill();
  await session.exited;
  const logs = ok(kubectl('logs', 'console'));
  t.regex(logs, /^\/dev\/pts\/\d+\r$/m, 'the container\'s own process started in a terminal');
  t.regex(logs, /^said:hello\r$/m, 'what the terminal showed is the container\'s log');
  t.is(ok(kubectl('get', 'pod', 'console', '-o', 'jsonpath={.status.phase}')), 'Running', 'detaching leaves the container running');

  const loop = 'while read line; do [ "$line" = quit ] && exit 5; stty size; done';
  const run = kubectlInTerminal(t, cluster, { cols: 66, rows: 22 }, 'run', '-it', '--rm', '--restart=Never', '--image=x', '--overrides={"spec":{"nodeName":"solo"}}', 'term', '--command', '--', 'sh', '-c', loop);
  await eventually(() => run.output(), (output) => output.includes('If you don\'t see a command prompt'), 60_000);
  await untilSizeShown(run, { cols: 66, rows: 22 });
  run.type('quit\r');
  t.is(await run.exited, 5, 'kubectl run -it exits with the container\'s exit code');
  t.is(ok(kubectl('get', 'pods', '-o', 'name')), 'pod/console\npod/shell\n', 'and deletes its pod');
});
