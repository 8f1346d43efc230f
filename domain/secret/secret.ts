import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import { namespacedKey, type ObjectMeta } from '../shared/object-meta.js';
import type { DataMap } from '../configmap/config-data.js';

/*
 * The decider never sees a secret's plaintext. The log is kept forever and copied to every projection, bus and
 * export, so anything that reaches an event can never be taken back. The API server therefore encrypts each value
 * with a key of this secret's own, kept in a key store outside the log, before the command is built; deleting the
 * secret destroys that key (crypto-shredding), and every ciphertext in history becomes unreadable at once.
 */

export type SecretType = 'Opaque' | `kubernetes.io/${string}` | `bootstrap.kubernetes.io/${string}`;

/** `encryptedData`: key → base64 ciphertext; `keyId` names the key in the key store that decrypts it. */
export type EncryptedSecret = Readonly<{ type: SecretType; keyId: string; encryptedData: DataMap }>;
export type SecretKey = Readonly<{ namespace: string; name: string }>;

export type SecretCreated = Event<'SecretCreated', { meta: ObjectMeta } & EncryptedSecret>;
export type SecretDataChanged = Event<'SecretDataChanged', SecretKey & { keyId: string; encryptedData: DataMap }>;
/** The application destroys `keyId` when it sees this event. */
export type SecretDeleted = Event<'SecretDeleted', SecretKey & { keyId: string }>;
export type SecretEvent = SecretCreated | SecretDataChanged | SecretDeleted | MetadataEvent;

export type Secret = Readonly<{ meta: ObjectMeta } & EncryptedSecret>;

/** Keys destroyed by earlier deletions are remembered, so a re-created secret cannot reuse one. */
export type SecretState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; secret: Secret; shreddedKeyIds: readonly string[] }>
  | Readonly<{ status: 'deleted'; shreddedKeyIds: readonly string[] }>;

export const secretStream = (namespace: string, name: string) => `secret-${namespacedKey(namespace, name)}`;
export const initialSecretState = (): SecretState => ({ status: 'absent' });

const shreddedIn = (state: SecretState) => (state.status === 'absent' ? [] : state.shreddedKeyIds);

export function evolveSecret(state: SecretState, event: SecretEvent): SecretState {
  switch (event.type) {
    case 'SecretCreated':
      return { status: 'active', secret: event.data, shreddedKeyIds: shreddedIn(state) };
    case 'SecretDataChanged':
      return state.status === 'active'
        ? { ...state, secret: { ...state.secret, encryptedData: event.data.encryptedData } }
        : state;
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return state.status === 'active' ? { ...state, secret: { ...state.secret, meta: evolveMetadata(state.secret.meta, event) } } : state;
    case 'SecretDeleted':
      return { status: 'deleted', shreddedKeyIds: [...shreddedIn(state), event.data.keyId] };
  }
}
