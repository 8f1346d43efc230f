import type { Decider } from '../shared/decider.js';
import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import type { Selector } from '../shared/selectors.js';
import type { PodTemplate } from '../pod/pod-spec.js';
import { countProblems, metaProblems, selectorProblems, templateProblems, type NewObjectMeta } from '../replicaset/workload-spec.js';
import {
  evolveDeployment,
  initialDeploymentState,
  type Deployment,
  type DeploymentEvent,
  type DeploymentKey,
  type DeploymentState,
  type DeploymentStatus,
} from './deployment.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { DEFAULT_REVISION_HISTORY_LIMIT, sameStrategy, strategyProblems, withDefaults, type StrategyInput } from './strategy.js';

export type CreateDeployment = Command<'CreateDeployment', {
  meta: NewObjectMeta;
  replicas: number;
  selector: Selector;
  template: PodTemplate;
  strategy?: StrategyInput;
  revisionHistoryLimit?: number;
  paused?: boolean;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
}>;
export type ScaleDeployment = Command<'ScaleDeployment', DeploymentKey & { replicas: number }>;
export type ChangeDeploymentTemplate = Command<'ChangeDeploymentTemplate', DeploymentKey & { template: PodTemplate }>;
export type ChangeDeploymentStrategy = Command<'ChangeDeploymentStrategy', DeploymentKey & { strategy: StrategyInput }>;
export type ChangeDeploymentMinReadySeconds = Command<'ChangeDeploymentMinReadySeconds', DeploymentKey & { minReadySeconds: number }>;
/** `kubectl rollout pause`: the Deployment keeps its pods but rolls out no new template until resumed. */
export type PauseDeployment = Command<'PauseDeployment', DeploymentKey>;
export type ResumeDeployment = Command<'ResumeDeployment', DeploymentKey>;
export type ReportDeploymentStatus = Command<'ReportDeploymentStatus', DeploymentKey & DeploymentStatus>;
export type DeleteDeployment = Command<'DeleteDeployment', DeploymentKey>;

export type DeploymentCommand =
  | CreateDeployment
  | ScaleDeployment
  | ChangeDeploymentTemplate
  | ChangeDeploymentStrategy
  | ChangeDeploymentMinReadySeconds
  | PauseDeployment
  | ResumeDeployment
  | ReportDeploymentStatus
  | DeleteDeployment
  | MetadataCommand
  | ReportReconcileFailure;

type Decision = NewEvent<DeploymentEvent>[];

const RESOURCE = 'deployments.apps';
const KIND = 'Deployment.apps';

function existing(state: DeploymentState, name: string): Deployment {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.deployment;
}

function refuseIfAny(name: string, causes: readonly FieldCause[]): void {
  if (causes.length > 0) throw invalid(KIND, name, causes);
}

function create(command: CreateDeployment, state: DeploymentState): Decision {
  const { meta, replicas, selector, template } = command.data;
  const strategy = withDefaults(command.data.strategy);
  const revisionHistoryLimit = command.data.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  refuseIfAny(meta.name, [
    ...metaProblems(meta),
    ...countProblems(replicas, 'spec.replicas'),
    ...selectorProblems(selector, 'Invalid value: empty selector is invalid for deployment'),
    ...templateProblems(template, selector),
    ...strategyProblems(strategy),
    ...countProblems(revisionHistoryLimit, 'spec.revisionHistoryLimit'),
    ...countProblems(command.data.minReadySeconds ?? 0, 'spec.minReadySeconds'),
  ]);
  if (state.status === 'active') throw alreadyExists(RESOURCE, meta.name);
  const paused = command.data.paused ?? false;
  const { minReadySeconds, progressDeadlineSeconds } = command.data;
  const data = {
    meta: { ...meta, creationTimestamp: command.metadata.at }, replicas, selector, template, strategy, revisionHistoryLimit, paused,
    ...(minReadySeconds !== undefined ? { minReadySeconds } : {}),
    ...(progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds } : {}),
  };
  return [{ type: 'DeploymentCreated', data }];
}

