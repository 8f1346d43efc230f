import { Agent, request as undiciRequest, type Dispatcher } from 'undici';

export type ApiClientTls = {
  /** The cluster CA (PEM) to trust for an https server (instead of the system's roots). */
  ca?: string;
  /** Accept any server certificate: only for fetching the cluster CA at join, which is then checked by its hash. */
  insecureSkipTlsVerify?: boolean;
};

type Call = Readonly<{ method?: Dispatcher.HttpMethod; headers: Record<string, string>; body?: string; signal?: AbortSignal }>;

/**
 * A small client for the kes API server, used by agents in other processes (kubelet, simulator). It uses
 * undici's request API on a keep-alive pool: agents send many small commands, and fetch's WHATWG streams
 * cost several times more per call.
 */
export class ApiClient {
  private readonly dispatcher: Agent;

  constructor(
    readonly server: string,
    private token: string,
    tls: ApiClientTls = {},
  ) {
    const verify = server.startsWith('https:') && (tls.ca || tls.insecureSkipTlsVerify);
    this.dispatcher = new Agent(verify ? { connect: tls.insecureSkipTlsVerify ? { rejectUnauthorized: false } : { ca: tls.ca, rejectUnauthorized: true } } : {});
  }

  useToken(token: string): void {
    this.token = token;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.call(path, {
      method: method as Dispatcher.HttpMethod,
      headers: { ...this.auth(), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.body.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!isOk(response.statusCode)) throw new ApiError(response.statusCode, (parsed as { message?: string })?.message ?? text, parsed);
    return parsed as T;
  }

  /** Opens a streaming GET and yields each JSON line. */
  async *lines(path: string, signal: AbortSignal): AsyncGenerator<unknown> {
    const response = await this.call(path, { headers: this.auth(), signal });
    if (!isOk(response.statusCode)) throw new ApiError(response.statusCode, await response.body.text(), undefined);
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

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private call(path: string, call: Call) {
    return undiciRequest(`${this.server}${path}`, { ...call, dispatcher: this.dispatcher });
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

const isOk = (status: number) => status >= 200 && status < 300;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
