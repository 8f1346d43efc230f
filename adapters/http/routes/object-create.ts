import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ManifestOptions, ParsedManifest } from '../../../application/manifests/parse-manifest.js';
import { namespaceRefusal } from '../../../domain/namespace/namespace.js';
import type { ApiDeps } from '../api-deps.js';
import { writeObject, type Preparing } from '../write.js';
import { statusOf } from '../status.js';
import { createdBy, managedFieldsCommand } from './field-managers.js';
import {
  acceptManifest, bodyMeta, fieldValidationOf, isStatus, namespaceMismatch, namespaceState, resourceOf, sendStatus, type KindNames,
} from './object-requests.js';

/** How a namespaced kind is created from a manifest: its parser, its create command, and how the result is shown. */
export type Creation<T extends { meta: { name: string } }> = KindNames & Readonly<{
  command: string;
  parse: (body: unknown, options: ManifestOptions) => ParsedManifest<T>;
  /** The object created; for a dry run, the previewed view rendered. */
  created: (namespace: string, name: string, preview?: unknown) => unknown;
  /** How the create command is readied before it is sent (default: as it is). */
  prepare?: Preparing;
}>;

/**
 * POST to `…/namespaces/{ns}/<kind>`: the manifest is parsed under `?fieldValidation=` with a new uid, refused
 * as Kubernetes refuses it (namespace differing from the URL's, unknown or invalid fields, a missing or
 * Terminating namespace) before anything is appended, then sent as its create command; 201 with the object
 * (under `?dryRun=All`, the object as it would be created, and nothing appended).
 */
export async function createNamespaced<T extends { meta: { name: string } }>(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  creation: Creation<T>,
): Promise<FastifyReply> {
  const namespace = (request.params as { namespace: string }).namespace;
  const validation = fieldValidationOf(request);
  if (isStatus(validation)) return sendStatus(reply, validation);
  const mismatch = namespaceMismatch(request.body, namespace);
  if (mismatch) return sendStatus(reply, mismatch);
  const given = bodyMeta(request.body).name;
  const parsed = creation.parse(request.body, { namespace, uid: deps.ids.newId(), fieldValidation: validation });
  const data = acceptManifest(creation, typeof given === 'string' ? given : '', parsed, validation, reply);
  if (isStatus(data)) return sendStatus(reply, data);
  const refusal = namespaceRefusal(namespaceState(deps.models.namespaces.get(namespace)), namespace, resourceOf(creation), data.meta.name);
  if (refusal) return sendStatus(reply, statusOf(refusal));
  const answer = (preview: unknown) => creation.created(namespace, data.meta.name, preview);
  // Its creator owns every field it gave: recorded with the create, in the same append.
  const managers = managedFieldsCommand({ kind: creation.kind, namespace, name: data.meta.name }, [], createdBy(request, request.body as Record<string, unknown>, deps.clock.now()));
  const written = await writeObject(deps, request, [{ type: creation.command, data }, ...managers], { prepare: creation.prepare, answer });
  return reply.code(201).send(written?.dryRun ? written.dryRun.answer : await creation.created(namespace, data.meta.name));
}
