import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import { namespacedKey, type ObjectMeta } from '../shared/object-meta.js';

/** The account every namespace has, which pods run as when they name none (kube-controller-manager's serviceaccount controller). */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

export type ServiceAccountKey = Readonly<{ namespace: string; name: string }>;
/** `automountServiceAccountToken` is kept as given (absent: not said); kes mounts no tokens yet. */
export type ServiceAccountSettings = Readonly<{ automountServiceAccountToken?: boolean }>;

export type ServiceAccountCreated = Event<'ServiceAccountCreated', { meta: ObjectMeta } & ServiceAccountSettings>;
export type ServiceAccountDeleted = Event<'ServiceAccountDeleted', ServiceAccountKey>;
export type ServiceAccountEvent = ServiceAccountCreated | ServiceAccountDeleted | MetadataEvent;

export type ServiceAccount = Readonly<{ meta: ObjectMeta }> & ServiceAccountSettings;

export type ServiceAccountState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; serviceAccount: ServiceAccount }>
  | Readonly<{ status: 'deleted' }>;

export const serviceAccountStream = (namespace: string, name: string) => `serviceaccount-${namespacedKey(namespace, name)}`;
export const initialServiceAccountState = (): ServiceAccountState => ({ status: 'absent' });

export function evolveServiceAccount(state: ServiceAccountState, event: ServiceAccountEvent): ServiceAccountState {
  switch (event.type) {
    case 'ServiceAccountCreated':
      return { status: 'active', serviceAccount: event.data };
    case 'ServiceAccountDeleted':
      return { status: 'deleted' };
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return state.status === 'active'
        ? { status: 'active', serviceAccount: { ...state.serviceAccount, meta: evolveMetadata(state.serviceAccount.meta, event) } }
        : state;
  }
}
