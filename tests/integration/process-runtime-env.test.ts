import test from 'ava';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSource, containerBecomes, nodeContainer, podBecomes, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

// Writes its environment to env.json in its working directory, then stays up.
const DUMP_ENV = "require('fs').writeFileSync('env.json', JSON.stringify(process.env)); setInterval(() => {}, 1000)";
const readJson = (path: string) => eventually(() => (existsSync(path) ? readFileSync(path, 'utf8') : ''), (text) => text.endsWith('}')).then((text) => JSON.parse(text) as Record<string, string>);

test('a container gets its spec env, ConfigMap and Secret keys, pod fields, host ports and $(VAR) references', async (t) => {
  const config = configSource({ 'shop/settings': { mode: 'fast' } }, { 'shop/creds': { password: new TextEncoder().encode('s3cret') } });
  const { runtime, root } = await processRuntime(t, { config: config.source });
  const container = nodeContainer('app', DUMP_ENV, {
    ports: [{ name: 'http-alt', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
    env: [
      { name: 'GREETING', value: 'hello' },
      { name: 'URL', value: 'http://$(POD_IP):$(PORT)/$(GREETING) $$(GREETING)' },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
      { name: 'MISSING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'absent', optional: true } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ],
  });
  await runtime.start('shop.web', podView('web', [container], {}, 'shop'));
  const env = await readJson(join(root, 'pods/shop.web/app/env.json'));
  const status = runtime.status('shop.web')!;
  const [http, metrics] = status.hostPorts!;
  t.like(http, { container: 'app', name: 'http-alt', containerPort: 8080, protocol: 'TCP' });
  t.like(metrics, { container: 'app', name: 'metrics', containerPort: 9090 });
  t.not(http.hostPort, metrics.hostPort);
  t.like(env, {
    GREETING: 'hello', MODE: 'fast', PASSWORD: 's3cret', POD_NAME: 'web', POD_NAMESPACE: 'shop', NODE: 'n1',
    PORT: String(http.hostPort), KES_PORT_HTTP_ALT: String(http.hostPort), KES_PORT_METRICS: String(metrics.hostPort),
    HOSTNAME: 'web',
  });
  t.false('MISSING' in env, 'an optional key that is missing sets nothing');
  t.is(env.URL, `http://$(POD_IP):${http.hostPort}/hello $(GREETING)`, 'references to undefined variables stay as written');
  t.is(status.podIP, '127.0.0.1');
  t.like(status, { phase: 'Running' });
});

test('a missing ConfigMap key holds the container in CreateContainerConfigError until the key appears', async (t) => {
  const config = configSource({ 'default/settings': { other: 'x' } });
  const { runtime, root } = await processRuntime(t, { config: config.source });
  const container = nodeContainer('app', DUMP_ENV, { env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }] });
  await runtime.start('default.cfg', podView('cfg', [container]));
  const waiting = await containerBecomes(runtime, 'default.cfg', 'app', (s) => 'waiting' in s.state && s.state.waiting.reason === 'CreateContainerConfigError');
  t.deepEqual(waiting.state, { waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key mode in ConfigMap default/settings" } });
  t.is(runtime.status('default.cfg')!.phase, 'Pending');
  config.configMaps['default/settings'] = { mode: 'slow' };
  await containerBecomes(runtime, 'default.cfg', 'app', (s) => 'running' in s.state);
  t.is((await readJson(join(root, 'pods/default.cfg/app/env.json'))).MODE, 'slow');
});

test('a missing Secret names the secret in the config error', async (t) => {
  const { runtime } = await processRuntime(t);
  const container = nodeContainer('app', DUMP_ENV, { env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }] });
  await runtime.start('default.sec', podView('sec', [container]));
  const status = await containerBecomes(runtime, 'default.sec', 'app', (s) => 'waiting' in s.state && s.state.waiting.reason === 'CreateContainerConfigError');
  t.deepEqual(status.state, { waiting: { reason: 'CreateContainerConfigError', message: 'secret "api" not found' } });
});

test('volumes are files and directories, mounted as symlinks under the working directory, and removed with the pod except hostPath contents', async (t) => {
  const config = configSource({ 'default/site': { 'index.html': '<h1>hi</h1>' } }, { 'default/tls': { 'tls.key': 'KEY' } });
  const { runtime, root } = await processRuntime(t, { config: config.source });
  const host = tempDir('kes-host-path-');
  t.teardown(host.remove);
  writeFileSync(join(host.path, 'kept.txt'), 'kept');
  const script = [
    "const fs = require('fs');",
    "fs.writeFileSync('out.json', JSON.stringify({ html: fs.readFileSync('usr/share/html/index.html', 'utf8'), key: fs.readFileSync('etc/tls/tls.key', 'utf8'),",
    "  kept: fs.readFileSync('host/kept.txt', 'utf8'), cache: process.env.KES_VOLUME_CACHE }));",
    "fs.writeFileSync('scratch/made.txt', 'x'); fs.writeFileSync('host/written.txt', 'y');",
    'setInterval(() => {}, 1000);',
  ].join('\n');
  const container = nodeContainer('app', script, {
    volumeMounts: [
      { name: 'site', mountPath: '/usr/share/html' },
      { name: 'tls', mountPath: '/etc/tls', readOnly: true },
      { name: 'cache', mountPath: '/scratch' },
      { name: 'host', mountPath: '/host' },
    ],
  });
  const volumes = [
    { name: 'site', configMap: { name: 'site' } },
    { name: 'tls', secret: { secretName: 'tls' } },
    { name: 'cache', emptyDir: {} },
    { name: 'host', hostPath: { path: host.path } },
  ];
  await runtime.start('default.vol', podView('vol', [container], { volumes }));
  const cwd = join(root, 'pods/default.vol/app');
  const out = await readJson(join(cwd, 'out.json'));
  t.like(out, { html: '<h1>hi</h1>', key: 'KEY', kept: 'kept' });
  t.true(lstatSync(join(cwd, 'usr/share/html')).isSymbolicLink());
  t.is(statSync(join(cwd, 'etc/tls/tls.key')).mode & 0o777, 0o600, 'secret files are 0600');
  t.true(out.cache.startsWith(join(root, 'pods/default.vol')) && existsSync(join(out.cache, 'made.txt')));
  await runtime.stop('default.vol', 0);
  await podBecomes(runtime, 'default.vol', (s) => s.stopped);
  await runtime.remove('default.vol');
  t.false(existsSync(join(root, 'pods/default.vol')));
  t.is(readFileSync(join(host.path, 'kept.txt'), 'utf8'), 'kept');
  t.is(readFileSync(join(host.path, 'written.txt'), 'utf8'), 'y');
  t.is(runtime.status('default.vol'), undefined);
});

test('a missing ConfigMap volume keeps the pod in ContainerCreating with the mount failure', async (t) => {
  const { runtime } = await processRuntime(t);
  const container = nodeContainer('app', DUMP_ENV, { volumeMounts: [{ name: 'conf', mountPath: '/conf' }] });
  await runtime.start('default.mnt', podView('mnt', [container], { volumes: [{ name: 'conf', configMap: { name: 'absent' } }] }));
  const status = await containerBecomes(runtime, 'default.mnt', 'app', (s) => 'waiting' in s.state && s.state.waiting.message !== undefined);
  t.deepEqual(status.state, { waiting: { reason: 'ContainerCreating', message: 'MountVolume.SetUp failed for volume "conf" : configmap "absent" not found' } });
});

test('a container without a command is told it cannot be run; a command that does not exist is a StartError', async (t) => {
  const { runtime } = await processRuntime(t);
  const imageOnly = { ...nodeContainer('img', ''), command: undefined, image: 'nginx:1.27' };
  const missing = { ...nodeContainer('bin', ''), command: ['/nonexistent/server'] };
  await runtime.start('default.bad', podView('bad', [imageOnly, missing]));
  const img = await containerBecomes(runtime, 'default.bad', 'img', (s) => 'waiting' in s.state && s.state.waiting.reason === 'RunContainerError');
  t.deepEqual(img.state, { waiting: { reason: 'RunContainerError', message: 'container img has no command; the process runtime runs command + args, it cannot pull image nginx:1.27' } });
  const bin = await containerBecomes(runtime, 'default.bad', 'bin', (s) => s.lastState?.terminated.reason === 'StartError');
  t.is(bin.lastState!.terminated.exitCode, 128);
  t.regex(bin.lastState!.terminated.message!, /\/nonexistent\/server.*executable file not found/);
  t.is(runtime.status('default.bad')!.phase, 'Pending');
});

test('the working directory is the container’s own, next to its pid file and log', async (t) => {
  const { runtime, root } = await processRuntime(t);
  mkdirSync(root, { recursive: true });
  await runtime.start('default.cwd', podView('cwd', [nodeContainer('app', "console.log(process.cwd()); setInterval(() => {}, 1000)")]));
  const dir = join(root, 'pods/default.cwd/app');
  await eventually(() => (existsSync(join(dir, '0.log')) ? readFileSync(join(dir, '0.log'), 'utf8') : ''), (text) => text.includes('\n'));
  // The log holds CRI records (time, stream, F, content), as a container runtime writes them for the kubelet.
  t.regex(readFileSync(join(dir, '0.log'), 'utf8').trim(), new RegExp(`^\\S+Z stdout F ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  t.true(existsSync(join(dir, 'pid')));
});