function scale(data: ScaleDeployment['data'], state: DeploymentState): Decision {
  const deployment = existing(state, data.name);
  refuseIfAny(data.name, countProblems(data.replicas, 'spec.replicas'));
  return deployment.spec.replicas === data.replicas ? [] : [{ type: 'DeploymentScaled', data }];
}

function changeTemplate({ namespace, name, template }: ChangeDeploymentTemplate['data'], state: DeploymentState): Decision {
  const deployment = existing(state, name);
  refuseIfAny(name, templateProblems(template, deployment.spec.selector));
  if (canonicalJson(template) === canonicalJson(deployment.spec.template)) return [];
  return [{ type: 'DeploymentTemplateChanged', data: { namespace, name, template, revision: deployment.revision + 1 } }];
}

function changeStrategy({ namespace, name, strategy: input }: ChangeDeploymentStrategy['data'], state: DeploymentState): Decision {
  const deployment = existing(state, name);
  const strategy = withDefaults(input);
  refuseIfAny(name, strategyProblems(strategy));
  return sameStrategy(deployment.spec.strategy, strategy) ? [] : [{ type: 'DeploymentStrategyChanged', data: { namespace, name, strategy } }];
}

function changeMinReadySeconds(data: ChangeDeploymentMinReadySeconds['data'], state: DeploymentState): Decision {
  const deployment = existing(state, data.name);
  refuseIfAny(data.name, countProblems(data.minReadySeconds, 'spec.minReadySeconds'));
  return (deployment.spec.minReadySeconds ?? 0) === data.minReadySeconds ? [] : [{ type: 'DeploymentMinReadySecondsChanged', data }];
}

function setPaused(key: DeploymentKey, paused: boolean, state: DeploymentState): Decision {
  const deployment = existing(state, key.name);
  if (deployment.spec.paused === paused) return [];
  return [{ type: paused ? 'DeploymentPaused' : 'DeploymentResumed', data: key }];
}

function reportStatus(data: ReportDeploymentStatus['data'], state: DeploymentState): Decision {
  const { status } = existing(state, data.name);
  const counts = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;
  refuseIfAny(data.name, counts.flatMap((field) => countProblems(data[field], `status.${field}`)));
  const reported = ({ status: s, type, reason, message }: DeploymentStatus['conditions'][number]) => ({ type, status: s, reason, message });
  const same = counts.every((field) => status[field] === data[field])
    && canonicalJson(status.conditions.map(reported)) === canonicalJson(data.conditions.map(reported));
  return same ? [] : [{ type: 'DeploymentStatusReported', data }];
}

export function decideDeployment(command: DeploymentCommand, state: DeploymentState): Decision {
  switch (command.type) {
    case 'CreateDeployment':
      return create(command, state);
    case 'ScaleDeployment':
      return scale(command.data, state);
    case 'ChangeDeploymentTemplate':
      return changeTemplate(command.data, state);
    case 'ChangeDeploymentStrategy':
      return changeStrategy(command.data, state);
    case 'ChangeDeploymentMinReadySeconds':
      return changeMinReadySeconds(command.data, state);
    case 'PauseDeployment':
      return setPaused(command.data, true, state);
    case 'ResumeDeployment':
      return setPaused(command.data, false, state);
    case 'ReportDeploymentStatus':
      return reportStatus(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'DeleteDeployment':
      existing(state, command.data.name);
      return [{ type: 'DeploymentDeleted', data: command.data }];
    case 'ReportReconcileFailure':
      return decideReconcileFailure(command, existing(state, command.data.name));
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown deployment command ${(unknown as Command).type}`);
    }
  }
}

export const deploymentDecider: Decider<DeploymentState, DeploymentCommand, DeploymentEvent> = {
  decide: decideDeployment,
  evolve: evolveDeployment,
  initialState: initialDeploymentState,
};
