import test from 'ava';
import { jobController } from '../../application/reconcilers/job.js';
import { withGeneratedSelector } from '../../domain/job/job-selector.js';
import type { CreateJob } from '../../domain/job/job.decide.js';
import { conditionOf } from '../../domain/job/job.js';
import { template } from '../support/workload-fixtures.js';
import { AT, world } from '../support/world.js';

/** A clock the test moves; commands are sent at its time. */
function testClock() {
  let now = Date.parse(AT);
  return { nowMs: () => now, advance: (ms: number) => { now += ms; } };
}

const jobData = (name: string, spec: Partial<CreateJob['data']> = {}, restartPolicy: 'Never' | 'OnFailure' = 'Never'): CreateJob['data'] => {
  const base = template('busybox');
  const podTemplate = { ...base, labels: {}, spec: { ...base.spec, restartPolicy } };
  return {
    meta: { name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] },
    ...withGeneratedSelector(`uid-${name}`, name, podTemplate, []),
    completions: 1, parallelism: 1, backoffLimit: 6, suspend: false,
    ...spec,
  };
};

async function withJob(name: string, spec: Partial<CreateJob['data']> = {}, restartPolicy: 'Never' | 'OnFailure' = 'Never') {
  const clock = testClock();
  const w = world(clock);
  await w.addNode('n1');
  const jc = jobController(w.models, w.ids, clock);
  await w.send('CreateJob', jobData(name, spec, restartPolicy));
  return { ...w, jc, clock, job: () => w.models.jobs.get(`default.${name}`)! };
}

type World = Awaited<ReturnType<typeof withJob>>;
const podsOf = (w: World) => [...w.models.pods.values()].filter((p) => p.meta.ownerReferences.some((o) => o.kind === 'Job'));
const activePods = (w: World) => podsOf(w).filter((p) => p.status !== 'terminating' && p.phase !== 'Succeeded' && p.phase !== 'Failed');

/** The pod's container ended (at `finishedAt`, when given: without it the kubelet said no time, and there is no back-off to count from). */
async function finish(w: World, name: string, phase: 'Succeeded' | 'Failed', finishedAt?: string) {
  const pod = w.models.pods.get(`default.${name}`)!;
  if (!pod.nodeName) await w.send('BindPod', { namespace: 'default', name, nodeName: 'n1' });
  const exitCode = phase === 'Succeeded' ? 0 : 1;
  const terminated = { exitCode, reason: phase === 'Succeeded' ? 'Completed' : 'Error', ...(finishedAt ? { finishedAt } : {}) };
  const containerStatuses = [{ name: 'app', ready: false, restartCount: 0, state: { terminated } }];
  await w.send('ReportPodStatus', { namespace: 'default', name, nodeName: 'n1', phase, conditions: [], containerStatuses }, 'system:node:n1');
}

