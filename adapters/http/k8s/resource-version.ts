import { caughtUp } from '../../../application/projections/wait-for.js';
import type { ApiDeps } from '../api-deps.js';
import { failure, type StatusBody } from '../status.js';

/** How long a list waits for its read models to reach a resourceVersion the store has, as the watch cache waits. */
export const FRESHNESS_WAIT_MS = 3_000;

/** `?resourceVersion=` of a list or watch: absent or empty is "the most recent", otherwise a position in the log. */
export function parseResourceVersion(raw: unknown): number | undefined | StatusBody {
  if (raw === undefined || raw === '') return undefined;
  const text = String(raw);
  if (/^[0-9]+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return failure(
    'BadRequest',
    `resourceVersion: Invalid value: ${JSON.stringify(text)}: must be a resourceVersion the server gave out (a whole number, 0 or more), or empty for the most recent`,
  );
}

/** What kube-apiserver answers a resourceVersion newer than it has; clients retry after a second. */
export function tooLargeResourceVersion(requested: number, current: number): StatusBody {
  return failure('Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/** A watch's resourceVersion (0 when absent: start from the present), refused when it is not one or lies beyond the log's head. */
export async function watchFrom(deps: Pick<ApiDeps, 'store'>, raw: unknown): Promise<number | StatusBody> {
  const requested = parseResourceVersion(raw);
  if (typeof requested === 'object') return requested;
  const head = await deps.store.headPosition();
  return requested !== undefined && requested > head ? tooLargeResourceVersion(requested, head) : (requested ?? 0);
}

/**
 * Why a list cannot be served at least as fresh as its resourceVersion, or undefined when it can: a version the
 * log has and the read models have not applied yet is waited for, briefly.
 */
export async function listVersionRefusal(deps: Pick<ApiDeps, 'models' | 'store'>, raw: unknown, waitMs = FRESHNESS_WAIT_MS): Promise<StatusBody | undefined> {
  const requested = parseResourceVersion(raw);
  if (typeof requested === 'object') return requested;
  if (requested === undefined || requested <= deps.models.position) return undefined;
  const head = await deps.store.headPosition();
  if (requested > head) return tooLargeResourceVersion(requested, head);
  return caughtUp(deps.models, requested, waitMs).then(
    () => undefined,
    () => tooLargeResourceVersion(requested, deps.models.position),
  );
}
