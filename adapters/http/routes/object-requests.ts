import type { FastifyReply, FastifyRequest } from 'fastify';
import { strictDecodingMessage, type FieldValidation, type ParsedManifest } from '../../../application/manifests/parse-manifest.js';
import type { NamespaceView } from '../../../application/projections/workload-views.js';
import type { NamespaceState } from '../../../domain/namespace/namespace.js';
import type { FieldCause } from '../../../domain/shared/errors.js';
import { failure, invalidStatus, type StatusBody } from '../status.js';

/** What the create, update and delete routes of every kind share: query options, Kubernetes' refusals, warnings. */

/** A kind as Kubernetes names it in messages: `deployments.apps "web" not found`, `Deployment.apps "web" is invalid`. */
export type KindNames = Readonly<{ kind: string; plural: string; group?: string }>;

export const resourceOf = ({ plural, group }: KindNames) => (group ? `${plural}.${group}` : plural);

export function notFoundStatus(names: KindNames, name: string): StatusBody {
  return failure('NotFound', `${resourceOf(names)} "${name}" not found`, { name, ...(names.group ? { group: names.group } : {}), kind: names.plural });
}

/** 422 as Kubernetes sends it: `Deployment.apps "web" is invalid: …`, details naming the kind and each bad field. */
export function invalidObject(names: KindNames, name: string, causes: readonly FieldCause[]): StatusBody {
  return invalidStatus(names.group ? `${names.kind}.${names.group}` : names.kind, name, causes);
}

export const NAMESPACE_MISMATCH = 'the namespace of the provided object does not match the namespace sent on the request';

export type WriteQuery = { fieldValidation?: string; gracePeriodSeconds?: string; dryRun?: string };

const VALIDATIONS: readonly FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

type Preconditions = { uid?: unknown; resourceVersion?: unknown };

/**
 * What a DELETE asks before it goes ahead: a valid dryRun, and DeleteOptions.preconditions — a uid must be
 * the object's (409 at once); a resourceVersion becomes the position the delete is conditional on when appended.
 */
export function deleteConditions(request: FastifyRequest, current: Readonly<{ uid?: string; resourceVersion?: string }>): StatusBody | { expectedPosition?: number } {
  const dryRun = dryRunRefusal(request);
  if (dryRun) return dryRun;
  const given = (request.body as { preconditions?: Preconditions } | undefined)?.preconditions ?? {};
  const { uid, resourceVersion } = given;
  if (uid !== undefined && uid !== null && uid !== '' && uid !== current.uid)
    return failure('Conflict', `Precondition failed: UID in precondition: ${String(uid)}, UID in object meta: ${current.uid ?? ''}`);
  if (resourceVersion === undefined || resourceVersion === null || resourceVersion === '') return {};
  if (String(resourceVersion) !== current.resourceVersion || !/^[1-9][0-9]*$/.test(String(resourceVersion)))
    return failure('Conflict', `Precondition failed: ResourceVersion in precondition: ${String(resourceVersion)}, ResourceVersion in object meta: ${current.resourceVersion ?? ''}`);
  return { expectedPosition: Number(resourceVersion) };
}

const OPTIONS_KIND: Readonly<Record<string, string>> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' };

const listed = (given: unknown): string[] => (given === undefined || given === null || given === '' ? [] : ([] as unknown[]).concat(given).map(String));

/**
 * The dryRun asked for: `?dryRun=` (one value or several), and for a DELETE or an eviction also the
 * DeleteOptions in the body (`{dryRun: ["All"]}`, `{deleteOptions: {dryRun: ["All"]}}`), where kubectl puts it.
 */
const dryRunValues = (request: FastifyRequest): string[] => {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as { dryRun?: unknown; deleteOptions?: { dryRun?: unknown }; kind?: unknown };
  const inBody = request.method === 'DELETE' || body.kind === 'Eviction' || body.kind === 'DeleteOptions' ? [...listed(body.dryRun), ...listed(body.deleteOptions?.dryRun)] : [];
  return [...listed((request.query as { dryRun?: unknown } | undefined)?.dryRun), ...inBody];
};

