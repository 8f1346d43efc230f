import test from 'ava';
import { deploymentDecider, type CreateDeployment, type DeploymentCommand } from '../../domain/deployment/deployment.decide.js';
import { deploymentStream, evolveDeployment, initialDeploymentState, type DeploymentEvent, type DeploymentStatus } from '../../domain/deployment/deployment.js';
import type { PodTemplate } from '../../domain/pod/pod-spec.js';
import { toSelector } from '../../domain/replicaset/workload-spec.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(deploymentDecider);
const cmd = <C extends DeploymentCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const template: PodTemplate = {
  labels: { app: 'web' },
  annotations: {},
  spec: {
    containers: [{ name: 'web', image: 'nginx:1.27', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 2 ** 26 } }, volumeMounts: [] }],
    volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30,
  },
};
const withImage = (image: string): PodTemplate => ({ ...template, spec: { ...template.spec, containers: [{ ...template.spec.containers[0], image }] } });
const objectMeta = { name: 'web', namespace: 'default', uid: 'uid-1', labels: {}, annotations: {}, ownerReferences: [] };
const selector = toSelector({ matchLabels: { app: 'web' } });
const create = (overrides: Partial<CreateDeployment['data']> = {}): CreateDeployment['data'] =>
  ({ meta: objectMeta, replicas: 6, selector, template, ...overrides });
const key = { namespace: 'default', name: 'web' };
const rolling = { type: 'RollingUpdate' as const, maxSurge: '25%', maxUnavailable: '25%' };
const created = {
  type: 'DeploymentCreated' as const,
  data: { meta: { ...objectMeta, creationTimestamp: AT }, replicas: 6, selector, template, strategy: rolling, revisionHistoryLimit: 10, paused: false },
};
const foldAt = (steps: [NewEvent<DeploymentEvent>, string][]) =>
  steps.map(([e, at]) => ({ ...e, metadata: { ...meta(), at, correlationId: 'c', causationId: 'c', schemaVersion: 1 } }) as DeploymentEvent)
    .reduce(evolveDeployment, initialDeploymentState());

test('a Deployment is created with Kubernetes defaults: RollingUpdate 25%/25%, 10 revisions kept', (t) => {
  spec(t).given([]).when(cmd('CreateDeployment', create())).then([created]);
  spec(t).given([]).when(cmd('CreateDeployment', create({ strategy: { type: 'RollingUpdate', maxSurge: 1 } })))
    .then([{ ...created, data: { ...created.data, strategy: { ...rolling, maxSurge: 1 } } }]);
  spec(t).given([]).when(cmd('CreateDeployment', create({ strategy: { type: 'Recreate' }, revisionHistoryLimit: 2 })))
    .then([{ ...created, data: { ...created.data, strategy: { type: 'Recreate' }, revisionHistoryLimit: 2 } }]);
  t.is(deploymentStream('default', 'web'), 'deployment-default.web');
});

test('maxSurge and maxUnavailable both 0 are refused with the Kubernetes message', (t) => {
  for (const [maxSurge, maxUnavailable] of [[0, 0], ['0%', 0], [0, '0%']])
    spec(t).given([]).when(cmd('CreateDeployment', create({ strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable } })))
      .thenThrows('Invalid', /spec.strategy.rollingUpdate.maxUnavailable: .*may not be 0 when `maxSurge` is 0/);
});

test('bad surge and unavailability values are named', (t) => {
  const strategy = (maxSurge: number | string, maxUnavailable: number | string) => create({ strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable } });
  spec(t).given([]).when(cmd('CreateDeployment', strategy('25', 1))).thenThrows('Invalid', /maxSurge: .*a valid percent string/);
  spec(t).given([]).when(cmd('CreateDeployment', strategy(1, -1))).thenThrows('Invalid', /maxUnavailable: .*greater than or equal to 0/);
  spec(t).given([]).when(cmd('CreateDeployment', strategy(1, '150%'))).thenThrows('Invalid', /maxUnavailable: .*must not be greater than 100%/);
  spec(t).given([]).when(cmd('CreateDeployment', strategy('200%', 0))).then([{ ...created, data: { ...created.data, strategy: { ...rolling, maxSurge: '200%', maxUnavailable: 0 } } }]);
});

test('an empty selector, a mismatched template and a negative history limit are refused', (t) => {
  spec(t).given([]).when(cmd('CreateDeployment', create({ selector: [] }))).thenThrows('Invalid', /spec.selector: .*empty selector is invalid for deployment/);
  spec(t).given([]).when(cmd('CreateDeployment', create({ selector: toSelector({ matchLabels: { app: 'api' } }) })))
    .thenThrows('Invalid', /^Deployment.apps "web" is invalid: spec.template.metadata.labels: .*`selector` does not match template `labels`/);
  spec(t).given([]).when(cmd('CreateDeployment', create({ revisionHistoryLimit: -1 }))).thenThrows('Invalid', /spec.revisionHistoryLimit/);
  spec(t).given([created]).when(cmd('CreateDeployment', create())).thenThrows('AlreadyExists', /deployments.apps "web" already exists/);
});

