/*
 * kubectl 1.32 sends the typed clients' bodies as Kubernetes protobuf (`application/vnd.kubernetes.protobuf`):
 * `kubectl create namespace` does. This reads that envelope (`k8s\0` + runtime.Unknown) and, for the kinds
 * listed in MESSAGES, the object inside, into the JSON object the routes parse like any manifest. Only the
 * fields kes knows are read; empty values (which protobuf carries for every non-pointer field) are dropped,
 * as Kubernetes' JSON would omit them.
 */

/** A map's values are strings, or bytes (served base64, as JSON carries them). */
type FieldType = 'string' | 'bytes' | Readonly<{ message: Message }> | Readonly<{ map: 'string' | 'bytes' }>;
type Field = readonly [name: string, type: FieldType, repeated?: 'repeated'];
type Message = Readonly<Record<number, Field>>;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

const TYPE_META: Message = { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] };
const UNKNOWN: Message = { 1: ['typeMeta', { message: TYPE_META }], 2: ['raw', 'bytes'], 4: ['contentType', 'string'] };
const OBJECT_META: Message = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  11: ['labels', { map: 'string' }],
  12: ['annotations', { map: 'string' }],
  14: ['finalizers', 'string', 'repeated'],
};

/** The kinds whose protobuf kes reads, by kind. */
const MESSAGES: Readonly<Record<string, Message>> = {
  Namespace: { 1: ['metadata', { message: OBJECT_META }], 2: ['spec', { message: { 1: ['finalizers', 'string', 'repeated'] } }] },
  // `kubectl create secret generic` and `kubectl create configmap` (k8s.io/api/core/v1 generated.proto).
  Secret: { 1: ['metadata', { message: OBJECT_META }], 2: ['data', { map: 'bytes' }], 3: ['type', 'string'], 4: ['stringData', { map: 'string' }] },
  ConfigMap: { 1: ['metadata', { message: OBJECT_META }], 2: ['data', { map: 'string' }], 3: ['binaryData', { map: 'bytes' }] },
};

export class UnreadableProtobuf extends Error {
  readonly statusCode = 415;
}

/** The object in a Kubernetes protobuf body, as JSON. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((byte, i) => body[i] !== byte)) throw new UnreadableProtobuf('the body is not Kubernetes protobuf (no k8s\\0 prefix)');
  const envelope = decode(body.subarray(4), UNKNOWN);
  const { apiVersion, kind } = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const message = kind ? MESSAGES[kind] : undefined;
  if (!message || !(envelope.raw instanceof Buffer))
    throw new UnreadableProtobuf(
      `kes reads Kubernetes protobuf only for ${Object.keys(MESSAGES).join(', ')}, not ${kind ?? 'this body'}: send it as JSON (for example \`kubectl create … --dry-run=client -o yaml | kubectl apply -f -\`)`,
    );
  return { apiVersion, kind, ...decode(envelope.raw, message) };
}

/** Protobuf wire format, read with a message table (fields it does not name are skipped). */
function decode(bytes: Buffer, message: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= bytes.length) throw new UnreadableProtobuf('truncated protobuf varint');
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const [number, wire] = [Math.floor(key / 8), key % 8];
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = varint();
      value = bytes.subarray(at, at + length);
      at += length;
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      continue;
    } else throw new UnreadableProtobuf(`unsupported protobuf wire type ${wire}`);
    const field = message[number];
    if (field) place(out, field, value);
  }
  return out;
}

function place(out: Record<string, unknown>, [name, type, repeated]: Field, value: number | Buffer): void {
  if (typeof value === 'number') return; // no varint field is read yet
  if (type === 'bytes') {
    out[name] = value;
    return;
  }
  if (type === 'string') {
    const text = value.toString('utf8');
    if (repeated) out[name] = [...((out[name] as unknown[]) ?? []), text];
    else if (text.length > 0) out[name] = text;
    return;
  }
  if ('map' in type) {
    const entry = decode(value, { 1: ['key', 'string'], 2: ['value', 'bytes'] });
    const bytes = entry.value instanceof Buffer ? entry.value : Buffer.alloc(0);
    out[name] = { ...((out[name] as object) ?? {}), [String(entry.key ?? '')]: type.map === 'bytes' ? bytes.toString('base64') : bytes.toString('utf8') };
    return;
  }
  const decoded = decode(value, type.message);
  if (repeated) out[name] = [...((out[name] as unknown[]) ?? []), decoded];
  else if (Object.keys(decoded).length > 0) out[name] = decoded;
}
