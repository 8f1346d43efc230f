import { configMapDataProblems, type CreateConfigMap } from '../../domain/configmap/configmap.decide.js';
import { base64Bytes, base64Problems, configKeysProblems, tooLarge } from '../../domain/configmap/config-data.js';
import { metaProblems } from '../../domain/replicaset/workload-spec.js';
import { secretTypeProblems } from '../../domain/secret/secret.decide.js';
import { serviceMetaProblems, serviceSpecProblems } from '../../domain/service/service-validation.js';
import type { FieldCause } from '../../domain/shared/errors.js';
import type { CreateServiceAccount } from '../../domain/serviceaccount/serviceaccount.decide.js';
import { CONFIGMAP_FIELDS, SECRET_FIELDS, SERVICEACCOUNT_FIELDS, SERVICE_FIELDS } from './manifest-fields.js';
import { parseManifestOf, type ManifestKind, type ManifestOptions, type ParsedManifest } from './parse-manifest.js';
import { ConfigMapManifestDto, SecretManifestDto, ServiceAccountManifestDto, ServiceManifestDto } from './service.dto.js';
import { toCreateConfigMap, toCreateServiceAccount, toSecretManifest, toServiceManifest, type SecretManifest, type ServiceManifest } from './to-config-objects.js';

const SERVICE: ManifestKind = { kind: 'Service', apiVersion: 'v1', fields: SERVICE_FIELDS };
const CONFIGMAP: ManifestKind = { kind: 'ConfigMap', apiVersion: 'v1', fields: CONFIGMAP_FIELDS };
const SECRET: ManifestKind = { kind: 'Secret', apiVersion: 'v1', fields: SECRET_FIELDS };
const SERVICEACCOUNT: ManifestKind = { kind: 'ServiceAccount', apiVersion: 'v1', fields: SERVICEACCOUNT_FIELDS };

/** What the API server fills in itself (a ClusterIP, NodePorts) is no fault of a manifest that leaves it out. */
const allocatedLater = (c: FieldCause) => c.message === 'Required value' && (c.field === 'spec.clusterIP' || /^spec\.ports\[\d+\]\.nodePort$/.test(c.field));

function serviceProblems({ meta, spec }: ServiceManifest): FieldCause[] {
  return [...serviceMetaProblems(meta), ...serviceSpecProblems(spec).filter((c) => !allocatedLater(c))];
}

export function parseServiceManifest(body: unknown, options: ManifestOptions): ParsedManifest<ServiceManifest> {
  return parseManifestOf(SERVICE, ServiceManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toServiceManifest(dto, options, causes), serviceProblems);
}

export function parseConfigMapManifest(body: unknown, options: ManifestOptions): ParsedManifest<CreateConfigMap['data']> {
  return parseManifestOf(CONFIGMAP, ConfigMapManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreateConfigMap(dto, options, causes), (data) => [...metaProblems(data.meta), ...configMapDataProblems(data)]);
}

/** The checks the Secret decider makes of the ciphertext, made here of the plain values, which it never sees. */
function secretProblems({ meta, type, data }: SecretManifest): FieldCause[] {
  const badBase64 = base64Problems(data, 'data');
  const bytes = badBase64.length > 0 ? 0 : Object.values(data).reduce((n, v) => n + base64Bytes(v), 0);
  return [...metaProblems(meta), ...configKeysProblems(data, 'data'), ...badBase64, ...tooLarge(bytes, 'data'), ...secretTypeProblems(type, data, meta.annotations)];
}

export function parseSecretManifest(body: unknown, options: ManifestOptions): ParsedManifest<SecretManifest> {
  return parseManifestOf(SECRET, SecretManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toSecretManifest(dto, options, causes), secretProblems);
}

export function parseServiceAccountManifest(body: unknown, options: ManifestOptions): ParsedManifest<CreateServiceAccount['data']> {
  return parseManifestOf(SERVICEACCOUNT, ServiceAccountManifestDto, body, options.fieldValidation ?? 'Strict',
    (dto, causes) => toCreateServiceAccount(dto, options, causes), (data) => metaProblems(data.meta));
}
