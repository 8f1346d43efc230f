import type { FieldCause } from '../../../domain/shared/errors.js';
import { failure, invalidStatus, type StatusBody } from '../status.js';

/** The query of `GET …/pods/NAME/log`, as kubectl sends it (`--tail`, `--since`, `--since-time`, `--limit-bytes`, `--timestamps`). */
export type LogQuery = Readonly<{
  container?: string;
  previous?: string;
  follow?: string;
  timestamps?: string;
  tailLines?: string;
  sinceSeconds?: string;
  sinceTime?: string;
  limitBytes?: string;
}>;

export type LogOptions = Readonly<{
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}>;

const INTEGER = /^[+-]?\d+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const flag = (value: string | undefined) => value === 'true' || value === '1';

/** A number kubectl would send, or the 400 kube-apiserver gives when the query does not decode. */
function integerOf(name: string, text: string | undefined): number | undefined | StatusBody {
  if (text === undefined) return undefined;
  if (!INTEGER.test(text)) return failure('BadRequest', `${name} must be a whole number, not "${text}" (strconv.ParseInt: parsing "${text}": invalid syntax)`);
  return Number(text);
}

const isStatus = (value: unknown): value is StatusBody => typeof value === 'object' && value !== null && (value as StatusBody).kind === 'Status';

/** What kube-apiserver's ValidatePodLogOptions says of decoded options (a 422 naming each field). */
function causesOf(options: LogOptions): FieldCause[] {
  const causes: FieldCause[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0)
    causes.push({ field: 'tailLines', message: `Invalid value: ${options.tailLines}: must be greater than or equal to 0` });
  if (options.limitBytes !== undefined && options.limitBytes < 1)
    causes.push({ field: 'limitBytes', message: `Invalid value: ${options.limitBytes}: must be greater than 0` });
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined)
    causes.push({ field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1)
    causes.push({ field: 'sinceSeconds', message: `Invalid value: ${options.sinceSeconds}: must be greater than 0` });
  return causes;
}

/** The pod log options of a query: a 400 when a value does not decode, a 422 when one is out of range, as kube-apiserver answers. */
export function logOptionsOf(pod: string, query: LogQuery): LogOptions | StatusBody {
  const tailLines = integerOf('tailLines', query.tailLines);
  const sinceSeconds = integerOf('sinceSeconds', query.sinceSeconds);
  const limitBytes = integerOf('limitBytes', query.limitBytes);
  for (const value of [tailLines, sinceSeconds, limitBytes]) if (isStatus(value)) return value;
  const sinceTime = query.sinceTime;
  if (sinceTime !== undefined && (!RFC3339.test(sinceTime) || Number.isNaN(Date.parse(sinceTime))))
    return failure('BadRequest', `sinceTime must be an RFC3339 time such as 2024-05-01T12:00:00Z, not "${sinceTime}"`);
  const options: LogOptions = {
    previous: flag(query.previous), follow: flag(query.follow), timestamps: flag(query.timestamps),
    ...(tailLines !== undefined ? { tailLines: tailLines as number } : {}),
    ...(sinceSeconds !== undefined ? { sinceSeconds: sinceSeconds as number } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
    ...(limitBytes !== undefined ? { limitBytes: limitBytes as number } : {}),
  };
  const causes = causesOf(options);
  return causes.length > 0 ? invalidStatus('PodLogOptions', pod, causes) : options;
}
