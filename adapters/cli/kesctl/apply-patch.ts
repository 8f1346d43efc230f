import { LAST_APPLIED_ANNOTATION } from '../../../domain/shared/object-meta.js';
import { canonicalJson, sameJson } from '../../../domain/shared/canonical-json.js';
import type { KubeObject } from './fetch.js';

export const LAST_APPLIED = LAST_APPLIED_ANNOTATION;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * The manifest as `kubectl apply` records it in the last-applied annotation: compact JSON with sorted keys and a
 * trailing newline, without that annotation itself (so `annotations: {}` when it had no others), as kubectl does.
 */
export function lastAppliedConfiguration(manifest: KubeObject): string {
  const { [LAST_APPLIED]: _previous, ...annotations } = manifest.metadata.annotations ?? {};
  return `${canonicalJson({ ...manifest, metadata: { ...manifest.metadata, annotations } })}\n`;
}

/** The manifest to send: itself with its last-applied annotation. */
export function withLastApplied(manifest: KubeObject): KubeObject {
  const annotations = { ...manifest.metadata.annotations, [LAST_APPLIED]: lastAppliedConfiguration(manifest) };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** The previous manifest from the live object's annotation; undefined when there is none or it is not JSON. */
export function lastApplied(current: KubeObject): JsonObject | undefined {
  const text = current.metadata.annotations?.[LAST_APPLIED];
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Json;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A three-way JSON merge patch (RFC 7386), as kubectl computes for types without a strategic-merge schema:
 * fields that were in the last-applied manifest and are gone from the new one become `null`; fields the new
 * manifest sets differently from the live object are set; fields only the live object has (server defaults,
 * status, other writers' changes) are left alone. A list is sent whole when it differs from the last-applied one,
 * or when the live list no longer holds it field by field, so server-filled fields inside list items (container
 * defaults) do not make every apply a change. `{}` means there is nothing to do.
 */
export function threeWayMergePatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(original ?? {})) {
    if (!(key in modified) && key in current) patch[key] = null;
  }
  for (const [key, wanted] of Object.entries(modified)) {
    const live = current[key];
    const before = original?.[key];
    if (isObject(wanted) && isObject(live)) {
      const nested = threeWayMergePatch(isObject(before) ? before : undefined, wanted, live);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (Array.isArray(wanted)) {
      if (!equal(wanted, before) || !contains(live, wanted)) patch[key] = wanted;
    } else if (isObject(wanted)) {
      if (live === undefined && Object.keys(wanted).length === 0) continue;
      patch[key] = wanted;
    } else if (!contains(live, wanted)) {
      patch[key] = wanted;
    }
  }
  return patch;
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function equal(a: Json | undefined, b: Json | undefined): boolean {
  return sameJson(a, b);
}

/** Whether `live` holds everything `wanted` says: extra live fields allowed, `1` and `"1"` alike (quantities). */
function contains(live: Json | undefined, wanted: Json): boolean {
  if (Array.isArray(wanted)) return Array.isArray(live) && live.length === wanted.length && wanted.every((w, i) => contains(live[i], w));
  if (isObject(wanted))
    return Object.entries(wanted).every(([k, w]) => (isObject(w) && Object.keys(w).length === 0 ? true : isObject(live) && contains(live[k], w)));
  if (wanted === null) return live === null || live === undefined;
  // Kubernetes leaves zero values out of what it serves (omitempty): a missing field holds false, 0 or "".
  if (live === undefined) return wanted === false || wanted === 0 || wanted === '';
  return live !== null && live !== undefined && typeof live !== 'object' && String(live) === String(wanted);
}

