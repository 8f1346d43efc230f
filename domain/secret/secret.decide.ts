import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { metaProblems, type NewObjectMeta } from '../replicaset/workload-spec.js';
import { base64Problems, configKeysProblems, sameData, type DataMap } from '../configmap/config-data.js';
import { evolveSecret, initialSecretState, type EncryptedSecret, type Secret, type SecretEvent, type SecretKey, type SecretState } from './secret.js';

/** Built by the API server after it encrypted the values; see secret.ts for why plaintext never gets here. */
export type CreateSecret = Command<'CreateSecret', { meta: NewObjectMeta } & EncryptedSecret>;
/** `type`, when given, is the manifest's: it must be the recorded one. */
export type ReplaceSecretData = Command<'ReplaceSecretData', SecretKey & { keyId: string; encryptedData: DataMap; type?: SecretType }>;
export type DeleteSecret = Command<'DeleteSecret', SecretKey>;
export type SecretCommand = CreateSecret | ReplaceSecretData | DeleteSecret | MetadataCommand;

type SecretType = EncryptedSecret['type'];
type Decision = NewEvent<SecretEvent>[];

const RESOURCE = 'secrets';
const KIND = 'Secret';
const SERVICE_ACCOUNT_NAME = 'kubernetes.io/service-account.name';

// The keys Kubernetes requires of its built-in secret types. Only key names can be checked: values are ciphertext.
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function existing(state: SecretState, name: string): Secret {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.secret;
}

const has = (data: DataMap, key: string) => Object.prototype.hasOwnProperty.call(data, key);

/** The keys and annotations Kubernetes requires of a secret of this type. */
export function secretTypeProblems(type: SecretType, data: DataMap, annotations: Readonly<Record<string, string>>): FieldCause[] {
  if (!type) return [{ field: 'type', message: 'Required value' }];
  if (type === 'kubernetes.io/service-account-token' && !annotations[SERVICE_ACCOUNT_NAME])
    return [{ field: `metadata.annotations[${SERVICE_ACCOUNT_NAME}]`, message: 'Required value' }];
  if (type === 'kubernetes.io/basic-auth' && !has(data, 'username') && !has(data, 'password'))
    return ['username', 'password'].map((key) => ({ field: `data[${key}]`, message: 'Required value' }));
  return (REQUIRED_KEYS[type] ?? []).filter((key) => !has(data, key)).map((key) => ({ field: `data[${key}]`, message: 'Required value' }));
}

/** Users write `data` in their manifests, so causes name `data[key]`, not `encryptedData`. */
function dataProblems(keyId: string, encryptedData: DataMap): FieldCause[] {
  return [
    ...(keyId ? [] : [{ field: 'keyId', message: 'Required value' }]),
    ...configKeysProblems(encryptedData, 'data'),
    ...base64Problems(encryptedData, 'data', 'must be base64 ciphertext'),
  ];
}

function create(command: CreateSecret, state: SecretState): Decision {
  const { meta, type, keyId, encryptedData } = command.data;
  const shredded = state.status === 'absent' ? [] : state.shreddedKeyIds;
  const causes = [
    ...metaProblems(meta),
    ...secretTypeProblems(type, encryptedData, meta.annotations),
    ...dataProblems(keyId, encryptedData),
    ...(shredded.includes(keyId) ? [{ field: 'keyId', message: `Invalid value: "${keyId}": this key was destroyed when the secret was deleted; encrypt with a new key` }] : []),
  ];
  if (causes.length > 0) throw invalid(KIND, meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, meta.name);
  return [{ type: 'SecretCreated', data: { meta: { ...meta, creationTimestamp: command.metadata.at }, type, keyId, encryptedData } }];
}

/** keyId never changes while the secret lives, so destroying the one key at deletion shreds all its history. */
function replace({ namespace, name, keyId, encryptedData, type }: ReplaceSecretData['data'], state: SecretState): Decision {
  const secret = existing(state, name);
  const causes = [
    ...(type !== undefined && type !== secret.type ? [{ field: 'type', message: `Invalid value: "${type}": field is immutable` }] : []),
    ...(keyId && keyId !== secret.keyId ? [{ field: 'keyId', message: `Invalid value: "${keyId}": field is immutable` }] : []),
    ...dataProblems(keyId, encryptedData),
    ...secretTypeProblems(secret.type, encryptedData, secret.meta.annotations),
  ];
  if (causes.length > 0) throw invalid(KIND, name, causes);
  // Ciphertexts are compared as given: re-encrypting the same value appends an event, which discloses nothing.
  if (sameData(secret.encryptedData, encryptedData)) return [];
  return [{ type: 'SecretDataChanged', data: { namespace, name, keyId, encryptedData } }];
}

export function decideSecret(command: SecretCommand, state: SecretState): Decision {
  switch (command.type) {
    case 'CreateSecret':
      return create(command, state);
    case 'ReplaceSecretData':
      return replace(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'DeleteSecret': {
      const { keyId } = existing(state, command.data.name);
      return [{ type: 'SecretDeleted', data: { namespace: command.data.namespace, name: command.data.name, keyId } }];
    }
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown secret command ${(unknown as Command).type}`);
    }
  }
}

export const secretDecider: Decider<SecretState, SecretCommand, SecretEvent> = {
  decide: decideSecret,
  evolve: evolveSecret,
  initialState: initialSecretState,
};
