import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { spawnGuarded } from '../support/process-guard.js';
import { eventually, startProcess } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/** A stock kubectl against a single-node kes cluster, with the kubeconfig `kesadm init` wrote. */
test.serial('a stock kubectl reads and changes nodes through the admin kubeconfig', async (t) => {
  const dir = tempDir();
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'cluster');
  const master = startProcess('kesadm', ['init', '--single-node', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'solo']);
  t.teardown(async () => {
    await master.kill('SIGKILL');
    dir.remove();
  });
  await master.waitFor(/listening on https:/);
  const env = { ...process.env, KUBECONFIG: join(dataDir, 'admin.kubeconfig'), HOME: dir.path };
  const kubectl = (...args: string[]) => {
    const r = spawnSync('kubectl', ['--cache-dir', join(dir.path, 'kcache'), ...args], { env, encoding: 'utf8', timeout: 30_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  const get = kubectl('get', 'nodes');
  t.is(get.code, 0, get.err);
  t.regex(get.out, /NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
  t.regex(get.out, /solo\s+Ready\s+control-plane\s+\S+\s+v1\.32\.0-kes/);
  t.regex(kubectl('get', 'no', '-o', 'wide').out, /INTERNAL-IP.*OS-IMAGE.*KERNEL-VERSION.*CONTAINER-RUNTIME/);
  const json = JSON.parse(kubectl('get', 'node', 'solo', '-o', 'json').out);
  t.like(json, { kind: 'Node', metadata: { name: 'solo' } });
  t.falsy(json.spec.taints, '--single-node leaves the control plane untainted');

  t.regex(kubectl('label', 'node', 'solo', 'disk=ssd').out, /node\/solo labeled/);
  t.regex(kubectl('get', 'nodes', '-l', 'disk=ssd').out, /solo/);
  t.regex(kubectl('get', 'nodes', '-l', 'disk=hdd').err, /No resources found/);
  t.regex(kubectl('taint', 'nodes', 'solo', 'gpu=true:NoSchedule').out, /node\/solo tainted/);

  const watch = spawnGuarded('kubectl', ['--cache-dir', join(dir.path, 'kcache'), 'get', 'nodes', '-w'], { env });
  t.teardown(() => void watch.kill('SIGKILL'));
  let watched = '';
  watch.stdout.on('data', (chunk: Buffer) => (watched += chunk.toString()));
  await eventually(() => watched, (w) => /solo\s+Ready\s/.test(w));
  t.regex(kubectl('cordon', 'solo').out, /node\/solo cordoned/);
  await eventually(() => watched, (w) => /solo\s+Ready,SchedulingDisabled/.test(w), 10_000);
  watch.kill('SIGTERM');

  const describe = kubectl('describe', 'node', 'solo');
  t.is(describe.code, 0, describe.err);
  t.regex(describe.out, /Taints:\s+gpu=true:NoSchedule/);
  t.regex(describe.out, /Unschedulable:\s+true/);
  t.regex(describe.out, /disk=ssd/);
  t.regex(describe.out, /NodeCordoned/);
  t.regex(kubectl('uncordon', 'solo').out, /node\/solo uncordoned/);

  const missing = kubectl('get', 'node', 'nope');
  t.is(missing.code, 1);
  t.regex(missing.err, /Error from server \(NotFound\): nodes "nope" not found/);

  const deleted = kubectl('delete', 'node', 'solo');
  t.is(deleted.code, 0, deleted.err);
  t.regex(deleted.out, /node "solo" deleted/);
  t.regex(kubectl('get', 'nodes').err, /No resources found/);
});
