/*
 * kubectl 1.32 sends the typed clients' bodies as Kubernetes protobuf (`application/vnd.kubernetes.protobuf`):
 * `kubectl create deployment|service|configmap|secret|namespace`, `expose`, `run`, `auth can-i`, `create token`.
 * The body is the `k8s\0` magic, then a runtime.Unknown envelope whose TypeMeta names the kind and whose `raw`
 * holds the kind's message. protobufjs decodes both with Kubernetes' own field numbers (see *-proto.ts), and
 * proto-json.ts turns the message into the JSON object the routes parse like any manifest.
 */
import type protobuf from 'protobufjs';
import { messageOfKind, UNKNOWN } from './kubernetes-types.js';
import { kubernetesJson } from './proto-json.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Not Kubernetes protobuf at all. */
export class UnreadableProtobuf extends Error {
  readonly statusCode = 415;
}

/** Kubernetes protobuf whose bytes do not decode as the kind they name. */
export class UndecodableProtobuf extends Error {
  readonly statusCode = 400;
}

/** A body whose envelope decodes but whose kind kes has no message for: its route decides (usually 404 for a resource kes lacks). */
export type UnreadKind = Readonly<{ apiVersion: string; kind: string; unreadKind: true }>;

type Envelope = { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array; contentEncoding?: string };

function decoded(type: protobuf.Type, bytes: Uint8Array, what: string): Record<string, unknown> {
  try {
    return type.decode(bytes) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new UndecodableProtobuf(`the request body is Kubernetes protobuf but ${what} does not decode (${(error as Error).message}): send a well-formed body, or JSON`);
  }
}

/** The object in a Kubernetes protobuf body, as Kubernetes JSON; a kind kes does not read comes back as an UnreadKind. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> | UnreadKind {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC))
    throw new UnreadableProtobuf('the body is not Kubernetes protobuf (no k8s\\0 prefix)');
  const envelope = decoded(UNKNOWN, body.subarray(MAGIC.length), 'its runtime.Unknown envelope') as Envelope;
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  if (!kind) throw new UndecodableProtobuf('the request body is Kubernetes protobuf without a kind in its envelope: send apiVersion and kind');
  if (envelope.contentEncoding) throw new UnreadableProtobuf(`kes does not read protobuf bodies with content encoding "${envelope.contentEncoding}": send it unencoded`);
  const type = messageOfKind(apiVersion, kind);
  if (!type) return { apiVersion, kind, unreadKind: true };
  const message = decoded(type, envelope.raw ?? new Uint8Array(), `its ${kind} (${apiVersion})`);
  return { apiVersion, kind, ...kubernetesJson(type, message) };
}

export const isUnreadKind = (body: unknown): body is UnreadKind =>
  typeof body === 'object' && body !== null && (body as { unreadKind?: unknown }).unreadKind === true;
