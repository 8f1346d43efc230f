import { LAST_APPLIED_ANNOTATION } from '../../../domain/shared/object-meta.js';
import { age } from '../../http/k8s/duration.js';
import type { K8sEvent } from '../../http/k8s/k8s-types.js';
import { tabwrite } from './tabwriter.js';

/** The pieces every `kubectl describe` layout is made of (kubectl's describe.go), as tab-separated lines. */

const MAX_ANNOTATION_LENGTH = 140;
const SKIPPED_ANNOTATIONS = new Set([LAST_APPLIED_ANNOTATION]);

/** Lines through one Go tabwriter as kubectl describe sets it up: no minimum width, two spaces of padding. */
export function describeText(lines: readonly string[]): string {
  return tabwrite(lines.map((l) => `${l}\n`).join(''), { minWidth: 0, padding: 2 });
}

/** A title with its first value on the same line and the rest aligned under it; `<none>` when empty. */
export function multiline(title: string, values: readonly string[]): string[] {
  if (values.length === 0) return [`${title}:\t<none>`];
  return values.map((v, i) => (i === 0 ? `${title}:\t${v}` : `\t${v}`));
}

/** printLabelsMultiline: `k=v` in key order. */
export function labelLines(title: string, labels: Record<string, string> | undefined): string[] {
  return multiline(title, sortedEntries(labels).map(([k, v]) => `${k}=${v}`));
}

/** printAnnotationsMultiline: long or multi-line values go under their key, shortened; last-applied is left out. */
export function annotationLines(title: string, annotations: Record<string, string> | undefined): string[] {
  const values = sortedEntries(annotations)
    .filter(([k]) => !SKIPPED_ANNOTATIONS.has(k))
    .flatMap(([key, raw]) => {
      const value = raw.replace(/\n$/, '');
      if (value.length + key.length + 2 <= MAX_ANNOTATION_LENGTH && !value.includes('\n')) return [`${key}: ${value}`];
      return [`${key}:`, ...value.split('\n').map((s) => `  ${shorten(s, MAX_ANNOTATION_LENGTH - 2)}`)];
    });
  return multiline(title, values);
}

/** DescribeEvents: oldest first; `Events: <none>` when there are none; left out when they could not be listed. */
export function eventLines(events: readonly K8sEvent[] | undefined, now: Date): string[] {
  if (events === undefined) return [];
  if (events.length === 0) return ['Events:\t<none>'];
  const sorted = [...events].sort((a, b) => time(a.lastTimestamp) - time(b.lastTimestamp));
  return [
    'Events:',
    '  Type\tReason\tAge\tFrom\tMessage',
    '  ----\t------\t----\t----\t-------',
    ...sorted.map((e) => {
      const first = age(e.firstTimestamp, now);
      const interval = (e.count ?? 1) > 1 ? `${age(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
      return `  ${e.type}\t${e.reason}\t${interval}\t${e.source?.component ?? ''}\t${e.message.trim()}`;
    }),
  ];
}

/** `Kind/name` of the controlling owner, as `Controlled By:` shows it. */
export function controllerOf(meta: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] }): string | undefined {
  const owner = meta.ownerReferences?.find((o) => o.controller === true);
  return owner ? `${owner.kind}/${owner.name}` : undefined;
}

export function sortedEntries<T>(record: Record<string, T> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

function time(timestamp: string | undefined): number {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
