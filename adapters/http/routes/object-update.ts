import { LAST_APPLIED_ANNOTATION } from '../../../domain/shared/object-meta.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlannedCommand } from '../../../application/commands/prepared-command.js';
import type { FieldValidation, ManifestOptions, ParsedManifest } from '../../../application/manifests/parse-manifest.js';
import { REVISION_ANNOTATION } from '../../../domain/deployment/deployment.js';
import { sameJson } from '../../../domain/shared/canonical-json.js';
import type { FieldCause } from '../../../domain/shared/errors.js';
import { labelChange, type Labels } from '../../../domain/shared/labels.js';
import { RELABELLED_KINDS } from '../../../domain/shared/metadata-change.js';
import type { ApiDeps } from '../api-deps.js';
import { retryingStaleWrites, writeObject, type Preparing } from '../write.js';
import { applyJsonPatch } from '../k8s/json-patch.js';
import { mergePatch, strategicMergePatch } from '../k8s/openapi/strategic-merge.js';
import type { Schemas } from '../k8s/openapi/schema.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';
import { failure, type StatusBody } from '../status.js';
import { applied, isApply, managedFieldsCommand, updated } from './field-managers.js';
import {
  acceptManifest, bodyMeta, fieldValidationOf, invalidObject, isStatus, nameMismatch, namespaceMismatch, notFoundStatus, resourceOf, sendStatus, type KindNames,
} from './object-requests.js';

/*
 * PUT and PATCH of an object. There is no generic "ObjectUpdated" event: the object asked for (the PUT body, or
 * the patch applied to the current object as served) is parsed like a manifest, compared with the current one,
 * and the difference translated into the kind's intention-revealing commands. Whatever has no command is
 * refused with a 422 naming the field, and nothing is appended.
 */

export type UpdatePlan = Readonly<{ causes: FieldCause[]; commands: PlannedCommand[] }>;

/**
 * kubectl's record of the last applied manifest: stored at creation and on every apply (a ChangeAnnotations),
 * since kubectl computes its next three-way patch from it.
 */
export const LAST_APPLIED = LAST_APPLIED_ANNOTATION;
/** The revision annotation is the server's: a client's copy of it is not a change. */
const UNSTORED_ANNOTATIONS = [REVISION_ANNOTATION];

type Rendered = { metadata: K8sObjectMeta };
type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export type Update<T, O extends Rendered> = KindNames & Readonly<{
  name: string;
  /** The object as it is served now; undefined once it is gone. */
  read: () => O | undefined | Promise<O | undefined>;
  /** The schemas and the kind's component, for strategic-merge patches. */
  schemas: Schemas;
  schema: string;
  parse: (body: unknown, options: ManifestOptions) => ParsedManifest<T>;
  plan: (before: T, after: T) => UpdatePlan;
  /** The object as it is after the write, or, for a dry run, as the previewed view would render it. */
  updated: (preview?: unknown) => O | Promise<O>;
  /** How the planned commands are readied (default: as they are). */
  prepare?: Preparing;
}>;

type Planned = Readonly<{ commands: PlannedCommand[]; resourceVersion: string; versionGiven: boolean }>;

/**
 * PUT or PATCH as Kubernetes' GuaranteedUpdate does it: the change is planned against the object as it is, and
 * its commands appended together, conditional on the object still being at that resourceVersion. When the
 * client gave a resourceVersion, someone else's write first is a 409; otherwise the change is planned again on
 * the newer object.
 */
export async function updateObject<T, O extends Rendered>(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, update: Update<T, O>): Promise<unknown> {
  const validation = fieldValidationOf(request);
  if (isStatus(validation)) return sendStatus(reply, validation);
  let versionGiven = false;
  return retryingStaleWrites(deps, async () => {
    const current = await update.read();
    if (!current) return sendStatus(reply, notFoundStatus(update, update.name));
    const planned = planUpdate(request, reply, update, current, validation, deps.clock.now());
    if (isStatus(planned)) return sendStatus(reply, planned);
    versionGiven = planned.versionGiven;
    const written = await writeObject(deps, request, planned.commands, {
      prepare: update.prepare, expectedPosition: Number(planned.resourceVersion), answer: (preview) => update.updated(preview),
    });
    return written?.dryRun ? written.dryRun.answer : update.updated();
  }, () => !versionGiven);
}

/** The commands a PUT or PATCH amounts to against `current`, or the Status refusing it. */
function planUpdate<T, O extends Rendered>(
  request: FastifyRequest, reply: FastifyReply, update: Update<T, O>, current: O, validation: FieldValidation, time: string,
): Planned | StatusBody {
  const written = writtenObject(request, update, current, time);
  if (isStatus(written)) return written;
  const { desired, managedFields } = written;
  const { name, namespace = '', uid = '', resourceVersion = '' } = current.metadata;
  const refused = preconditionFailure(update, current.metadata, desired);
  if (refused) return refused;
  const after = acceptManifest(update, name, update.parse(desired, { namespace, uid, fieldValidation: validation }), validation, reply);
  if (isStatus(after)) return after;
  const before = update.parse(current, { namespace, uid, fieldValidation: 'Ignore' });
  if (!before.ok) throw new Error(`the current ${update.kind} "${name}" does not parse back: ${JSON.stringify(before.causes)}`);
  const metadata = metadataPlan(update.kind, current.metadata, bodyMeta(desired) as JsonObject);
  const plan = update.plan(before.data, after);
  const causes = [...metadata.causes, ...plan.causes];
  if (causes.length > 0) return invalidObject(update, name, causes);
  const managers = managedFieldsCommand({ kind: update.kind, namespace, name }, current.metadata.managedFields ?? [], managedFields);
  return { commands: [...metadata.commands, ...plan.commands, ...managers], resourceVersion, versionGiven: clientGaveVersion(request) };
}