test('scaling records the new count; the same count appends nothing', (t) => {
  spec(t).given([created]).when(cmd('ScaleDeployment', { ...key, replicas: 10 })).then([{ type: 'DeploymentScaled', data: { ...key, replicas: 10 } }]);
  spec(t).given([created]).when(cmd('ScaleDeployment', { ...key, replicas: 6 })).then([]);
  spec(t).given([]).when(cmd('ScaleDeployment', { ...key, replicas: 1 })).thenThrows('NotFound', /deployments.apps "web" not found/);
});

test('each new template is the next revision; a deep-equal template appends nothing', (t) => {
  const v2 = { type: 'DeploymentTemplateChanged' as const, data: { ...key, template: withImage('nginx:1.28'), revision: 2 } };
  spec(t).given([created]).when(cmd('ChangeDeploymentTemplate', { ...key, template: withImage('nginx:1.28') })).then([v2]);
  spec(t).given([created, v2]).when(cmd('ChangeDeploymentTemplate', { ...key, template }))
    .then([{ type: 'DeploymentTemplateChanged', data: { ...key, template, revision: 3 } }]);
  const reordered = { spec: template.spec, annotations: {}, labels: { app: 'web' } };
  spec(t).given([created]).when(cmd('ChangeDeploymentTemplate', { ...key, template: reordered })).then([]);
});

test('a template that the selector no longer matches is refused', (t) => {
  spec(t).given([created]).when(cmd('ChangeDeploymentTemplate', { ...key, template: { ...template, labels: { app: 'other' } } }))
    .thenThrows('Invalid', /does not match template `labels`/);
});

test('the strategy changes with defaults filled in; the same strategy appends nothing', (t) => {
  const recreate = { type: 'DeploymentStrategyChanged' as const, data: { ...key, strategy: { type: 'Recreate' as const } } };
  spec(t).given([created]).when(cmd('ChangeDeploymentStrategy', { ...key, strategy: { type: 'Recreate' } })).then([recreate]);
  spec(t).given([created]).when(cmd('ChangeDeploymentStrategy', { ...key, strategy: { type: 'RollingUpdate' } })).then([]);
  spec(t).given([created, recreate]).when(cmd('ChangeDeploymentStrategy', { ...key, strategy: { type: 'RollingUpdate', maxUnavailable: 0 } }))
    .then([{ type: 'DeploymentStrategyChanged', data: { ...key, strategy: { ...rolling, maxUnavailable: 0 } } }]);
  spec(t).given([created]).when(cmd('ChangeDeploymentStrategy', { ...key, strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 0 } }))
    .thenThrows('Invalid', /may not be 0 when `maxSurge` is 0/);
});

const status: DeploymentStatus = {
  observedGeneration: 1, replicas: 6, updatedReplicas: 6, readyReplicas: 6, availableReplicas: 6, unavailableReplicas: 0,
  conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }],
};

test('status is recorded only when it changes', (t) => {
  const reported = { type: 'DeploymentStatusReported' as const, data: { ...key, ...status } };
  spec(t).given([created]).when(cmd('ReportDeploymentStatus', { ...key, ...status })).then([reported]);
  spec(t).given([created, reported]).when(cmd('ReportDeploymentStatus', { ...key, ...status })).then([]);
  const unavailable = { ...status, conditions: [{ ...status.conditions[0], status: 'False' as const, reason: 'MinimumReplicasUnavailable' }] };
  spec(t).given([created, reported]).when(cmd('ReportDeploymentStatus', { ...key, ...unavailable })).then([{ ...reported, data: { ...key, ...unavailable } }]);
  spec(t).given([created]).when(cmd('ReportDeploymentStatus', { ...key, ...status, readyReplicas: -1 })).thenThrows('Invalid', /status.readyReplicas/);
});

