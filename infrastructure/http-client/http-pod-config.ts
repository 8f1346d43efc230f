import type { PodConfigData, PodConfigSource } from '../../application/ports/pod-config-source.js';
import { ApiError, type ApiClient } from './api-client.js';

type Manifest = { data?: Record<string, string>; binaryData?: Record<string, string> };

const fromBase64 = (values: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, new Uint8Array(Buffer.from(value, 'base64'))]));

/** ConfigMaps and Secrets for a kubelet in another process: read from the API server with the node's credential. */
export class HttpPodConfigSource implements PodConfigSource {
  constructor(private readonly api: ApiClient) {}

  async configMap(namespace: string, name: string): Promise<PodConfigData | undefined> {
    const manifest = await this.get(`/api/v1/namespaces/${namespace}/configmaps/${name}`);
    return manifest && { ...(manifest.data ?? {}), ...fromBase64(manifest.binaryData) };
  }

  async secret(namespace: string, name: string): Promise<PodConfigData | undefined> {
    const manifest = await this.get(`/api/v1/namespaces/${namespace}/secrets/${name}`);
    return manifest && fromBase64(manifest.data);
  }

  private async get(path: string): Promise<Manifest | undefined> {
    try {
      return await this.api.request<Manifest>('GET', path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }
}
