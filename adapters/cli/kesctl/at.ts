import { parseLogPoint } from '../../../application/queries/log-point.js';
import { CliError, type ApiClient } from './api-client.js';

/** What `--at` says: a position of the log (a resourceVersion), or an RFC 3339 time. */
export const AT_HELP = 'read the cluster as it was at this point of its history: an RFC 3339 time (2026-12-06T10:00:00Z) or a position of its log (a resourceVersion)';

/**
 * The position `--at` stands for: a whole number is one already; a time is the position of the last event recorded
 * at or before it, as the API server finds it. A point before the cluster's first event is refused (there was
 * nothing to read), as is anything else.
 */
export async function positionOf(client: ApiClient, at: string): Promise<number> {
  const point = parseLogPoint(at.trim());
  if ('problem' in point) throw new CliError(`--at ${point.problem}`);
  const position = 'position' in point ? point.position : (await client.get<{ position: number }>(`/kes/v1/positions?at=${encodeURIComponent(point.time.toISOString())}`)).position;
  if (position === 0) throw new CliError(`--at ${at}: the cluster had recorded nothing by then (its history starts later, at position 1)`);
  return position;
}

/** The client for a command given `--at`: one that reads the past; the client itself when not given. */
export async function clientAt(client: ApiClient, at: string | undefined): Promise<ApiClient> {
  return at === undefined ? client : client.at(await positionOf(client, at));
}