/**
 * The object asked for and who owns which of its fields after the write: a server-side apply merges the applied
 * configuration (or is refused with its conflicts); any other write is an Update of the fields it changes.
 */
function writtenObject<T, O extends Rendered>(request: FastifyRequest, update: Update<T, O>, current: O, time: string) {
  const object = current as unknown as Parameters<typeof updated>[1];
  if (isApply(request)) {
    if (!isObject(request.body)) return failure('BadRequest', 'the applied configuration must be an object');
    return applied(request, { names: update, current: object as Parameters<typeof applied>[1]['current'], time });
  }
  const desired = desiredObject(request, { ...update, current });
  if (isStatus(desired)) return desired;
  return { desired, managedFields: updated(request, object, desired, time) };
}

/**
 * Whether the client made its write conditional on a resourceVersion: a PUT's object or a merge patch carrying
 * `metadata.resourceVersion`, or a JSON patch touching it. A patch applied to the current object always carries the
 * current version, so the desired object cannot tell: only what the client sent can.
 */
function clientGaveVersion(request: FastifyRequest): boolean {
  const body = request.body;
  if (Array.isArray(body)) return body.some((op) => isObject(op) && op.path === '/metadata/resourceVersion');
  const given = bodyMeta(body).resourceVersion;
  return given !== undefined && given !== null && given !== '';
}

/** The object asked for: a PUT's body, or the PATCH applied to the current object. */
export function desiredObject(request: FastifyRequest, target: Readonly<{ current: unknown; schemas: Schemas; schema: string }>): JsonObject | StatusBody {
  const body = request.body;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim();
  if (request.method === 'PATCH' && type === 'application/json-patch+json') return applyJsonPatch(target.current, body);
  if (!isObject(body)) return failure('BadRequest', 'the request body must be a JSON object');
  if (request.method === 'PUT') return body;
  if (type === 'application/merge-patch+json') return mergePatch(target.current, body) as JsonObject;
  if (type === 'application/strategic-merge-patch+json') return strategicMergePatch(target.schemas, target.schema, target.current, body) as JsonObject;
  return failure('UnsupportedMediaType', `a PATCH must be application/merge-patch+json, application/strategic-merge-patch+json or application/json-patch+json, not "${type}"`);
}

/** The name and namespace must be the URL's; a resourceVersion or uid given must be the current one (optimistic concurrency). */
export function preconditionFailure(names: KindNames, current: K8sObjectMeta, desired: JsonObject): StatusBody | undefined {
  const meta = bodyMeta(desired);
  const mismatch = nameMismatch(desired, current.name) ?? (current.namespace === undefined ? undefined : namespaceMismatch(desired, current.namespace));
  if (mismatch) return mismatch;
  if (meta.uid !== undefined && meta.uid !== '' && meta.uid !== current.uid)
    return failure('Conflict', `Precondition failed: UID in precondition: ${String(meta.uid)}, UID in object meta: ${current.uid}`);
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== '' && String(meta.resourceVersion) !== current.resourceVersion)
    return failure('Conflict',
      `Operation cannot be fulfilled on ${resourceOf(names)} "${current.name}": the object has been modified; please apply your changes to the latest version and try again`);
  return undefined;
}

/** The annotations kes stores: values are strings once the manifest has parsed. */
const stored = (annotations: unknown): Labels =>
  Object.fromEntries(Object.entries(isObject(annotations) ? annotations : {}).filter(([key]) => !UNSTORED_ANNOTATIONS.includes(key))) as Labels;

/**
 * Labels and annotations: ChangeLabels and ChangeAnnotations for the kinds that have them (RELABELLED_KINDS),
 * each with only what changes; for the others any change is refused. kubectl's last-applied record is stored
 * like any annotation; the revision annotation is the server's, so it does not count as a change.
 */
function metadataPlan(kind: string, current: K8sObjectMeta, desired: JsonObject): UpdatePlan {
  const target = { kind, namespace: current.namespace ?? '', name: current.name };
  const relabelled = (RELABELLED_KINDS as readonly string[]).includes(kind);
  const plan: UpdatePlan = { causes: [], commands: [] };
  const aspects = [
    { field: 'labels', command: 'ChangeLabels', before: current.labels ?? {}, after: (desired.labels ?? {}) as Labels },
    { field: 'annotations', command: 'ChangeAnnotations', before: stored(current.annotations), after: stored(desired.annotations) },
  ] as const;
  for (const { field, command, before, after } of aspects) {
    if (same(before, after)) continue;
    if (!relabelled) plan.causes.push({ field: `metadata.${field}`, message: `Forbidden: kes cannot change the ${field} of a ${kind} once it exists` });
    else {
      const { set, removed } = labelChange(before, after);
      plan.commands.push({ type: command, data: { ...target, set, remove: removed } });
    }
  }
  return plan;
}

export const same = sameJson;

/** A field kes has no command for: a 422 cause naming it. */
export const unchangeable = (field: string, why: string): FieldCause => ({ field, message: `Forbidden: ${why}` });

/** An immutable field, in Kubernetes' words. */
export const immutable = (field: string, value: unknown): FieldCause => ({ field, message: `Invalid value: ${JSON.stringify(value)}: field is immutable` });
