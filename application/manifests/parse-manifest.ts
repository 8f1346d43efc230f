import type { DtoClass } from '../validation/dto-instance.js';
import type { CreateDeployment } from '../../domain/deployment/deployment.decide.js';
import { DEFAULT_REVISION_HISTORY_LIMIT, strategyProblems, withDefaults } from '../../domain/deployment/strategy.js';
import { namespaceProblems, type CreateNamespace } from '../../domain/namespace/namespace.decide.js';
import type { CreatePod } from '../../domain/pod/pod.decide.js';
import { podProblems, specProblems } from '../../domain/pod/pod-validation.js';
import { replicaSetProblems, type CreateReplicaSet } from '../../domain/replicaset/replicaset.decide.js';
import { countProblems, metaProblems, selectorProblems, templateProblems } from '../../domain/replicaset/workload-spec.js';
import type { FieldCause } from '../../domain/shared/errors.js';
import { validateDto } from '../validation/validate.js';
import { fieldKindCauses } from './field-kinds.js';
import { DEPLOYMENT_FIELDS, NAMESPACE_FIELDS, POD_FIELDS, REPLICASET_FIELDS } from './manifest-fields.js';
import type { Causes } from './manifest-values.js';
import { PodManifestDto } from './pod.dto.js';
import { toCreateDeployment, toCreateNamespace, toCreatePod, toCreateReplicaSet } from './to-workload.js';
import { unknownFields, type KnownFields } from './unknown-fields.js';
import { DeploymentManifestDto, NamespaceManifestDto, ReplicaSetManifestDto } from './workload.dto.js';

/** kubectl's `?fieldValidation=`: Strict refuses unknown fields, Warn reports them, Ignore drops them. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
export type ManifestOptions = Readonly<{ namespace: string; uid: string; fieldValidation?: FieldValidation }>;

/**
 * `ok: false` with no causes means only unknown fields under Strict: Kubernetes answers that with 400 BadRequest
 * (strictDecodingMessage), and with 422 Invalid naming `causes` otherwise. Under Warn, `unknownFields` of an
 * accepted manifest are what to send back as `Warning` headers.
 */
export type ParsedManifest<T> =
  | Readonly<{ ok: true; data: T; unknownFields: string[] }>
  | Readonly<{ ok: false; causes: FieldCause[]; unknownFields: string[] }>;

/** A manifest kind: its header and the fields strict decoding accepts. */
export type ManifestKind = Readonly<{ kind: string; apiVersion: string; fields: KnownFields }>;

const POD: ManifestKind = { kind: 'Pod', apiVersion: 'v1', fields: POD_FIELDS };
const NAMESPACE: ManifestKind = { kind: 'Namespace', apiVersion: 'v1', fields: NAMESPACE_FIELDS };
const REPLICASET: ManifestKind = { kind: 'ReplicaSet', apiVersion: 'apps/v1', fields: REPLICASET_FIELDS };
const DEPLOYMENT: ManifestKind = { kind: 'Deployment', apiVersion: 'apps/v1', fields: DEPLOYMENT_FIELDS };

const NAME_REQUIRED: FieldCause = { field: 'metadata.name', message: 'Required value: name or generateName is required' };

function headerCauses(body: unknown, { kind, apiVersion }: ManifestKind): Causes {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return [{ field: '', message: `Invalid value: the body must be a ${kind} object` }];
  const given = body as { kind?: unknown; apiVersion?: unknown };
  const unsupported = (field: string, value: unknown, wanted: string) =>
    value === undefined || value === wanted ? [] : [{ field, message: `Unsupported value: ${JSON.stringify(value)}: supported values: "${wanted}"` }];
  return [...unsupported('kind', given.kind, kind), ...unsupported('apiVersion', given.apiVersion, apiVersion)];
}

/** Header, field and shape checks, then conversion and the domain's own checks: every cause in one answer. */
export function parseManifestOf<D extends object, T>(
  kind: ManifestKind,
  dto: DtoClass<D>,
  body: unknown,
  fieldValidation: FieldValidation,
  convert: (value: D, causes: Causes) => T,
  problems: (data: T) => Causes,
): ParsedManifest<T> {
  const unknown = fieldValidation === 'Ignore' ? [] : unknownFields(body, kind.fields);
  const header = headerCauses(body, kind);
  if (header.length > 0) return { ok: false, causes: header, unknownFields: unknown };
  const { value, causes: dtoShape } = validateDto(dto, body);
  const checked = new Set(dtoShape.map((c) => c.field));
  const shape = [...dtoShape, ...fieldKindCauses(body, kind.fields).filter((c) => !checked.has(c.field))];
  if (shape.length > 0) return { ok: false, causes: shape, unknownFields: unknown };
  const causes: Causes = [];
  const data = convert(value, causes);
  const nameMissing = !(body as { metadata?: { name?: unknown } }).metadata?.name;
  const domain = problems(data).filter((c) => !(nameMissing && c.field === 'metadata.name'));
  const all = [...(nameMissing ? [NAME_REQUIRED] : []), ...causes, ...domain];
  if (all.length > 0 || (fieldValidation === 'Strict' && unknown.length > 0)) return { ok: false, causes: all, unknownFields: unknown };
  return { ok: true, data, unknownFields: unknown };
}

/** The pod spec checks of a template, named as the template's fields (`spec.template.spec.containers[0].name`). */
export const templateSpecProblems = (data: Pick<CreateReplicaSet['data'], 'template'>): Causes =>
  specProblems(data.template.spec).map((c) => ({ ...c, field: c.field.replace(/^spec\./, 'spec.template.spec.') }));

export function parsePodManifest(body: unknown, options: ManifestOptions): ParsedManifest<CreatePod['data']> {
  return parseManifestOf(POD, PodManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreatePod(dto, options, causes), ({ meta, spec }) => podProblems(meta, spec));
}

export function parseNamespaceManifest(body: unknown, options: Omit<ManifestOptions, 'namespace'>): ParsedManifest<CreateNamespace['data']> {
  return parseManifestOf(NAMESPACE, NamespaceManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreateNamespace(dto, options.uid, causes), ({ meta }) => namespaceProblems(meta));
}

export function parseReplicaSetManifest(body: unknown, options: ManifestOptions): ParsedManifest<CreateReplicaSet['data']> {
  return parseManifestOf(REPLICASET, ReplicaSetManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreateReplicaSet(dto, options, causes), (data) => [...replicaSetProblems(data), ...templateSpecProblems(data)]);
}

/** The checks the Deployment decider makes at creation (deployment.decide.ts), so all come back at once. */
function deploymentProblems(data: CreateDeployment['data']): Causes {
  const { meta, replicas, selector, template } = data;
  return [
    ...metaProblems(meta),
    ...countProblems(replicas, 'spec.replicas'),
    ...selectorProblems(selector, 'Invalid value: empty selector is invalid for deployment'),
    ...templateProblems(template, selector),
    ...templateSpecProblems(data),
    ...strategyProblems(withDefaults(data.strategy)),
    ...countProblems(data.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT, 'spec.revisionHistoryLimit'),
  ];
}

export function parseDeploymentManifest(body: unknown, options: ManifestOptions): ParsedManifest<CreateDeployment['data']> {
  return parseManifestOf(DEPLOYMENT, DeploymentManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreateDeployment(dto, options, causes), deploymentProblems);
}

/** The 400 BadRequest message Kubernetes gives for unknown fields under `fieldValidation=Strict`. */
export function strictDecodingMessage(kind: string, unknown: readonly string[]): string {
  const fields = unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ');
  return `${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${fields}`;
}
