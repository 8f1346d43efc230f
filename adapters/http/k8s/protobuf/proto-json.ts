import type protobuf from 'protobufjs';

/*
 * A decoded Kubernetes protobuf message as the JSON Kubernetes itself writes for it: JSON names, zero values of
 * non-pointer fields left out (gogo-protobuf writes them whether set or not), embedded structs inlined,
 * IntOrString as a number or a string, Quantity as its string, Time as RFC 3339, bytes as base64.
 */

type Json = unknown;
type Message = Record<string, unknown>;

/** Embedded Go structs: protobuf names them as a field, JSON inlines their fields (`json:",inline"`). */
const INLINE = new Set([
  'ConfigMapEnvSource.localObjectReference', 'SecretEnvSource.localObjectReference',
  'ConfigMapKeySelector.localObjectReference', 'SecretKeySelector.localObjectReference',
  'ConfigMapProjection.localObjectReference', 'SecretProjection.localObjectReference',
  'ConfigMapVolumeSource.localObjectReference', 'EphemeralContainer.ephemeralContainerCommon',
  'Probe.handler', 'Volume.volumeSource',
]);

/** Fields whose protobuf name is not their JSON name. */
const JSON_NAMES: Readonly<Record<string, string>> = { 'BoundObjectReference.aPIVersion': 'apiVersion', 'BoundObjectReference.uID': 'uid' };

const isLong = (value: unknown): value is protobuf.Long => typeof value === 'object' && value !== null && 'low' in value && 'high' in value;
const number = (value: unknown): number => (isLong(value) ? (value as unknown as { toNumber(): number }).toNumber() : Number(value));

/** RFC 3339 in UTC, with microseconds for MicroTime (as Kubernetes writes them); undefined for the zero time. */
function time(message: Message, micro: boolean): string | undefined {
  const seconds = number(message.seconds ?? 0);
  const nanos = number(message.nanos ?? 0);
  if (seconds === 0 && nanos === 0) return undefined;
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

const parsedJson = (bytes: unknown) => (bytes instanceof Uint8Array && bytes.length > 0 ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined);

/** The types whose JSON is not an object of their fields. */
const SPECIAL: Readonly<Record<string, (message: Message, keep: boolean) => Json>> = {
  '.k8s.io.apimachinery.pkg.apis.meta.v1.Time': (m) => time(m, false),
  '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': (m) => time(m, true),
  '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': (m) => parsedJson(m.Raw),
  '.k8s.io.apimachinery.pkg.runtime.RawExtension': (m) => parsedJson(m.raw),
  '.k8s.io.apimachinery.pkg.util.intstr.IntOrString': (m, keep) => {
    if (number(m.type ?? 0) === 1) return String(m.strVal ?? '');
    const value = number(m.intVal ?? 0);
    return value === 0 && !keep ? undefined : value;
  },
  '.k8s.io.apimachinery.pkg.api.resource.Quantity': (m, keep) => {
    const value = String(m.string ?? '');
    return (value === '' || value === '0') && !keep ? undefined : value;
  },
  '.k8s.io.api.authentication.v1.ExtraValue': (m) => (m.items as string[] | undefined) ?? [],
};

function isZero(value: Json): boolean {
  if (value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** One value of a field (an element of a repeated field, or a map's value). */
function valueOf(field: protobuf.Field, value: unknown, keep: boolean): Json {
  const type = field.resolvedType;
  if (type && 'fieldsArray' in type) {
    const special = SPECIAL[type.fullName];
    return special ? special(value as Message, keep) : kubernetesJson(type as protobuf.Type, value as Message);
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return isLong(value) ? number(value) : value;
}

/** A field's JSON value, or undefined when Kubernetes' JSON would leave it out. */
function fieldJson(field: protobuf.Field, value: unknown): Json {
  if (field.map) {
    const entries = Object.entries(value as Message).map(([key, v]) => [key, valueOf(field, v, true)]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (field.repeated) {
    const items = (value as unknown[]).map((v) => valueOf(field, v, true));
    return items.length > 0 ? items : undefined;
  }
  const keep = field.options?.proto3_optional === true;
  const json = valueOf(field, value, keep);
  return keep || !isZero(json) ? json : undefined;
}

/** The Kubernetes JSON of a decoded message of `type`. */
export function kubernetesJson(type: protobuf.Type, message: Message): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(message, field.name)) continue;
    const json = fieldJson(field, message[field.name]);
    if (json === undefined) continue;
    if (INLINE.has(`${type.name}.${field.name}`)) Object.assign(out, json);
    else out[JSON_NAMES[`${type.name}.${field.name}`] ?? field.name] = json;
  }
  return out;
}
