import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import type { TraceAnswer, TraceStepItem } from '../../adapters/cli/printers/trace-printer.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { readEventLog } from '../support/event-log.js';
import { runCli, startProcess, stopCluster } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import { runningPods, webDeploymentManifest } from '../support/web-deployment.js';

/**
 * `kesctl trace` on a real cluster: `kesadm init` (a tainted master running the scheduler and controllers) and two
 * simulated nodes from `kes simulate`, whose kubelets send their commands over HTTP, so a trace crosses that hop.
 */
test('kesctl trace deployment/NAME reaches every PodScheduled of its pods; a scale traces to ReplicaSetScaled, the new pods, their scheduling and their kubelets\' reports', async (t) => {
  const dir = tempDir();
  const started = [startProcess('kesadm', ['init', '--data-dir', join(dir.path, 'master'), '--api-port', String(await freeLoopbackPort()), '--node-name', 'master'])];
  t.teardown(() => stopCluster(started, dir));
  const [joinLine] = await started[0].waitFor(/kesadm join \S+ --token \S+.*/);
  await started[0].waitFor(/listening on/);
  const [server, ...joinArgs] = joinLine.trim().split(/\s+/).slice(2);
  const simulator = startProcess('kes', ['simulate', '--server', server, ...joinArgs, '--nodes', '2', '--name-prefix', 'sim-', '--start-latency', '100ms', '--heartbeat-interval', '1s']);
  started.push(simulator);
  await simulator.waitFor(/2 simulated nodes joined/);
  const kubeconfig = join(dir.path, 'master', 'admin.kubeconfig');
  const config = readKubeconfig(kubeconfig);
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());
  const ok = (...args: string[]) => {
    const result = runCli('kesctl', ['--kubeconfig', kubeconfig, ...args]);
    if (result.code !== 0) throw new Error(`kesctl ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  const running = (count: number) => runningPods(api, 'trace', count);
  const file = join(dir.path, 'web.yaml');
  writeFileSync(file, webDeploymentManifest('trace'));
  ok('apply', '-f', file);
  await running(2);
  ok('scale', 'deployment', 'web', '--replicas', '4', '-n', 'trace');
  await running(4);

  const all = (steps: readonly TraceStepItem[]): TraceStepItem[] => steps.flatMap((s) => [s, ...all(s.steps)]);
  const trace = JSON.parse(ok('trace', 'deployment/web', '-n', 'trace', '-o', 'json')) as TraceAnswer;
  const traced = trace.chains.flatMap((c) => all(c.steps));
  const scheduledInLog = (await readEventLog(api)).filter((e) => e.type === 'PodScheduled' && e.stream.startsWith('pod-trace.'));
  t.is(scheduledInLog.length, 4);
  const scheduledInTrace = new Set(traced.filter((s) => s.type === 'PodScheduled').map((s) => s.position));
  t.deepEqual(scheduledInLog.filter((e) => !scheduledInTrace.has(e.position)).map((e) => e.stream), [], 'every PodScheduled of the pods is in the trace');

  const scale = trace.chains.flatMap((c) => c.steps).find((s) => s.type === 'DeploymentScaled');
  t.truthy(scale, `a chain starts at the scale: ${trace.chains.map((c) => c.steps.map((s) => s.type).join(',')).join(' | ')}`);
  t.is(scale!.actor, 'kubernetes-admin');
  const rsScaled = all(scale!.steps).find((s) => s.type === 'ReplicaSetScaled');
  t.truthy(rsScaled, 'the ReplicaSet scaled for it');
  const created = all(rsScaled!.steps).filter((s) => s.type === 'PodCreated');
  t.is(created.length, 2, 'two pods created for the ReplicaSetScaled');
  for (const pod of created) {
    const scheduled = all(pod.steps).find((s) => s.type === 'PodScheduled');
    t.regex(scheduled?.actor ?? '', /scheduler/, `${pod.object} scheduled in the chain`);
    const report = all(scheduled!.steps).find((s) => s.type === 'PodStatusReported');
    t.regex(report?.actor ?? '', /^system:node:sim-/, `${pod.object}: its kubelet's report, sent over HTTP, stays in the chain`);
  }

  const text = ok('trace', 'deployment/web', '-n', 'trace');
  // The scale records who owns spec.replicas in the same command (ManagedFieldsChanged beside it).
  t.regex(text, /^[└├]─ DeploymentScaled {2}Deployment trace\/web {2}by kubernetes-admin/m);
  t.regex(text, /^[\s│]+[└├]─ ReplicaSetScaled {2}ReplicaSet trace\/web-\S+ {2}by \S+ {2}\+\d/m);
  t.regex(text, /[└├]─ PodScheduled {2}Pod trace\/web-\S+ {2}by system:kes-scheduler {2}\+\d/);

  const fromCommand = JSON.parse(ok('trace', '--command', scale!.commandId, '-o', 'json')) as TraceAnswer;
  t.deepEqual(fromCommand.chains.map((c) => c.steps.map((s) => s.type)), [['DeploymentScaled', 'ManagedFieldsChanged']], 'the scale and who owns spec.replicas since');
  t.is(all(fromCommand.chains[0].steps).filter((s) => s.type === 'PodScheduled').length, 2);
});
