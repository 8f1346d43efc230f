import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Container } from '../../domain/pod/pod-spec.js';
import { collect, configSource, containerBecomes, loggedSoFar, nodeContainer, podBecomes, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';

/** A container running a shell script in its directory. */
const shell = (name: string, script: string, extra: Partial<Container> = {}): Container => ({ ...nodeContainer(name, ''), command: ['sh', '-c', script], ...extra });
const shared = { volumeMounts: [{ name: 'shared', mountPath: '/shared' }] };
const sharedVolume = { volumes: [{ name: 'shared', emptyDir: {} }] };

test('init containers run to completion one after another, in order, before the containers; the app reads what they wrote', async (t) => {
  const { runtime } = await processRuntime(t, { config: configSource({ 'default/settings': { GREETING: 'hello' } }).source });
  const first = shell('first', 'sleep 0.3; echo "one $GREETING" >> shared/order; echo first done', { ...shared, envFrom: [{ configMapRef: { name: 'settings' } }] });
  const second = shell('second', 'echo two >> shared/order', shared);
  const app = shell('app', 'echo app >> shared/order; cat shared/order; sleep 60', shared);
  await runtime.start('default.web', podView('web', [app], { initContainers: [first, second], ...sharedVolume }));

  const initializing = await podBecomes(runtime, 'default.web', (s) => s.initContainerStatuses?.[0] !== undefined && 'running' in s.initContainerStatuses[0].state);
  t.is(initializing.phase, 'Pending');
  t.like(initializing.containerStatuses[0], { state: { waiting: { reason: 'PodInitializing' } } });
  t.like(initializing.conditions[0], { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });

  const running = await podBecomes(runtime, 'default.web', (s) => s.phase === 'Running');
  t.deepEqual(running.initContainerStatuses?.map((s) => ('terminated' in s.state ? s.state.terminated.reason : 'not done')), ['Completed', 'Completed']);
  t.like(running.conditions[0], { type: 'Initialized', status: 'True' });
  const logs = await eventually(() => loggedSoFar(runtime, 'default.web', 'app'), (text) => text.includes('app'));
  t.is(logs, 'one hello\ntwo\napp\n');
  t.is(await collect(runtime.logs('default.web', 'first')), 'first done\n', 'an init container keeps its logs');
});

test('a failing init container is retried with back-off under restartPolicy Always; the containers wait', async (t) => {
  const { runtime } = await processRuntime(t);
  const failing = shell('setup', 'echo failing; exit 3');
  await runtime.start('default.web', podView('web', [shell('app', 'sleep 60')], { initContainers: [failing] }));
  const status = await podBecomes(runtime, 'default.web', (s) => (s.initContainerStatuses?.[0].restartCount ?? 0) >= 2);
  t.is(status.phase, 'Pending');
  t.like(status.containerStatuses[0], { restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } });
  t.like(status.initContainerStatuses?.[0], { lastState: { terminated: { exitCode: 3, reason: 'Error' } } });
});

test('a failing init container under restartPolicy Never fails the pod; the containers never run', async (t) => {
  const { runtime, root } = await processRuntime(t);
  const app = shell('app', 'touch ran; sleep 60');
  await runtime.start('default.web', podView('web', [app], { initContainers: [shell('setup', 'exit 1')], restartPolicy: 'Never' }));
  const status = await podBecomes(runtime, 'default.web', (s) => s.phase === 'Failed');
  t.like(status.initContainerStatuses?.[0], { restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } });
  t.like(status.containerStatuses[0], { state: { waiting: { reason: 'PodInitializing' } } });
  t.throws(() => readFileSync(join(root, 'pods/default.web/app/ran')));
});