test('a condition keeps its transition time until its status flips; its update time until its reason changes', (t) => {
  const report = (s: DeploymentStatus) => ({ type: 'DeploymentStatusReported' as const, data: { ...key, ...s } });
  const [t0, t1, t2, t3] = ['10:00', '10:01', '10:02', '10:03'].map((hm) => `2026-11-27T${hm}:00.000Z`);
  const times = (steps: [NewEvent<DeploymentEvent>, string][]) => {
    const state = foldAt(steps);
    if (state.status !== 'active') return undefined;
    const { lastTransitionTime, lastUpdateTime } = state.deployment.status.conditions[0];
    return { lastTransitionTime, lastUpdateTime };
  };
  const available = status.conditions[0];
  const history: [NewEvent<DeploymentEvent>, string][] = [[created, t0], [report(status), t0], [report({ ...status, replicas: 7 }), t1]];
  t.deepEqual(times(history), { lastTransitionTime: t0, lastUpdateTime: t0 });
  const reworded = report({ ...status, conditions: [{ ...available, message: 'still available' }] });
  t.deepEqual(times([...history, [reworded, t2]]), { lastTransitionTime: t0, lastUpdateTime: t2 });
  const flipped = report({ ...status, conditions: [{ ...available, status: 'False', reason: 'MinimumReplicasUnavailable' }] });
  t.deepEqual(times([...history, [reworded, t2], [flipped, t3]]), { lastTransitionTime: t3, lastUpdateTime: t3 });
});

test('generation counts spec changes and revision counts templates', (t) => {
  const events: NewEvent<DeploymentEvent>[] = [
    created,
    { type: 'DeploymentScaled', data: { ...key, replicas: 3 } },
    { type: 'DeploymentTemplateChanged', data: { ...key, template: withImage('nginx:1.28'), revision: 2 } },
    { type: 'DeploymentStrategyChanged', data: { ...key, strategy: { type: 'Recreate' } } },
    { type: 'DeploymentStatusReported', data: { ...key, ...status } },
  ];
  const state = foldAt(events.map((e): [NewEvent<DeploymentEvent>, string] => [e, AT]));
  if (state.status !== 'active') return t.fail('expected an active Deployment');
  t.is(state.deployment.generation, 4);
  t.is(state.deployment.revision, 2);
  t.is(state.deployment.spec.template.spec.containers[0].image, 'nginx:1.28');
});

test('a Deployment is deleted once', (t) => {
  const deleted = { type: 'DeploymentDeleted' as const, data: key };
  spec(t).given([created]).when(cmd('DeleteDeployment', key)).then([deleted]);
  spec(t).given([created, deleted]).when(cmd('DeleteDeployment', key)).thenThrows('NotFound');
  spec(t).given([created, deleted]).when(cmd('CreateDeployment', create())).then([created]);
});

test('pause and resume are recorded once each, bump the generation, and need the Deployment to exist', (t) => {
  const paused = { type: 'DeploymentPaused' as const, data: key };
  spec(t).given([created]).when(cmd('PauseDeployment', key)).then([paused]);
  spec(t).given([created, paused]).when(cmd('PauseDeployment', key)).then([]);
  spec(t).given([created]).when(cmd('ResumeDeployment', key)).then([]);
  spec(t).given([created, paused]).when(cmd('ResumeDeployment', key)).then([{ type: 'DeploymentResumed', data: key }]);
  spec(t).given([]).when(cmd('PauseDeployment', key)).thenThrows('NotFound', /deployments.apps "web" not found/);
  const state = foldAt([[created, AT], [paused, AT]]);
  t.like(state.status === 'active' ? state.deployment : undefined, { spec: { paused: true }, generation: 2 });
});

test('a Deployment may be created paused; one recorded before kes could pause is not paused', (t) => {
  spec(t).given([]).when(cmd('CreateDeployment', create({ paused: true }))).then([{ ...created, data: { ...created.data, paused: true } }]);
  const { paused: _paused, ...before } = created.data;
  const state = foldAt([[{ ...created, data: before }, AT]]);
  t.like(state.status === 'active' ? state.deployment : undefined, { spec: { paused: false } });
});

test('minReadySeconds changes by its own command; the same value again changes nothing, a negative one is refused', (t) => {
  const change = (minReadySeconds: number) => cmd('ChangeDeploymentMinReadySeconds', { ...key, minReadySeconds });
  spec(t).given([created]).when(change(10)).then([{ type: 'DeploymentMinReadySecondsChanged', data: { ...key, minReadySeconds: 10 } }]);
  spec(t).given([created, { type: 'DeploymentMinReadySecondsChanged', data: { ...key, minReadySeconds: 10 } }]).when(change(10)).then([]);
  spec(t).given([created]).when(change(0)).then([]);
  spec(t).given([created]).when(change(-1)).thenThrows('Invalid', /spec.minReadySeconds: .*greater than or equal to 0/);
  const state = foldAt([[created, AT], [{ type: 'DeploymentMinReadySecondsChanged', data: { ...key, minReadySeconds: 10 } }, AT]]);
  t.like(state, { status: 'active', deployment: { spec: { minReadySeconds: 10 }, generation: 2 } });
});
