import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import { namespacedKey, type ObjectMeta } from '../shared/object-meta.js';
import type { DataMap } from './config-data.js';

/** `binaryData` values are base64, as in a manifest; absent binaryData is recorded as empty. */
export type ConfigMapData = Readonly<{ data: DataMap; binaryData: DataMap }>;
export type ConfigMapKey = Readonly<{ namespace: string; name: string }>;

export type ConfigMapCreated = Event<'ConfigMapCreated', { meta: ObjectMeta } & ConfigMapData>;
export type ConfigMapDataChanged = Event<'ConfigMapDataChanged', ConfigMapKey & ConfigMapData>;
export type ConfigMapDeleted = Event<'ConfigMapDeleted', ConfigMapKey>;
export type ConfigMapEvent = ConfigMapCreated | ConfigMapDataChanged | ConfigMapDeleted | MetadataEvent;

export type ConfigMap = Readonly<{ meta: ObjectMeta } & ConfigMapData>;

export type ConfigMapState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; configMap: ConfigMap }>
  | Readonly<{ status: 'deleted' }>;

export const configMapStream = (namespace: string, name: string) => `configmap-${namespacedKey(namespace, name)}`;
export const initialConfigMapState = (): ConfigMapState => ({ status: 'absent' });

export function evolveConfigMap(state: ConfigMapState, event: ConfigMapEvent): ConfigMapState {
  switch (event.type) {
    case 'ConfigMapCreated':
      return { status: 'active', configMap: event.data };
    case 'ConfigMapDataChanged': {
      if (state.status !== 'active') return state;
      const { data, binaryData } = event.data;
      return { status: 'active', configMap: { ...state.configMap, data, binaryData } };
    }
    case 'ConfigMapDeleted':
      return { status: 'deleted' };
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return state.status === 'active' ? { status: 'active', configMap: { ...state.configMap, meta: evolveMetadata(state.configMap.meta, event) } } : state;
  }
}
