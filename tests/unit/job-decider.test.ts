import test from 'ava';
import { jobDecider, type CreateJob, type JobCommand } from '../../domain/job/job.decide.js';
import { evolveJob, initialJobState, jobStream, type JobEvent } from '../../domain/job/job.js';
import { generatedJobSelector, withGeneratedSelector } from '../../domain/job/job-selector.js';
import type { PodTemplate } from '../../domain/pod/pod-spec.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(jobDecider);
const cmd = <C extends JobCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const podTemplate = (restartPolicy: 'Never' | 'OnFailure' | 'Always' = 'Never'): PodTemplate => ({
  labels: {},
  annotations: {},
  spec: {
    containers: [{ name: 'hello', image: 'busybox', command: ['sh', '-c', 'echo hi'], env: [], ports: [], resources: { requests: { cpuMillis: 0, memoryBytes: 0 } }, volumeMounts: [] }],
    volumes: [], nodeSelector: {}, tolerations: [], restartPolicy, terminationGracePeriodSeconds: 30,
  },
});
const objectMeta = { name: 'hello', namespace: 'default', uid: 'uid-hello', labels: {}, annotations: {}, ownerReferences: [] };
const create = (overrides: Partial<CreateJob['data']> = {}): CreateJob['data'] => ({
  meta: objectMeta,
  ...withGeneratedSelector('uid-hello', 'hello', podTemplate(), []),
  completions: 1, parallelism: 1, backoffLimit: 6, suspend: false,
  ...overrides,
});
const key = { namespace: 'default', name: 'hello' };
const created: NewEvent<JobEvent> = { type: 'JobCreated', data: { ...create(), meta: { ...objectMeta, creationTimestamp: AT } } };

test('a Job is created; its creation time is the command time, its stream job-<namespace>.<name>', (t) => {
  spec(t).given([]).when(cmd('CreateJob', create())).then([created]);
  t.is(jobStream('default', 'hello'), 'job-default.hello');
});

test('without a selector of its own, a Job selects its pods by its uid and labels its template as Kubernetes does', (t) => {
  const { template, selector } = withGeneratedSelector('uid-1', 'pi', podTemplate(), []);
  t.deepEqual(selector, generatedJobSelector('uid-1'));
  t.deepEqual(selector, [{ key: 'batch.kubernetes.io/controller-uid', operator: 'In', values: ['uid-1'] }]);
  t.deepEqual(template.labels, {
    'batch.kubernetes.io/controller-uid': 'uid-1', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-1', 'job-name': 'pi',
  });
});

test('a template whose pods restart Always is refused with kube-apiserver\'s message, naming the field', (t) => {
  const always = create({ template: { ...create().template, spec: { ...podTemplate('Always').spec } } });
  spec(t).given([]).when(cmd('CreateJob', always))
    .thenThrows('Invalid', /spec\.template\.spec\.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"/);
});

test('negative completions, parallelism or backoffLimit and a zero activeDeadlineSeconds are refused, each named', (t) => {
  spec(t).given([]).when(cmd('CreateJob', create({ completions: -1 }))).thenThrows('Invalid', /spec\.completions/);
  spec(t).given([]).when(cmd('CreateJob', create({ parallelism: -2 }))).thenThrows('Invalid', /spec\.parallelism/);
  spec(t).given([]).when(cmd('CreateJob', create({ backoffLimit: 1.5 }))).thenThrows('Invalid', /spec\.backoffLimit/);
  spec(t).given([]).when(cmd('CreateJob', create({ activeDeadlineSeconds: 0 }))).thenThrows('Invalid', /spec\.activeDeadlineSeconds/);
});

test('a Job that exists cannot be created again', (t) => {
  spec(t).given([created]).when(cmd('CreateJob', create())).thenThrows('AlreadyExists');
});

test('a Job created suspended is suspended from the start', (t) => {
  const suspended = create({ suspend: true });
  spec(t).given([]).when(cmd('CreateJob', suspended)).then([
    { type: 'JobCreated', data: { ...suspended, meta: { ...objectMeta, creationTimestamp: AT } } },
    { type: 'JobSuspended', data: { ...key, at: AT } },
  ]);
});

test('counts are reported when they change, and not when they are the same', (t) => {
  const counts = { ...key, active: 1, ready: 0, succeeded: 0, failed: 0, startTime: AT };
  spec(t).given([created]).when(cmd('ReportJobStatus', counts)).then([{ type: 'JobStatusReported', data: counts }]);
  spec(t).given([created, { type: 'JobStatusReported', data: counts }]).when(cmd('ReportJobStatus', counts)).then([]);
  spec(t).given([created]).when(cmd('ReportJobStatus', { ...counts, ready: 2 })).thenThrows('Invalid', /status\.ready/);
});

test('a Job completes once: SuccessCriteriaMet and Complete, with its completion time', (t) => {
  spec(t).given([created]).when(cmd('CompleteJob', key)).then([{ type: 'JobCompleted', data: { ...key, at: AT } }]);
  spec(t).given([created, { type: 'JobCompleted', data: { ...key, at: AT } }]).when(cmd('CompleteJob', key)).then([]);
  const state = [created, { type: 'JobCompleted', data: { ...key, at: AT } }].reduce(
    (s, e) => evolveJob(s, { ...e, metadata: { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', at: AT, schemaVersion: 1 } } as JobEvent), initialJobState());
  t.is(state.status, 'active');
  if (state.status !== 'active') return;
  t.is(state.job.status.completionTime, AT);
  t.deepEqual(state.job.status.conditions.map((c) => [c.type, c.status, c.reason]), [['SuccessCriteriaMet', 'True', 'CompletionsReached'], ['Complete', 'True', 'CompletionsReached']]);
});

test('a Job fails once, with the reason; a failed Job does not complete afterwards', (t) => {
  const failure = { ...key, reason: 'BackoffLimitExceeded' as const, message: 'Job has reached the specified backoff limit' };
  spec(t).given([created]).when(cmd('FailJob', failure)).then([{ type: 'JobFailed', data: { ...failure, at: AT } }]);
  spec(t).given([created, { type: 'JobFailed', data: { ...failure, at: AT } }]).when(cmd('CompleteJob', key)).then([]);
});

test('suspending and resuming a Job are events; doing either twice appends nothing', (t) => {
  spec(t).given([created]).when(cmd('SuspendJob', key)).then([{ type: 'JobSuspended', data: { ...key, at: AT } }]);
  spec(t).given([created]).when(cmd('ResumeJob', key)).then([]);
  spec(t).given([created, { type: 'JobSuspended', data: { ...key, at: AT } }]).when(cmd('ResumeJob', key)).then([{ type: 'JobResumed', data: { ...key, at: AT } }]);
});

test('parallelism may change; a Job that does not exist cannot be deleted', (t) => {
  spec(t).given([created]).when(cmd('ChangeJobParallelism', { ...key, parallelism: 3 })).then([{ type: 'JobParallelismChanged', data: { ...key, parallelism: 3 } }]);
  spec(t).given([created]).when(cmd('ChangeJobParallelism', { ...key, parallelism: 1 })).then([]);
  spec(t).given([created]).when(cmd('DeleteJob', key)).then([{ type: 'JobDeleted', data: key }]);
  spec(t).given([]).when(cmd('DeleteJob', key)).thenThrows('NotFound', /jobs\.batch "hello" not found/);
});
