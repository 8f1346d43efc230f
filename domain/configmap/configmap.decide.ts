import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { metaProblems, type NewObjectMeta } from '../replicaset/workload-spec.js';
import { base64Bytes, base64Problems, configKeysProblems, sameData, tooLarge, type DataMap } from './config-data.js';
import { utf8Bytes } from '../shared/object-size.js';
import { evolveConfigMap, initialConfigMapState, type ConfigMap, type ConfigMapEvent, type ConfigMapKey, type ConfigMapState } from './configmap.js';

type DataInput = Readonly<{ data: DataMap; binaryData?: DataMap }>;

export type CreateConfigMap = Command<'CreateConfigMap', { meta: NewObjectMeta } & DataInput>;
export type ReplaceConfigMapData = Command<'ReplaceConfigMapData', ConfigMapKey & DataInput>;
export type DeleteConfigMap = Command<'DeleteConfigMap', ConfigMapKey>;
export type ConfigMapCommand = CreateConfigMap | ReplaceConfigMapData | DeleteConfigMap | MetadataCommand;

type Decision = NewEvent<ConfigMapEvent>[];

const RESOURCE = 'configmaps';
const KIND = 'ConfigMap';

function existing(state: ConfigMapState, name: string): ConfigMap {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.configMap;
}

/**
 * The limit bounds data and binaryData together. Kubernetes names no field when it is passed (`[]: Too long`);
 * kes names the map that holds more of it, and says when both were counted.
 */
function sizeProblems(dataBytes: number, binaryBytes: number): FieldCause[] {
  const note = dataBytes > 0 && binaryBytes > 0 ? ` (data and binaryData together hold ${dataBytes + binaryBytes})` : '';
  return tooLarge(dataBytes + binaryBytes, binaryBytes > dataBytes ? 'binaryData' : 'data', note);
}

/** What Kubernetes' ValidateConfigMap checks of the data. */
export function configMapDataProblems({ data, binaryData = {} }: DataInput): FieldCause[] {
  const badBase64 = base64Problems(binaryData, 'binaryData');
  const dataBytes = Object.values(data).reduce((n, v) => n + utf8Bytes(v), 0);
  const binaryBytes = badBase64.length > 0 ? 0 : Object.values(binaryData).reduce((n, v) => n + base64Bytes(v), 0);
  return [
    ...configKeysProblems(data, 'data'),
    ...configKeysProblems(binaryData, 'binaryData'),
    ...Object.keys(binaryData).filter((k) => Object.prototype.hasOwnProperty.call(data, k))
      .map((k) => ({ field: 'binaryData', message: `Invalid value: "${k}": duplicate of key present in data` })),
    ...badBase64,
    ...sizeProblems(dataBytes, binaryBytes),
  ];
}

function create(command: CreateConfigMap, state: ConfigMapState): Decision {
  const { meta, data, binaryData = {} } = command.data;
  const causes = [...metaProblems(meta), ...configMapDataProblems(command.data)];
  if (causes.length > 0) throw invalid(KIND, meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, meta.name);
  return [{ type: 'ConfigMapCreated', data: { meta: { ...meta, creationTimestamp: command.metadata.at }, data, binaryData } }];
}

function replace({ namespace, name, data, binaryData = {} }: ReplaceConfigMapData['data'], state: ConfigMapState): Decision {
  const configMap = existing(state, name);
  const causes = configMapDataProblems({ data, binaryData });
  if (causes.length > 0) throw invalid(KIND, name, causes);
  if (sameData(configMap.data, data) && sameData(configMap.binaryData, binaryData)) return [];
  return [{ type: 'ConfigMapDataChanged', data: { namespace, name, data, binaryData } }];
}

export function decideConfigMap(command: ConfigMapCommand, state: ConfigMapState): Decision {
  switch (command.type) {
    case 'CreateConfigMap':
      return create(command, state);
    case 'ReplaceConfigMapData':
      return replace(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'DeleteConfigMap':
      existing(state, command.data.name);
      return [{ type: 'ConfigMapDeleted', data: { namespace: command.data.namespace, name: command.data.name } }];
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown configmap command ${(unknown as Command).type}`);
    }
  }
}

export const configMapDecider: Decider<ConfigMapState, ConfigMapCommand, ConfigMapEvent> = {
  decide: decideConfigMap,
  evolve: evolveConfigMap,
  initialState: initialConfigMapState,
};
