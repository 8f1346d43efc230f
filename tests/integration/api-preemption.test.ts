import test from 'ava';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import type { K8sEvent } from '../../adapters/http/k8s/k8s-types.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { registration } from '../support/node-fixtures.js';
import { eventually } from '../support/processes.js';
import { podManifest, workloadApi } from '../support/workload-api.js';

/**
 * Preemption through the API, in one process: the API server and the scheduler (its runner, as the control plane
 * runs it) on a 2-cpu node; the node's kubelet is played by confirming deletions as the node.
 */

const pods = '/api/v1/namespaces/ci/pods';
const asking = (name: string, cpu: string, spec: object = {}) =>
  podManifest(name, { spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu } } }], ...spec } });

test('a high-priority pod that fits nowhere gets the node of a lower-priority pod: nominated, the victim evicted as Preempted, then bound', async (t) => {
  const api = await workloadApi('ci');
  const ids = new UuidIds();
  const small = { cpuMillis: 2000, memoryBytes: 4 * 2 ** 30, pods: 110 };
  await api.admin('RegisterNode', registration('small', { capacity: small, allocatable: small }));
  const runner = new ReconcilerRunner(scheduler(api.models), { sender: { send: api.handle }, clock: new SystemClock(), ids, log: () => undefined }, { caughtUp: (p) => caughtUp(api.models, p) }).start();
  t.teardown(async () => {
    runner.stop();
    await api.close();
  });
  const get = async (name: string) => (await api.request('GET', `${pods}/${name}`)).json();

  t.is((await api.request('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 })).statusCode, 201);
  t.is((await api.request('POST', pods, asking('low', '1500m'))).statusCode, 201);
  await eventually(() => get('low'), (p) => p.spec.nodeName === 'small');
  const urgent = (await api.request('POST', pods, asking('urgent', '1', { priorityClassName: 'high' }))).json();
  t.is(urgent.spec.priority, 1000);

  const victim = await eventually(() => get('low'), (p) => p.metadata.deletionTimestamp !== undefined);
  t.like(victim.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget'),
    { status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
  t.is((await get('urgent')).status.nominatedNodeName, 'small');
  const events = (await api.request('GET', '/api/v1/namespaces/ci/events')).json().items as K8sEvent[];
  t.like(events.find((e) => e.reason === 'Preempted'), { type: 'Normal', message: `Preempted by pod ${urgent.metadata.uid} on node small`, involvedObject: { name: 'low' } });
  const waiting = await eventually(async () => (await api.request('GET', '/api/v1/namespaces/ci/events')).json().items as K8sEvent[],
    (items) => items.some((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === 'urgent' && e.message.includes('preemption: not eligible due to a terminating pod on the nominated node.')));
  t.is(waiting.filter((e) => e.reason === 'Preempted').length, 1, 'one victim is enough, and it is evicted once');

  const confirm: Command = { type: 'ConfirmPodDeleted', data: { namespace: 'ci', name: 'low', nodeName: 'small' }, metadata: { commandId: ids.newId(), actor: 'system:node:small', at: new Date().toISOString() } };
  await api.handle(confirm);
  const bound = await eventually(() => get('urgent'), (p) => p.spec.nodeName === 'small');
  t.is(bound.status.nominatedNodeName, undefined);
  t.is((await api.request('GET', `${pods}/low`)).statusCode, 404);
});
