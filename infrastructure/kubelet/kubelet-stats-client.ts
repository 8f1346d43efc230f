import { Agent, request } from 'undici';
import { UsageUnavailable, type KubeletStats, type NodeUsage } from '../../application/ports/resource-usage.js';
import type { KubeletClientCertificate } from './kubelet-logs-client.js';

const TIMEOUT_MS = 10_000;

/**
 * Asks kubelets for their summary (`GET /stats/summary`) over HTTPS with the API server's kubelet client
 * certificate, as metrics-server scrapes them. The kubelet's serving certificate is not checked (kubeadm's default).
 */
export class HttpsKubeletStats implements KubeletStats {
  private readonly agent: Agent;

  constructor(client: KubeletClientCertificate) {
    this.agent = new Agent({ connect: { cert: client.cert, key: client.key, rejectUnauthorized: false, timeout: TIMEOUT_MS } });
  }

  async summary({ host, port }: Readonly<{ host: string; port: number }>): Promise<NodeUsage> {
    const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}/stats/summary`;
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, { dispatcher: this.agent, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    } catch (error) {
      throw new UsageUnavailable(`Get "${url}": ${(error as { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new UsageUnavailable(`the kubelet at ${host}:${port} answered ${response.statusCode}: ${text.trim()}`);
    return JSON.parse(text) as NodeUsage;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