test('a Job runs one pod named <job>-<5 characters>, owned by the Job, labelled with its selector; started, not finished', async (t) => {
  const w = await withJob('hello');
  await w.settle(w.jc);
  const pods = podsOf(w);
  t.is(pods.length, 1);
  t.regex(pods[0].meta.name, /^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  t.deepEqual(pods[0].meta.ownerReferences, [{ kind: 'Job', name: 'hello', uid: 'uid-hello', controller: true }]);
  t.is(pods[0].meta.labels['batch.kubernetes.io/job-name'], 'hello');
  t.is(pods[0].meta.labels['controller-uid'], 'uid-hello');
  t.like(w.job().status, { active: 1, succeeded: 0, failed: 0, startTime: AT });
  t.deepEqual(await w.settle(w.jc), [], 'nothing more to do while the pod runs');
});

test('when its pod succeeds the Job is Complete, with a completion time, and no new pod is made', async (t) => {
  const w = await withJob('hello');
  await w.settle(w.jc);
  w.clock.advance(5000);
  await finish(w, podsOf(w)[0].meta.name, 'Succeeded');
  await w.settle(w.jc);
  const { status } = w.job();
  t.like(status, { active: 0, succeeded: 1, failed: 0 });
  t.truthy(conditionOf(status, 'Complete'));
  t.truthy(conditionOf(status, 'SuccessCriteriaMet'));
  t.is(status.completionTime, new Date(Date.parse(AT) + 5000).toISOString());
  t.is(podsOf(w).length, 1);
});

test('completions 3 with parallelism 2: two pods at a time until three succeeded', async (t) => {
  const w = await withJob('batch', { completions: 3, parallelism: 2 });
  await w.settle(w.jc);
  t.is(activePods(w).length, 2);
  for (const pod of activePods(w)) await finish(w, pod.meta.name, 'Succeeded');
  await w.settle(w.jc);
  t.is(activePods(w).length, 1, 'one more is needed, so only one is made');
  t.like(w.job().status, { succeeded: 2, active: 1 });
  await finish(w, activePods(w)[0].meta.name, 'Succeeded');
  await w.settle(w.jc);
  t.like(w.job().status, { succeeded: 3, active: 0 });
  t.truthy(conditionOf(w.job().status, 'Complete'));
});

test('a failed pod is replaced until more than backoffLimit failed: then the Job is Failed BackoffLimitExceeded', async (t) => {
  const w = await withJob('flaky', { backoffLimit: 1, parallelism: 2, completions: 4 });
  await w.settle(w.jc);
  const [first] = activePods(w);
  await finish(w, first.meta.name, 'Failed');
  await w.settle(w.jc);
  t.is(activePods(w).length, 2, 'one failure is within the limit: the pod is replaced');
  await finish(w, activePods(w)[0].meta.name, 'Failed');
  await w.settle(w.jc);
  const failed = conditionOf(w.job().status, 'Failed');
  t.is(failed?.reason, 'BackoffLimitExceeded');
  t.is(conditionOf(w.job().status, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
  t.is(activePods(w).length, 0, 'the pod still running is deleted');
  t.like(w.job().status, { failed: 2 });
});

test('with restartPolicy OnFailure, container restarts count against backoffLimit', async (t) => {
  const w = await withJob('restarts', { backoffLimit: 2 }, 'OnFailure');
  await w.settle(w.jc);
  const [pod] = activePods(w);
  await w.send('BindPod', { namespace: 'default', name: pod.meta.name, nodeName: 'n1' });
  const containerStatuses = [{ name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }];
  await w.send('ReportPodStatus', { namespace: 'default', name: pod.meta.name, nodeName: 'n1', phase: 'Running', conditions: [], containerStatuses }, 'system:node:n1');
  await w.settle(w.jc);
  t.is(conditionOf(w.job().status, 'Failed')?.reason, 'BackoffLimitExceeded');
});

test('past activeDeadlineSeconds the Job is Failed DeadlineExceeded and its pods deleted; the controller asks to look again at the deadline', async (t) => {
  const w = await withJob('slow', { activeDeadlineSeconds: 30 });
  await w.settle(w.jc);
  t.is(w.jc.requeueAfterMs?.('default.slow'), 30_000);
  w.clock.advance(30_000);
  await w.settle(w.jc);
  t.is(conditionOf(w.job().status, 'Failed')?.reason, 'DeadlineExceeded');
  t.is(activePods(w).length, 0);
});

test('a suspended Job runs no pods; resumed, it runs them again', async (t) => {
  const w = await withJob('paused');
  await w.settle(w.jc);
  await w.send('SuspendJob', { namespace: 'default', name: 'paused' });
  await w.settle(w.jc);
  t.is(activePods(w).length, 0);
  t.truthy(conditionOf(w.job().status, 'Suspended'));
  await w.send('ResumeJob', { namespace: 'default', name: 'paused' });
  await w.settle(w.jc);
  t.is(activePods(w).length, 1);
});

test('ttlSecondsAfterFinished: the finished Job is deleted once its time to live is over', async (t) => {
  const w = await withJob('short', { ttlSecondsAfterFinished: 60 });
  await w.settle(w.jc);
  await finish(w, podsOf(w)[0].meta.name, 'Succeeded');
  await w.settle(w.jc);
  t.truthy(w.job(), 'still there just after it finished');
  t.is(w.jc.requeueAfterMs?.('default.short'), 60_000);
  w.clock.advance(60_000);
  await w.settle(w.jc);
  t.false(w.models.jobs.has('default.short'));
});

test('a failed pod is replaced after Kubernetes\' back-off: 10 s after the first failure, 20 s after the second', async (t) => {
  const w = await withJob('retry', { backoffLimit: 6 });
  await w.settle(w.jc);
  await finish(w, activePods(w)[0].meta.name, 'Failed', new Date(w.clock.nowMs()).toISOString());
  await w.settle(w.jc);
  t.is(activePods(w).length, 0, 'no replacement during the back-off');
  t.is(w.jc.requeueAfterMs?.('default.retry'), 10_000);
  w.clock.advance(10_000);
  await w.settle(w.jc);
  t.is(activePods(w).length, 1);
  await finish(w, activePods(w)[0].meta.name, 'Failed', new Date(w.clock.nowMs()).toISOString());
  await w.settle(w.jc);
  t.is(w.jc.requeueAfterMs?.('default.retry'), 20_000);
  w.clock.advance(20_000);
  await w.settle(w.jc);
  t.is(activePods(w).length, 1);
  t.like(w.job().status, { failed: 2 });
});
