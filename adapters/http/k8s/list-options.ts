import type { FieldCause } from '../../../domain/shared/errors.js';
import { failure, invalidStatus, type StatusBody } from '../status.js';
import { parseResourceVersion } from './resource-version.js';

/**
 * The ListOptions of a list or watch as kube-apiserver 1.32 reads and validates them: resourceVersion and
 * resourceVersionMatch, limit and continue (lists), allowWatchBookmarks and sendInitialEvents (watches).
 */
export type ListOptions = Readonly<{
  resourceVersion?: number;
  match?: 'NotOlderThan' | 'Exact';
  /** At most this many items (absent: all). */
  limit?: number;
  /** Where a paged list goes on: the resourceVersion it is served at, and the key its next page starts after. */
  continueFrom?: ContinueToken;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  /** When a watch ends (absent: never), at most MAX_WATCH_SECONDS. */
  timeoutSeconds?: number;
}>;

/** The longest timer Node.js keeps (2^31 - 1 ms, about 24 days): a longer one would fire at once and end the watch. */
export const MAX_WATCH_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export type ContinueToken = Readonly<{ resourceVersion: number; after: string }>;

export type ListQuery = Readonly<{
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: string;
  continue?: string;
  allowWatchBookmarks?: string;
  sendInitialEvents?: string;
  timeoutSeconds?: string;
}>;

const MATCHES = ['Exact', 'NotOlderThan'] as const;

/** A boolean query parameter as Kubernetes reads one: absent is undefined; empty, 0, f and false are no. */
function flag(raw: string | undefined): boolean | undefined {
  return raw === undefined ? undefined : !['', '0', 'f', 'false'].includes(raw.toLowerCase());
}

/** The ListOptions of `query`, or the Status refusing them (422 naming each field, 400 for what does not parse). */
export function parseListOptions(query: ListQuery, watching: boolean): ListOptions | StatusBody {
  const resourceVersion = parseResourceVersion(query.resourceVersion);
  if (typeof resourceVersion === 'object') return resourceVersion;
  const limit = query.limit === undefined || query.limit === '' ? 0 : Number(query.limit);
  if (!Number.isSafeInteger(limit)) return failure('BadRequest', `limit: Invalid value: ${JSON.stringify(query.limit)}: must be a whole number`);
  const timeoutSeconds = parseWatchTimeout(query.timeoutSeconds);
  if (typeof timeoutSeconds === 'object') return timeoutSeconds;
  const continued = query.continue ? decodeContinue(query.continue) : undefined;
  if (typeof continued === 'string') return failure('BadRequest', `invalid continue token: ${continued}`);
  if (continued && resourceVersion !== undefined && resourceVersion !== 0)
    return failure('BadRequest', 'specifying resource version is not allowed when using continue');
  const match = query.resourceVersionMatch || undefined;
  const sendInitialEvents = flag(query.sendInitialEvents);
  const allowWatchBookmarks = flag(query.allowWatchBookmarks) ?? false;
  const causes = listOptionCauses({ match, resourceVersion: query.resourceVersion, continued: continued !== undefined, watching, sendInitialEvents, allowWatchBookmarks });
  if (causes.length > 0) return invalidStatus('ListOptions.meta.k8s.io', '', causes);
  return {
    ...(resourceVersion === undefined ? {} : { resourceVersion }),
    ...(match ? { match: match as ListOptions['match'] } : {}),
    ...(limit > 0 ? { limit } : {}),
    ...(continued ? { continueFrom: continued } : {}),
    allowWatchBookmarks,
    ...(sendInitialEvents === undefined ? {} : { sendInitialEvents }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/** A watch's `timeoutSeconds`: absent, a whole number of seconds (at most MAX_WATCH_SECONDS), or the 400 refusing it. */
export function parseWatchTimeout(raw: string | undefined): number | undefined | StatusBody {
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isSafeInteger(seconds)) return failure('BadRequest', `timeoutSeconds: Invalid value: ${JSON.stringify(raw)}: must be a whole number of seconds`);
  return Math.min(seconds, MAX_WATCH_SECONDS);
}

type Given = Readonly<{
  match: string | undefined;
  resourceVersion: string | undefined;
  continued: boolean;
  watching: boolean;
  sendInitialEvents: boolean | undefined;
  allowWatchBookmarks: boolean;
}>;

/** kube-apiserver's ValidateListOptions (1.32, WatchList on), in its words and order. */
function listOptionCauses(given: Given): FieldCause[] {
  const causes: FieldCause[] = [];
  const forbid = (field: string, why: string) => causes.push({ field, message: `Forbidden: ${why}` });
  const unsupported = (supported: readonly string[]) =>
    causes.push({ field: 'resourceVersionMatch', message: `Unsupported value: ${JSON.stringify(given.match)}: supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` });
  const { match } = given;
  if (given.watching) {
    if (given.sendInitialEvents !== undefined) {
      if (match !== 'NotOlderThan') forbid('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
      if (!given.allowWatchBookmarks) forbid('allowWatchBookmarks', 'allowWatchBookmarks must be set to true when sendInitialEvents is specified');
    }
    if (match === undefined) return causes;
    if (given.sendInitialEvents === undefined) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
    if (match !== 'NotOlderThan') unsupported(['NotOlderThan']);
    if (given.continued) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
    return causes;
  }
  if (match !== undefined) {
    if (!given.resourceVersion) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided');
    if (given.continued) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
    if (!(MATCHES as readonly string[]).includes(match)) unsupported([...MATCHES, '']);
    if (match === 'Exact' && given.resourceVersion === '0') forbid('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
  }
  if (given.sendInitialEvents !== undefined) forbid('sendInitialEvents', 'sendInitialEvents is forbidden for list');
  return causes;
}

/** A continue token as kube-apiserver writes one (opaque to clients): base64url of {"v","rv","start"}, start just after the last key. */
export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.resourceVersion, start: `${token.after}\u0000` })).toString('base64url');
}

/** The token's contents, or why it is not one this server gave out. */
export function decodeContinue(raw: string): ContinueToken | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return 'continue key is not valid: not base64-encoded JSON';
  }
  const { v, rv, start } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== 'meta.k8s.io/v1') return 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)';
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) return 'continue key is not valid: incorrect encoded start resourceVersion';
  if (typeof start !== 'string' || !start.endsWith('\u0000')) return 'continue key is not valid: the start key must end where the last page did';
  return { resourceVersion: rv, after: start.slice(0, -1) };
}
