/** A small client for the kes API server, used by agents in other processes (kubelet, simulator). */
export class ApiClient {
  constructor(
    readonly server: string,
    private token: string,
  ) {}

  useToken(token: string): void {
    this.token = token;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.server}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, (parsed as { message?: string })?.message ?? text, parsed);
    return parsed as T;
  }

  /** Opens a streaming GET and yields each JSON line. */
  async *lines(path: string, signal: AbortSignal): AsyncGenerator<unknown> {
    const response = await fetch(`${this.server}${path}`, { headers: { authorization: `Bearer ${this.token}` }, signal });
    if (!response.ok || !response.body) throw new ApiError(response.status, await response.text(), undefined);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line);
      }
    }
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