test('postStart runs after the container starts; a failing postStart kills the container with a FailedPostStartHook warning', async (t) => {
  const { runtime, root } = await processRuntime(t);
  const good = shell('good', 'sleep 60', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo started-by-hook > hook.txt'] } } } });
  const bad = shell('bad', 'sleep 60', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo no way; exit 7'] } } } });
  await runtime.start('default.web', podView('web', [good, bad]));
  const text = await eventually(() => { try { return readFileSync(join(root, 'pods/default.web/good/hook.txt'), 'utf8'); } catch { return ''; } }, (s) => s !== '');
  t.is(text, 'started-by-hook\n');
  const status = await podBecomes(runtime, 'default.web', (s) => (s.containerStatuses.find((c) => c.name === 'bad')?.restartCount ?? 0) >= 1);
  t.is(status.warning?.reason, 'FailedPostStartHook');
  t.regex(status.warning?.message ?? '', /PostStart hook: Exec lifecycle hook \(\["sh","-c","echo no way; exit 7"\]\) for Container "bad" in Pod "web_default\(uid-web\)" failed - error: no way/);
  t.like(status.containerStatuses.find((c) => c.name === 'bad')?.lastState?.terminated, { message: status.warning?.message });
});

test('preStop runs before the stop signal, within the grace period', async (t) => {
  const { runtime } = await processRuntime(t);
  const trap = "trap 'if [ -f hooked ]; then echo preStop-ran-first; else echo signal-first; fi; exit 0' TERM; echo up; while true; do sleep 0.1; done";
  const app = shell('app', trap, { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'touch hooked'] } } } });
  await runtime.start('default.web', podView('web', [app], { terminationGracePeriodSeconds: 20 }));
  await eventually(() => loggedSoFar(runtime, 'default.web', 'app'), (text) => text.includes('up'));
  await runtime.stop('default.web', 20);
  await podBecomes(runtime, 'default.web', (s) => s.stopped);
  const logs = await collect(runtime.logs('default.web', 'app'));
  t.true(logs.includes('preStop-ran-first') && !logs.includes('signal-first'), logs);
});

test('activeDeadlineSeconds: a pod active longer is killed and Failed with DeadlineExceeded', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.web', podView('web', [shell('app', 'sleep 60')], { activeDeadlineSeconds: 1, terminationGracePeriodSeconds: 1 }));
  await containerBecomes(runtime, 'default.web', 'app', (s) => 'running' in s.state);
  const status = await podBecomes(runtime, 'default.web', (s) => s.phase === 'Failed' && s.stopped);
  t.like(status, { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
  t.true('terminated' in status.containerStatuses[0].state);
});

test('hostAliases are written to the pod hosts file, after its own entry; each container sees it as etc/hosts and KES_HOSTS_FILE', async (t) => {
  const { runtime, root } = await processRuntime(t);
  const app = shell('app', 'echo "file=$KES_HOSTS_FILE"; cat etc/hosts; sleep 60');
  const hostAliases = [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }];
  await runtime.start('default.web', podView('web', [app], { hostAliases }));
  const logs = await eventually(() => loggedSoFar(runtime, 'default.web', 'app'), (text) => text.includes('HostAliases'));
  t.true(logs.startsWith(`file=${join(root, 'pods/default.web/etc-hosts')}\n# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n`), logs);
  t.true(logs.includes('127.0.0.1\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n'), logs);
});

test('the pod securityContext runAsUser/runAsGroup applies to every container; a container own overrides it (kes runs as root here)', async (t) => {
  if (process.getuid?.() !== 0) return t.pass('only root may run a process as another user');
  const { runtime } = await processRuntime(t);
  const ids = 'echo "uid=$(id -u) gid=$(id -g)"; sleep 60';
  const containers = [shell('pods', ids), shell('own', ids, { securityContext: { runAsUser: 1500 } })];
  await runtime.start('default.web', podView('web', containers, { securityContext: { runAsUser: 1234, runAsGroup: 2345 }, initContainers: [shell('init', 'echo "uid=$(id -u)"')] }));
  const logsOf = (name: string) => eventually(() => loggedSoFar(runtime, 'default.web', name), (text) => text.includes('uid='));
  t.is(await logsOf('init'), 'uid=1234\n');
  t.is(await logsOf('pods'), 'uid=1234 gid=2345\n');
  t.is(await logsOf('own'), 'uid=1500 gid=2345\n');
});
