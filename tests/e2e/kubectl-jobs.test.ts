import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { eventually, runCli, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/**
 * A Job as a kubectl user runs one, on a single-node cluster whose node runs pods as host processes (it pulls no
 * images: the command must exist on the host, so `sh -c 'echo hi'`).
 */
test.serial('kubectl create job runs its pod to completion: wait --for=condition=complete, logs job/…, get jobs, delete removes its pods', async (t) => {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, dir));
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'cluster');
  const master = startProcess('kesadm', ['init', '--single-node', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'solo', '--kubelet-port', '0']);
  started.push(master);
  await master.waitFor(/listening on https:/, 60_000);

  const env = { ...process.env, KUBECONFIG: join(dataDir, 'admin.kubeconfig'), HOME: dir.path };
  const kubectl = (...args: string[]) => {
    const r = spawnSync('kubectl', ['--cache-dir', join(dir.path, 'kcache'), ...args], { env, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const ok = (...args: string[]) => {
    const r = kubectl(...args);
    t.is(r.code, 0, `kubectl ${args.join(' ')}: ${r.err}`);
    return r.out;
  };
  await eventually(() => kubectl('get', 'node', 'solo'), (r) => r.code === 0 && /\bReady\b/.test(r.out), 60_000, 500);

  t.is(ok('create', 'job', 'hello', '--image=busybox', '--', 'sh', '-c', 'echo hi').trim(), 'job.batch/hello created');
  t.regex(ok('wait', '--for=condition=complete', 'job/hello', '--timeout=60s'), /job\.batch\/hello condition met/);
  t.is(ok('logs', 'job/hello'), 'hi\n');

  const table = ok('get', 'jobs');
  t.regex(table, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
  t.regex(table, /\nhello\s+Complete\s+1\/1\s+\S+\s+\S+\n/);
  const job = JSON.parse(ok('get', 'job', 'hello', '-o', 'json'));
  t.like(job.status, { succeeded: 1 });
  t.truthy(job.status.completionTime);
  const pods = ok('get', 'pods', '-l', 'job-name=hello', '-o', 'name').trim().split('\n');
  t.is(pods.length, 1);
  t.regex(pods[0], /^pod\/hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  t.regex(ok('explain', 'job.spec.backoffLimit'), /backoffLimit/);
  const described = ok('describe', 'job', 'hello');
  t.regex(described, /Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
  t.regex(described, /Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/);
  const kesctl = (...args: string[]) => runCli('kesctl', args, { KUBECONFIG: env.KUBECONFIG });
  const kesctlTable = kesctl('get', 'jobs');
  t.is(kesctlTable.code, 0, kesctlTable.stderr);
  t.regex(kesctlTable.stdout, /\nhello\s+Complete\s+1\/1\s/);
  const kesctlDescribe = kesctl('describe', 'job', 'hello');
  t.is(kesctlDescribe.code, 0, kesctlDescribe.stderr);
  t.regex(kesctlDescribe.stdout, /Completions:\s+1\n/);
  t.regex(kesctlDescribe.stdout, /Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
  t.regex(kesctl('history', 'job/hello').stdout, /complete/);

  const refused = kubectl('create', 'job', 'bad', '--image=busybox', '--dry-run=client', '-o', 'json');
  t.is(refused.code, 0);
  const always = JSON.parse(refused.out);
  always.spec.template.spec.restartPolicy = 'Always';
  const created = spawnSync('kubectl', ['--cache-dir', join(dir.path, 'kcache'), 'create', '-f', '-'], { env, encoding: 'utf8', input: JSON.stringify(always), timeout: 90_000 });
  t.not(created.status, 0);
  t.regex(created.stderr, /spec\.template\.spec\.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"/);

  t.regex(ok('delete', 'job', 'hello'), /job\.batch "hello" deleted/);
  await eventually(() => kubectl('get', 'pods', '-l', 'job-name=hello', '-o', 'name'), (r) => r.code === 0 && r.out.trim() === '', 60_000, 500);
  t.not(kubectl('get', 'job', 'hello').code, 0);
});