/** Whether the write is a dry run (`dryRun=All`): planned, decided and answered as for real, with nothing appended. */
export const isDryRun = (request: FastifyRequest): boolean => dryRunValues(request).length > 0;

/** A dryRun other than `All` is refused as kube-apiserver refuses it: the request's options are invalid (422). */
export function dryRunRefusal(request: FastifyRequest): StatusBody | undefined {
  const values = dryRunValues(request);
  if (values.every((value) => value === 'All')) return undefined;
  const kind = OPTIONS_KIND[request.method] ?? 'CreateOptions';
  const message = `Unsupported value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`;
  return failure('Invalid', `${kind}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
    group: 'meta.k8s.io', kind, name: '', causes: [{ reason: 'FieldValueNotSupported', field: 'dryRun', message }],
  });
}

const MAX_FIELD_MANAGER_BYTES = 128;
const unprintable = (text: string) => /[\p{C}]/u.test(text);

/**
 * `?fieldManager=` as kube-apiserver validates it: at most 128 bytes of printable characters, and required for a
 * server-side apply (it names who owns the applied fields). The name is kept in managedFields, in the log.
 */
export function fieldManagerRefusal(request: FastifyRequest): StatusBody | undefined {
  const given = (request.query as { fieldManager?: unknown } | undefined)?.fieldManager;
  const manager = typeof given === 'string' ? given : undefined;
  const problem =
    manager === undefined || manager === ''
      ? isApplyPatch(request) ? 'Required value: is required for apply patch' : undefined
      : Buffer.byteLength(manager) > MAX_FIELD_MANAGER_BYTES ? `Too long: may not be more than ${MAX_FIELD_MANAGER_BYTES} bytes`
        : unprintable(manager) ? `Invalid value: ${JSON.stringify(manager)}: must be made of printable characters` : undefined;
  if (Array.isArray(given)) return failure('BadRequest', `fieldManager is given ${given.length} times: give it once`);
  if (!problem) return undefined;
  const kind = OPTIONS_KIND[request.method] ?? 'CreateOptions';
  return failure('Invalid', `${kind}.meta.k8s.io "" is invalid: fieldManager: ${problem}`, {
    group: 'meta.k8s.io', kind, name: '', causes: [{ reason: 'FieldValueInvalid', field: 'fieldManager', message: problem }],
  });
}

const isApplyPatch = (request: FastifyRequest) =>
  request.method === 'PATCH' && (request.headers['content-type'] ?? '').split(';')[0].trim() === 'application/apply-patch+yaml';

/** `?fieldValidation=`, Strict when absent (as kubectl sends it by default); a dryRun other than All, or a bad fieldManager, is refused. */
export function fieldValidationOf(request: FastifyRequest): FieldValidation | StatusBody {
  const dryRun = dryRunRefusal(request) ?? fieldManagerRefusal(request);
  if (dryRun) return dryRun;
  const given = (request.query as WriteQuery).fieldValidation;
  if (given === undefined || given === '') return 'Strict';
  if ((VALIDATIONS as readonly string[]).includes(given)) return given as FieldValidation;
  return failure('BadRequest', `fieldValidation must be one of ${VALIDATIONS.join(', ')}, not "${given}"`);
}

export const sendStatus = (reply: FastifyReply, status: StatusBody) => reply.code(status.code).send(status);

export const isStatus = (value: unknown): value is StatusBody => typeof value === 'object' && value !== null && (value as StatusBody).kind === 'Status';

/**
 * A parsed manifest, or the refusal Kubernetes gives for it: unknown fields under Strict fail decoding (400,
 * before any validation), any other problem is a 422 naming each field. Under Warn, unknown fields go back
 * as `Warning` headers, which kubectl prints.
 */
export function acceptManifest<T>(names: KindNames, name: string, parsed: ParsedManifest<T>, validation: FieldValidation, reply: FastifyReply): T | StatusBody {
  if (validation === 'Strict' && parsed.unknownFields.length > 0) return failure('BadRequest', strictDecodingMessage(names.kind, parsed.unknownFields));
  if (!parsed.ok) return invalidObject(names, name, parsed.causes);
  if (validation === 'Warn' && parsed.unknownFields.length > 0)
    reply.header('warning', parsed.unknownFields.map((field) => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(field)}`)}`));
  return parsed.data;
}

type BodyMeta = { metadata?: { name?: unknown; namespace?: unknown; resourceVersion?: unknown; uid?: unknown } };
export const bodyMeta = (body: unknown) => (typeof body === 'object' && body !== null ? ((body as BodyMeta).metadata ?? {}) : {});

/** Refuses a body whose metadata.name is not the URL's, as Kubernetes does (400): the request was authorized for the URL's. */
export function nameMismatch(body: unknown, name: string): StatusBody | undefined {
  const given = bodyMeta(body).name;
  return given !== undefined && given !== name ? failure('BadRequest', `the name of the object (${String(given)}) does not match the name on the URL (${name})`) : undefined;
}

/**
 * What refuses a server-side apply that would create the object: a body naming another object than the URL (which
 * is what was authorized), or one conditional on a resourceVersion — the object it was read at is gone (deleted
 * by a writer who won the race), so this write lost it too: 409, as for any other stale write.
 */
export function applyCreateRefusal(names: KindNames, name: string, body: unknown): StatusBody | undefined {
  const mismatch = nameMismatch(body, name);
  if (mismatch) return mismatch;
  const version = bodyMeta(body).resourceVersion;
  if (version === undefined || version === null || version === '') return undefined;
  return failure('Conflict',
    `Operation cannot be fulfilled on ${resourceOf(names)} "${name}": the object has been modified; please apply your changes to the latest version and try again (resourceVersion ${String(version)} was given, and the object no longer exists)`);
}

/** Refuses a body whose metadata.namespace is not the URL's, as Kubernetes does (400). */
export function namespaceMismatch(body: unknown, namespace: string): StatusBody | undefined {
  const given = bodyMeta(body).namespace;
  return given !== undefined && given !== '' && given !== namespace ? failure('BadRequest', NAMESPACE_MISMATCH) : undefined;
}

/** The domain's view of a namespace, for namespaceRefusal (a missing or Terminating namespace takes nothing new). */
export function namespaceState(view: NamespaceView | undefined): NamespaceState {
  if (!view) return { status: 'absent' };
  if (view.phase === 'Active') return { status: 'active', meta: view.meta };
  return { status: 'terminating', meta: view.meta, deletionTimestamp: view.deletionTimestamp ?? '' };
}

/** The DeleteOptions of a DELETE: `gracePeriodSeconds` in the body (kubectl) or the query. */
export function gracePeriodOf(request: FastifyRequest): number | undefined | StatusBody {
  const fromBody = (request.body as { gracePeriodSeconds?: unknown } | undefined)?.gracePeriodSeconds;
  return parseGracePeriod(fromBody ?? (request.query as WriteQuery).gracePeriodSeconds, 'gracePeriodSeconds');
}

/** A grace period as given (number or text), named `field` in the 400 when it is not a whole number ≥ 0. */
export function parseGracePeriod(raw: unknown, field: string): number | undefined | StatusBody {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const seconds = Number(raw);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : failure('BadRequest', `${field} must be a whole number of seconds, 0 or more (got ${JSON.stringify(raw)})`);
}

/** The Status Kubernetes answers a DELETE with when the object went at once. */
export function deletedStatus(names: KindNames, name: string, uid: string): StatusBody {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: { name, ...(names.group ? { group: names.group } : {}), kind: names.plural, uid } as StatusBody['details'],
    code: 200,
  };
}
