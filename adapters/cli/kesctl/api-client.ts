import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import type { Status } from '../../http/k8s/k8s-types.js';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

const REASONS: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  409: 'Conflict', 410: 'Gone', 415: 'UnsupportedMediaType', 422: 'Invalid', 429: 'TooManyRequests',
  500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

/** A failure the API server answered with; prints as kubectl does. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: Status) {
    super(`Error from server (${status.reason || REASONS[status.code] || 'Unknown'}): ${status.message ?? ''}`);
  }
  get reason(): string | undefined {
    return this.status.reason;
  }
  get notFound(): boolean {
    return this.status.code === 404;
  }
  /** The same failure with what kesctl was doing in front: `error when creating "web.yaml": …`. */
  during(doing: string): ApiError {
    return new ApiError({ ...this.status, message: `${doing}: ${this.status.message ?? ''}` });
  }
}

/** For `.catch`: puts what kesctl was doing in front of a server failure's message. */
export function during(doing: string): (err: unknown) => never {
  return (err: unknown) => {
    throw err instanceof ApiError ? err.during(doing) : err;
  };
}

/** Any other failure: printed as `error: <message>`. */
export class CliError extends Error {
  override name = 'CliError';
}

/** The API server could not be reached; printed as it is, as kubectl does. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

export type ApiClientOptions = {
  server: string;
  token?: string;
  fetch?: typeof fetch;
  /** A CA (PEM) to trust for an https server, besides none other: the cluster CA from the kubeconfig. */
  ca?: string;
  /** Do not check the server's certificate (kubectl's --insecure-skip-tls-verify). */
  insecureSkipTlsVerify?: boolean;
  /** Read the cluster as it was at this position of its log (`--at`): every GET asks for it; nothing may be written. */
  readAt?: number;
};

/** A thin JSON client for the Kubernetes-style REST API, on fetch. */
export class ApiClient {
  private readonly server: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.fetch = options.fetch ?? (this.server.startsWith('https:') && (options.ca || options.insecureSkipTlsVerify) ? tlsFetch(options) : globalThis.fetch);
  }

  get<T>(path: string, accept = 'application/json'): Promise<T> {
    return this.request<T>('GET', this.atReadPosition(path), { accept });
  }

  /** The same client reading the cluster as it was right after `position` of its log. */
  at(position: number): ApiClient {
    return new ApiClient({ ...this.options, readAt: position });
  }

  /** Lists at the position exactly (resourceVersionMatch=Exact), gets at it; kes' own API is left as it is. */
  private atReadPosition(path: string): string {
    const position = this.options.readAt;
    if (position === undefined || !/^\/apis?\//.test(path)) return path;
    return `${path}${path.includes('?') ? '&' : '?'}resourceVersion=${position}&resourceVersionMatch=Exact`;
  }

  /** kubectl's DeleteOptions: background propagation unless told otherwise, and a grace period when one is given. */
  delete<T>(path: string, options: { gracePeriodSeconds?: number; propagationPolicy?: string } = {}): Promise<T> {
    return this.request<T>('DELETE', path, { body: { propagationPolicy: 'Background', ...options } });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  patch<T>(path: string, body: unknown, contentType: string): Promise<T> {
    return this.request<T>('PATCH', path, { body, contentType });
  }

  /** A GET whose body is passed on as it arrives (`logs -f`); a failure is an ApiError, as with every other request. */
  async stream(path: string, accept = '*/*'): Promise<AsyncIterable<Uint8Array>> {
    const headers: Record<string, string> = { accept, 'user-agent': 'kesctl' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(this.server + path, { method: 'GET', headers });
    } catch (err) {
      throw connectionError(this.server, err);
    }
    if (!response.ok) throw new ApiError(failureStatus(response.status, await response.text()));
    return (response.body ?? []) as AsyncIterable<Uint8Array>;
  }

  /** A streaming GET of one JSON value a line (a followed event feed, a watch), each parsed as it arrives. */
  async *jsonLines<T>(path: string, accept?: string): AsyncGenerator<T> {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of await this.stream(path, accept)) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.trim()) yield JSON.parse(line) as T;
    }
    if (buffered.trim()) yield JSON.parse(buffered) as T;
  }

  private async request<T>(method: string, path: string, opts: { accept?: string; body?: unknown; contentType?: string }): Promise<T> {
    if (this.options.readAt !== undefined && method !== 'GET') throw new CliError(`the cluster at position ${this.options.readAt} is history: it can be read, not changed`);
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/json', 'user-agent': 'kesctl' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    let response: Response;
    try {
      response = await this.fetch(this.server + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch (err) {
      throw connectionError(this.server, err);
    }
    const text = await response.text();
    if (!response.ok) throw new ApiError(failureStatus(response.status, text));
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(`the server answered ${method} ${path} with something that is not JSON: ${text.slice(0, 200)}`);
    }
  }
}

/** fetch over a connection pool that trusts the given CA (or, when asked, any certificate). */
function tlsFetch(options: ApiClientOptions): typeof fetch {
  const dispatcher = new Agent({
    connect: options.insecureSkipTlsVerify ? { rejectUnauthorized: false } : { ca: options.ca, rejectUnauthorized: true },
  });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as UndiciRequestInit | undefined), dispatcher })) as unknown as typeof fetch;
}

function failureStatus(code: number, text: string): Status {
  try {
    const body = JSON.parse(text) as Partial<Status>;
    if (body.kind === 'Status') return { ...body, code: body.code ?? code } as Status;
  } catch {
    // Not a Status: described below as kubectl does.
  }
  const message = text.trim()
    ? `an error on the server ("${text.trim().slice(0, 200)}") has prevented the request from succeeding`
    : `the server responded with the status code ${code} but did not return more information`;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: REASONS[code], code };
}

const TLS_FAILURES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
]);

function connectionError(server: string, err: unknown): ConnectionError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const host = server.replace(/^[a-z]+:\/\//, '');
  if (cause?.code === 'ECONNREFUSED')
    return new ConnectionError(`The connection to the server ${host} was refused - did you specify the right host or port?`);
  if (cause?.code && TLS_FAILURES.has(cause.code))
    return new ConnectionError(
      `Unable to connect to the server ${host}: tls: failed to verify certificate: ${cause.message} ` +
        '(give the cluster CA: certificate-authority-data in the kubeconfig, or --certificate-authority FILE)',
    );
  return new ConnectionError(`Unable to connect to the server ${host}: ${cause?.message ?? (err as Error).message}`);
}
