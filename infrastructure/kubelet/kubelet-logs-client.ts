import { Agent, request } from 'undici';
import { ContainerLogsUnavailable } from '../../application/ports/container-runtime.js';
import { KubeletUnreachable, type ContainerLogsRequest, type KubeletAddress, type KubeletLogs } from '../../application/ports/kubelet-logs.js';
import type { KubeletRefusal } from './kubelet-server.js';

export type KubeletClientCertificate = Readonly<{ cert: string; key: string }>;

const PROBLEMS = new Set<string>(['PodNotFound', 'ContainerNotFound', 'ContainerNotStarted', 'PreviousNotFound']);
const CONNECT_TIMEOUT_MS = 10_000;

function logsUrl({ host, port }: KubeletAddress, r: ContainerLogsRequest): string {
  const query = new URLSearchParams();
  if (r.previous) query.set('previous', 'true');
  if (r.follow) query.set('follow', 'true');
  if (r.timestamps) query.set('timestamps', 'true');
  if (r.tailLines !== undefined) query.set('tailLines', String(r.tailLines));
  if (r.limitBytes !== undefined) query.set('limitBytes', String(r.limitBytes));
  if (r.sinceSeconds !== undefined) query.set('sinceSeconds', String(r.sinceSeconds));
  if (r.sinceTime !== undefined) query.set('sinceTime', r.sinceTime);
  const path = [r.namespace, r.pod, r.container].map(encodeURIComponent).join('/');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `https://${hostPart}:${port}/containerLogs/${path}${query.size > 0 ? `?${query}` : ''}`;
}

function refusalOf(text: string): KubeletRefusal | undefined {
  try {
    const body = JSON.parse(text) as Partial<KubeletRefusal>;
    return typeof body.problem === 'string' && PROBLEMS.has(body.problem) && typeof body.message === 'string' ? (body as KubeletRefusal) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads container logs from kubelets over HTTPS with the API server's kubelet client certificate. The kubelet's own
 * serving certificate is not checked (kubeadm's default, without --kubelet-certificate-authority).
 */
export class HttpsKubeletLogs implements KubeletLogs {
  private readonly agent: Agent;

  constructor(client: KubeletClientCertificate) {
    this.agent = new Agent({ connect: { cert: client.cert, key: client.key, rejectUnauthorized: false, timeout: CONNECT_TIMEOUT_MS } });
  }

  async open(kubelet: KubeletAddress, logs: ContainerLogsRequest, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const url = logsUrl(kubelet, logs);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      // No body timeout: a follow of a quiet container may wait for its next line as long as it likes.
      response = await request(url, { dispatcher: this.agent, signal, bodyTimeout: 0 });
    } catch (error) {
      const cause = (error as { cause?: Error }).cause;
      throw new KubeletUnreachable(`Get "${url}": ${cause?.message ?? (error as Error).message}`);
    }
    if (response.statusCode === 200) return response.body;
    const text = (await response.body.text()).trim();
    const refusal = refusalOf(text);
    if (refusal) throw new ContainerLogsUnavailable(refusal.problem, refusal.message);
    throw new KubeletUnreachable(`the kubelet at ${kubelet.host}:${kubelet.port} answered ${response.statusCode}: ${text}`);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
