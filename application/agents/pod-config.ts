import { namespacedKey } from '../../domain/shared/object-meta.js';
import type { PodConfigData, PodConfigSource } from '../ports/pod-config-source.js';
import { SecretKeyDestroyed, type SecretKeyStore } from '../ports/secret-keys.js';
import type { ReadModels } from '../projections/read-models.js';
import { fromBase64 } from '../secrets/secret-values.js';

/**
 * ConfigMaps and Secrets for the kubelet that runs in the master's process: straight from its read models,
 * secrets opened with their keys (a shredded secret is as good as absent).
 */
export function readModelPodConfig(models: ReadModels, keys: SecretKeyStore): PodConfigSource {
  return {
    configMap: async (namespace, name) => {
      const configMap = models.configMaps.get(namespacedKey(namespace, name));
      if (!configMap) return undefined;
      const binary = Object.entries(configMap.binaryData).map(([key, value]) => [key, fromBase64(value)]);
      return { ...configMap.data, ...Object.fromEntries(binary) } satisfies PodConfigData;
    },
    secret: async (namespace, name) => {
      const secret = models.secrets.get(namespacedKey(namespace, name));
      if (!secret) return undefined;
      try {
        const opened: Record<string, Uint8Array> = {};
        for (const [key, sealed] of Object.entries(secret.encryptedData)) opened[key] = await keys.decrypt(secret.keyId, sealed);
        return opened;
      } catch (error) {
        if (error instanceof SecretKeyDestroyed) return undefined;
        throw error;
      }
    },
  };
}
