import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, configSource, containerBecomes, nodeContainer, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

const readJson = (path: string) =>
  eventually(() => (existsSync(path) ? readFileSync(path, 'utf8') : ''), (text) => text.endsWith('}')).then((text) => JSON.parse(text) as Record<string, string>);

test('envFrom gives every key of a ConfigMap and a Secret, after the prefix; env wins; an optional missing source gives nothing', async (t) => {
  const config = configSource({ 'default/settings': { mode: 'fast', 'not a name': 'x' } }, { 'default/creds': { user: 'admin' } });
  const { runtime, root } = await processRuntime(t, { config: config.source });
  const dump = "require('fs').writeFileSync('env.json', JSON.stringify(process.env)); setInterval(() => {}, 1000)";
  const container = nodeContainer('app', dump, {
    envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }, { secretRef: { name: 'creds' } }, { configMapRef: { name: 'absent', optional: true } }],
    env: [{ name: 'user', value: 'overridden' }, { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Ki' } } }],
  });
  await runtime.start('default.web', podView('web', [container]));
  const env = await readJson(join(root, 'pods/default.web/app/env.json'));
  t.like(env, { APP_mode: 'fast', user: 'overridden', MEM: '1024' });
  t.false('APP_not a name' in env, 'a key that makes no variable name is skipped');
});

test('a missing envFrom source that is not optional holds the container in CreateContainerConfigError', async (t) => {
  const { runtime } = await processRuntime(t, { config: configSource().source });
  const container = nodeContainer('app', 'setInterval(() => {}, 1000)', { envFrom: [{ secretRef: { name: 'creds' } }] });
  await runtime.start('default.web', podView('web', [container]));
  const status = await containerBecomes(runtime, 'default.web', 'app', (s) => 'waiting' in s.state && s.state.waiting.reason === 'CreateContainerConfigError');
  t.like(status.state, { waiting: { message: 'secret "creds" not found' } });
});

test('workingDir is where the process starts', async (t) => {
  const { runtime } = await processRuntime(t, { config: configSource().source });
  const { path: dir, remove } = tempDir();
  t.teardown(remove);
  const container = nodeContainer('app', "console.log('cwd=' + process.cwd()); setInterval(() => {}, 1000)", { workingDir: dir });
  await runtime.start('default.web', podView('web', [container]));
  await containerBecomes(runtime, 'default.web', 'app', (s) => 'running' in s.state);
  const logs = await eventually(() => collect(runtime.logs('default.web', 'app')).catch(() => ''), (text) => text.includes('cwd='));
  t.true(logs.includes(`cwd=${dir}`), logs);
});

test('securityContext runAsUser and runAsGroup: the process runs as that user and group (kes runs as root here)', async (t) => {
  if (process.getuid?.() !== 0) return t.pass('only root may run a process as another user');
  const { runtime } = await processRuntime(t, { config: configSource().source });
  const container = { ...nodeContainer('app', ''), command: ['sh', '-c', 'echo "uid=$(id -u) gid=$(id -g) pwd=$(pwd)"; sleep 60'], securityContext: { runAsUser: 1234, runAsGroup: 2345 } };
  await runtime.start('default.web', podView('web', [container]));
  await containerBecomes(runtime, 'default.web', 'app', (s) => 'running' in s.state);
  const logs = await eventually(() => collect(runtime.logs('default.web', 'app')).catch(() => ''), (text) => text.includes('uid='));
  t.true(logs.includes('uid=1234 gid=2345 pwd=/'), logs);
});
