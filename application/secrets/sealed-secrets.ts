import type { Subscription } from 'rxjs';
import { filter } from 'rxjs';
import type { CreateSecret } from '../../domain/secret/secret.decide.js';
import type { SecretType } from '../../domain/secret/secret.js';
import type { NewObjectMeta } from '../../domain/replicaset/workload-spec.js';
import type { SecretKeyStore } from '../ports/secret-keys.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { SecretView } from '../projections/service-views.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The data of a CreateSecret command: each value sealed with a new key of its own secret. */
export async function sealedSecret(keys: SecretKeyStore, meta: NewObjectMeta, type: SecretType, data: Readonly<Record<string, Uint8Array | string>>): Promise<CreateSecret['data']> {
  const keyId = await keys.createKey();
  const encryptedData: Record<string, string> = {};
  for (const [name, value] of Object.entries(data))
    encryptedData[name] = await keys.encrypt(keyId, typeof value === 'string' ? encoder.encode(value) : value);
  return { meta, type, keyId, encryptedData };
}

/** A secret's values in the clear, for whoever may read them (the kubelet of a pod that mounts it). */
export async function openSecret(keys: SecretKeyStore, secret: Pick<SecretView, 'keyId' | 'encryptedData'>): Promise<Record<string, string>> {
  const opened: Record<string, string> = {};
  for (const [name, sealed] of Object.entries(secret.encryptedData)) opened[name] = decoder.decode(await keys.decrypt(secret.keyId, sealed));
  return opened;
}

/**
 * Destroys a secret's key when the secret is deleted. Subscribe before the read models replay the log:
 * every deletion in history is then shredded again (destroying a destroyed key is harmless).
 */
export function shredDeletedSecrets(models: ReadModels, keys: SecretKeyStore, onError: (error: unknown) => void): Subscription {
  return changesOf(models, 'Secret')
    .pipe(filter((change) => change.type === 'DELETED'))
    .subscribe((change) => void keys.destroy(change.view.keyId).catch(onError));
}
