import { LAST_APPLIED_ANNOTATION } from '../../domain/shared/object-meta.js';
import type { DataMap } from '../../domain/configmap/config-data.js';
import type { CreateSecret } from '../../domain/secret/secret.decide.js';
import { SecretKeyDestroyed, type SecretKeyStore } from '../ports/secret-keys.js';
import type { SecretManifest } from '../manifests/to-config-objects.js';
import type { SecretView } from '../projections/service-views.js';
import { sealedSecret } from './sealed-secrets.js';

/**
 * Secrets as the REST API takes and gives them: values base64 (as a manifest's `data`), sealed with the
 * secret's own key before any command is built. `kubectl apply` copies the whole manifest, values and all, into
 * the last-applied annotation, so that annotation is sealed with the same key and opened with the values.
 */
export const SEALED_ANNOTATIONS: readonly string[] = [LAST_APPLIED_ANNOTATION];

/** A manifest's base64 value as bytes. */
export const fromBase64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));

export async function sealAnnotations(keys: SecretKeyStore, keyId: string, annotations: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const sealed: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations))
    sealed[key] = SEALED_ANNOTATIONS.includes(key) ? await keys.encrypt(keyId, new TextEncoder().encode(value)) : value;
  return sealed;
}

/** The data of a CreateSecret command for a manifest: a new key, every value and sealed annotation encrypted with it. */
export async function sealSecretManifest(keys: SecretKeyStore, { meta, type, data }: SecretManifest): Promise<CreateSecret['data']> {
  const values = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, fromBase64(value)]));
  const sealed = await sealedSecret(keys, meta, type, values);
  return { ...sealed, meta: { ...meta, annotations: await sealAnnotations(keys, sealed.keyId, meta.annotations) } };
}

/** New values (base64) sealed with the secret's existing key. */
export async function sealValues(keys: SecretKeyStore, keyId: string, data: DataMap): Promise<Record<string, string>> {
  const sealed: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) sealed[key] = await keys.encrypt(keyId, fromBase64(value));
  return sealed;
}

export type OpenedSecret = Readonly<{ data: Record<string, string>; annotations: Record<string, string> }>;

/** The values (base64) and annotations of a secret in the clear; undefined once its key has been destroyed. */
export async function openSecretValues(keys: SecretKeyStore, view: Pick<SecretView, 'keyId' | 'encryptedData' | 'meta'>): Promise<OpenedSecret | undefined> {
  try {
    const data: Record<string, string> = {};
    for (const [key, sealed] of Object.entries(view.encryptedData)) data[key] = Buffer.from(await keys.decrypt(view.keyId, sealed)).toString('base64');
    const annotations: Record<string, string> = {};
    for (const [key, value] of Object.entries(view.meta.annotations))
      annotations[key] = SEALED_ANNOTATIONS.includes(key) ? new TextDecoder().decode(await keys.decrypt(view.keyId, value)) : value;
    return { data, annotations };
  } catch (error) {
    if (error instanceof SecretKeyDestroyed) return undefined;
    throw error;
  }
}
