import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { annotationsProblems, labelsProblems, objectNameProblem } from '../shared/labels.js';
import type { NewObjectMeta } from '../replicaset/workload-spec.js';
import {
  DEFAULT_PREEMPTION_POLICY, evolvePriorityClass, HIGHEST_USER_DEFINABLE_PRIORITY, initialPriorityClassState, PREEMPTION_POLICIES,
  SYSTEM_PRIORITY_CLASS_PREFIX, SYSTEM_PRIORITY_CLASSES,
  type PreemptionPolicy, type PriorityClass, type PriorityClassEvent, type PriorityClassState,
} from './priorityclass.js';

/**
 * `currentDefault`: the class marked globalDefault when the command was sent, as the API server's read model has it
 * (kube-apiserver's Priority admission reads it the same way), so that at most one class is the default.
 */
type DefaultSeen = Readonly<{ currentDefault?: string }>;
export type CreatePriorityClass = Command<'CreatePriorityClass', {
  meta: NewObjectMeta; value: number; globalDefault?: boolean; preemptionPolicy?: PreemptionPolicy; description?: string;
} & DefaultSeen>;
export type DescribePriorityClass = Command<'DescribePriorityClass', { name: string; description?: string }>;
export type ChangePriorityClassGlobalDefault = Command<'ChangePriorityClassGlobalDefault', { name: string; globalDefault: boolean } & DefaultSeen>;
export type DeletePriorityClass = Command<'DeletePriorityClass', { name: string }>;
export type PriorityClassCommand = CreatePriorityClass | DescribePriorityClass | ChangePriorityClassGlobalDefault | DeletePriorityClass | MetadataCommand;

type Decision = NewEvent<PriorityClassEvent>[];

export const PRIORITY_CLASSES_RESOURCE = 'priorityclasses.scheduling.k8s.io';
const KIND = 'PriorityClass.scheduling.k8s.io';

const forbidden = (name: string, why: string) =>
  new CommandRefused('Forbidden', `${PRIORITY_CLASSES_RESOURCE} "${name}" is forbidden: ${why}`, { kind: 'priorityclasses', name });

function existing(state: PriorityClassState, name: string): PriorityClass {
  if (state.status !== 'active') throw notFound(PRIORITY_CLASSES_RESOURCE, name);
  return state.priorityClass;
}

/** kube's ValidatePriorityClass: `system-` names are only the system classes as they are; users' values stay at or under 1e9. */
function settingsProblems(name: string, value: number, globalDefault: boolean, policy: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!Number.isInteger(value) || value > 2_147_483_647 || value < -2_147_483_648) causes.push({ field: 'value', message: `Invalid value: ${value}: must be a 32-bit integer` });
  else if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const system = SYSTEM_PRIORITY_CLASSES.get(name);
    const why = !system ? `${name} is not a known system priority class`
      : system.value !== value ? `value of ${name} PriorityClass must be ${system.value}`
      : globalDefault ? `globalDefault of ${name} PriorityClass must be false` : undefined;
    if (why) causes.push({ field: 'metadata.name', message: `Forbidden: priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}` });
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY)
    causes.push({ field: 'value', message: `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}` });
  if (!(PREEMPTION_POLICIES as readonly string[]).includes(policy))
    causes.push({ field: 'preemptionPolicy', message: `Unsupported value: "${policy}": supported values: "${PREEMPTION_POLICIES.join('", "')}"` });
  return causes;
}

/** Only one class is the default: marking another is refused in kube-apiserver's words, naming the one that is. */
function refuseSecondDefault(name: string, globalDefault: boolean, currentDefault: string | undefined): void {
  if (globalDefault && currentDefault !== undefined && currentDefault !== name)
    throw forbidden(name, `PriorityClass ${currentDefault} is already marked as default. Only one default can exist`);
}

/** What is wrong with a class to be created, each naming its field (a manifest is checked with the same rules). */
export function priorityClassProblems({ meta, value, globalDefault = false, preemptionPolicy = DEFAULT_PREEMPTION_POLICY }: CreatePriorityClass['data']): FieldCause[] {
  const nameProblem = objectNameProblem(meta.name);
  return [
    ...(nameProblem ? [{ field: 'metadata.name', message: nameProblem }] : []),
    ...(meta.uid ? [] : [{ field: 'metadata.uid', message: 'Required value' }]),
    ...labelsProblems(meta.labels),
    ...annotationsProblems(meta.annotations),
    ...settingsProblems(meta.name, value, globalDefault, preemptionPolicy),
  ];
}

function create(command: CreatePriorityClass, state: PriorityClassState): Decision {
  const { meta, value, globalDefault = false, preemptionPolicy = DEFAULT_PREEMPTION_POLICY, description, currentDefault } = command.data;
  const causes = priorityClassProblems(command.data);
  if (causes.length > 0) throw invalid(KIND, meta.name, causes);
  if (state.status === 'active') throw alreadyExists(PRIORITY_CLASSES_RESOURCE, meta.name);
  refuseSecondDefault(meta.name, globalDefault, currentDefault);
  const settings = { value, globalDefault, preemptionPolicy, ...(description === undefined ? {} : { description }) };
  return [{ type: 'PriorityClassCreated', data: { meta: { ...meta, namespace: '', creationTimestamp: command.metadata.at }, ...settings } }];
}

function describe({ name, description }: DescribePriorityClass['data'], state: PriorityClassState): Decision {
  const before = existing(state, name).description;
  if (before === description) return [];
  return [{ type: 'PriorityClassDescriptionChanged', data: description === undefined ? { name } : { name, description } }];
}

function changeGlobalDefault({ name, globalDefault, currentDefault }: ChangePriorityClassGlobalDefault['data'], state: PriorityClassState): Decision {
  const priorityClass = existing(state, name);
  if (priorityClass.globalDefault === globalDefault) return [];
  if (globalDefault && SYSTEM_PRIORITY_CLASSES.has(name)) throw invalid(KIND, name, settingsProblems(name, priorityClass.value, true, priorityClass.preemptionPolicy));
  refuseSecondDefault(name, globalDefault, currentDefault);
  return [{ type: 'PriorityClassGlobalDefaultChanged', data: { name, globalDefault } }];
}

function remove({ name }: DeletePriorityClass['data'], state: PriorityClassState): Decision {
  existing(state, name);
  if (SYSTEM_PRIORITY_CLASSES.has(name)) throw forbidden(name, 'this is a system priority class and cannot be deleted');
  return [{ type: 'PriorityClassDeleted', data: { name } }];
}

export function decidePriorityClass(command: PriorityClassCommand, state: PriorityClassState): Decision {
  switch (command.type) {
    case 'CreatePriorityClass':
      return create(command, state);
    case 'DescribePriorityClass':
      return describe(command.data, state);
    case 'ChangePriorityClassGlobalDefault':
      return changeGlobalDefault(command.data, state);
    case 'DeletePriorityClass':
      return remove(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown priorityclass command ${(unknown as Command).type}`);
    }
  }
}

export const priorityClassDecider: Decider<PriorityClassState, PriorityClassCommand, PriorityClassEvent> = {
  decide: decidePriorityClass,
  evolve: evolvePriorityClass,
  initialState: initialPriorityClassState,
};
