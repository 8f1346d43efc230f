import { CliError, type ApiClient } from './api-client.js';

/** What `--at` says: a position of the log (a resourceVersion), or an RFC 3339 time. */
export const AT_HELP = 'read the cluster as it was at this point of its history: an RFC 3339 time (2026-12-06T10:00:00Z) or a position of its log (a resourceVersion)';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The position `--at` stands for: a whole number is one already; a time is the position of the last event recorded
 * at or before it, as the API server finds it. A point before the cluster's first event is refused (there was
 * nothing to read), as is anything else.
 */
export async function positionOf(client: ApiClient, at: string): Promise<number> {
  const text = at.trim();
  if (/^\d+$/.test(text)) {
    const position = Number(text);
    if (position === 0) throw new CliError('--at 0 is before the first event: give a position of 1 or more, or a time');
    return position;
  }
  if (!RFC3339.test(text) || Number.isNaN(Date.parse(text)))
    throw new CliError(`--at "${at}" is neither a time nor a position: give an RFC 3339 time such as 2026-12-06T10:00:00Z, or a resourceVersion`);
  const { position } = await client.get<{ position: number }>(`/kes/v1/positions?at=${encodeURIComponent(new Date(text).toISOString())}`);
  if (position === 0) throw new CliError(`the cluster had recorded nothing at ${text}: its history starts later`);
  return position;
}

/** The client for a command given `--at`: one that reads the past; the client itself when not given. */
export async function clientAt(client: ApiClient, at: string | undefined): Promise<ApiClient> {
  return at === undefined ? client : client.at(await positionOf(client, at));
}
