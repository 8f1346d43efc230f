import { Agent, fetch as undiciFetch, type RequestInit } from 'undici';

export type ApiClientTls = {
  /** The cluster CA (PEM) to trust for an https server (instead of the system's roots). */
  ca?: string;
  /** Accept any server certificate: only for fetching the cluster CA at join, which is then checked by its hash. */
  insecureSkipTlsVerify?: boolean;
};

/** A small client for the kes API server, used by agents in other processes (kubelet, simulator). */
export class ApiClient {
  private readonly dispatcher?: Agent;

  constructor(
    readonly server: string,
    private token: string,
    tls: ApiClientTls = {},
  ) {
    if (server.startsWith('https:') && (tls.ca || tls.insecureSkipTlsVerify))
      this.dispatcher = new Agent({ connect: tls.insecureSkipTlsVerify ? { rejectUnauthorized: false } : { ca: tls.ca, rejectUnauthorized: true } });
  }

  useToken(token: string): void {
    this.token = token;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.fetch(path, {
      method,
      headers: { ...this.auth(), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, (parsed as { message?: string })?.message ?? text, parsed);
    return parsed as T;
  }

  /** Opens a streaming GET and yields each JSON line. */
  async *lines(path: string, signal: AbortSignal): AsyncGenerator<unknown> {
    const response = await this.fetch(path, { headers: this.auth(), signal });
    if (!response.ok || !response.body) throw new ApiError(response.status, await response.text(), undefined);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line);
      }
    }
  }

  /** Closes pooled connections (a no-op for plain http, which uses the global pool). */
  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  private fetch(path: string, init: RequestInit) {
    return undiciFetch(`${this.server}${path}`, this.dispatcher ? { ...init, dispatcher: this.dispatcher } : init);
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
