/**
 * The keys of a ConfigMap or a Secret as a container sees them: text, or bytes where the value is binary (a
 * ConfigMap's binaryData, a Secret's decoded data). Environment variables take bytes as UTF-8.
 */
export type PodConfigData = Readonly<Record<string, string | Uint8Array>>;

/** Where the kubelet's runtime reads the ConfigMaps and Secrets its pods refer to; undefined when there is none. */
export interface PodConfigSource {
  configMap(namespace: string, name: string): Promise<PodConfigData | undefined>;
  secret(namespace: string, name: string): Promise<PodConfigData | undefined>;
}
export const PodConfigSource = Symbol.for('kes.PodConfigSource');
