import test from 'ava';
import type { HandleCommand } from '../../application/commands/handle-command.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import { WARN_AFTER } from '../../application/reconcilers/failure-streaks.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import { eventLines } from '../../adapters/cli/printers/describe-text.js';
import type { K8sEvent } from '../../adapters/http/k8s/k8s-types.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { eventually } from '../support/processes.js';
import { replicaSetManifest, workloadApi } from '../support/workload-api.js';

const QUOTA = 'pods is forbidden: exceeded quota: compute-resources, requested: pods=1, used: pods=10, limited: pods=10';

/** The API server's handler behind an admission policy that refuses every new pod, as an exhausted quota would. */
const refusingNewPods = (handle: HandleCommand) => ({
  send: (command: Command) => (command.type === 'CreatePod' ? Promise.reject(new CommandRefused('Forbidden', QUOTA)) : handle(command)),
});

test('a ReplicaSet whose pods keep being refused shows one Warning from the replicaset-controller in its events and its describe', async (t) => {
  const api = await workloadApi('shop');
  const lines: string[] = [];
  const ids = new UuidIds();
  /** The controller manager's ReplicaSet controller, as a (re)started process runs it. */
  const controller = () => new ReconcilerRunner(
    replicaSetController(api.models, ids, new SystemClock()),
    { sender: refusingNewPods(api.handle), clock: new SystemClock(), ids, log: (line) => lines.push(line) },
    { caughtUp: (p) => caughtUp(api.models, p) },
  ).start();
  t.is((await api.request('POST', '/apis/apps/v1/namespaces/shop/replicasets', replicaSetManifest('web', 2))).statusCode, 201);
  let runner = controller();
  t.teardown(async () => {
    runner.stop();
    await api.close();
  });

  const events = async (query = '') => (await api.request('GET', `/api/v1/namespaces/shop/events${query}`)).json().items as K8sEvent[];
  const warnings = async () => (await events()).filter((e) => e.type === 'Warning');
  await eventually(warnings, (found) => found.length > 0, 10_000, 50);
  await eventually(() => runner.failuresOf('shop.web'), (n) => n >= WARN_AFTER + 2, 10_000, 50);
  runner.stop();
  runner = controller();
  await eventually(() => runner.failuresOf('shop.web'), (n) => n >= WARN_AFTER + 1, 10_000, 50);

  const [warning, ...others] = await warnings();
  t.deepEqual(others, [], 'a reconcile that keeps failing the same way is reported once, across a restart of its controller');
  t.like(warning, {
    type: 'Warning', reason: 'FailedCreatePod', message: QUOTA, source: { component: 'replicaset-controller' },
    involvedObject: { kind: 'ReplicaSet', name: 'web', namespace: 'shop', apiVersion: 'apps/v1' },
  });
  const ofReplicaSet = await events('?fieldSelector=involvedObject.kind%3DReplicaSet,involvedObject.name%3Dweb');
  const describe = eventLines(ofReplicaSet, new Date()).join('\n');
  t.regex(describe, /\n {2}Warning\tFailedCreatePod\t\S+\treplicaset-controller\tpods is forbidden: exceeded quota/);
  t.true(lines.some((line) => line.startsWith(`replicaset-controller: reconcile shop.web failed (attempt 1): FailedCreatePod: ${QUOTA}`)), lines.join('\n'));
});
