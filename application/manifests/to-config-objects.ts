import type { CreateConfigMap } from '../../domain/configmap/configmap.decide.js';
import type { DataMap } from '../../domain/configmap/config-data.js';
import type { SecretType } from '../../domain/secret/secret.js';
import type { CreateService } from '../../domain/service/service.decide.js';
import type { Protocol, ServicePort, ServiceType, SessionAffinity } from '../../domain/service/service.js';
import type { NewObjectMeta } from '../../domain/replicaset/workload-spec.js';
import { stringMap, type Causes } from './manifest-values.js';
import type { CreateServiceAccount } from '../../domain/serviceaccount/serviceaccount.decide.js';
import type { ConfigMapManifestDto, SecretManifestDto, ServiceAccountManifestDto, ServiceManifestDto, ServicePortManifestDto } from './service.dto.js';
import { toMeta, type Identity } from './to-workload.js';

/** Service, ConfigMap and Secret manifest DTOs → what their create commands need. Each pushes what it finds wrong onto `causes`. */

/**
 * A Service as asked for: `clusterIP` is '' and a NodePort service's ports may lack `nodePort` when the manifest
 * leaves them to the API server, which allocates them before it sends CreateService.
 */
export type ServiceManifest = CreateService['data'];

/** A Secret as asked for, `stringData` folded into `data`; every value base64, as a manifest's `data`. Not yet sealed. */
export type SecretManifest = Readonly<{ meta: NewObjectMeta; type: SecretType; data: DataMap }>;

const toPort = (p: ServicePortManifestDto): ServicePort => ({
  ...(p.name ? { name: p.name } : {}),
  protocol: (p.protocol ?? 'TCP') as Protocol,
  port: p.port,
  targetPort: p.targetPort ?? p.port,
  ...(p.nodePort !== undefined && p.nodePort !== null && p.nodePort !== 0 ? { nodePort: p.nodePort } : {}),
});

/** Kubernetes keeps spec.clusterIPs[0] equal to spec.clusterIP; either may be given. */
function clusterIPOf(dto: ServiceManifestDto, causes: Causes): string {
  const single = dto.spec?.clusterIP ?? '';
  const first = dto.spec?.clusterIPs?.[0] ?? '';
  if (single && first && single !== first)
    causes.push({ field: 'spec.clusterIPs[0]', message: `Invalid value: "${first}": must match \`clusterIP\` when both are specified` });
  return single || first;
}

export function toServiceManifest(dto: ServiceManifestDto, identity: Identity, causes: Causes): ServiceManifest {
  const spec = dto.spec;
  return {
    meta: toMeta(dto.metadata, identity, causes),
    spec: {
      type: (spec?.type ?? 'ClusterIP') as ServiceType,
      selector: stringMap(spec?.selector, 'spec.selector', causes),
      ports: (spec?.ports ?? []).map(toPort),
      clusterIP: clusterIPOf(dto, causes),
      sessionAffinity: (spec?.sessionAffinity ?? 'None') as SessionAffinity,
    },
  };
}

export function toCreateConfigMap(dto: ConfigMapManifestDto, identity: Identity, causes: Causes): CreateConfigMap['data'] {
  return {
    meta: toMeta(dto.metadata, identity, causes),
    data: stringMap(dto.data, 'data', causes),
    binaryData: stringMap(dto.binaryData, 'binaryData', causes),
  };
}

/** As Kubernetes: a key in both `stringData` and `data` takes the `stringData` value. */
export function toSecretManifest(dto: SecretManifestDto, identity: Identity, causes: Causes): SecretManifest {
  const data = stringMap(dto.data, 'data', causes);
  const plain = stringMap(dto.stringData, 'stringData', causes);
  for (const [key, value] of Object.entries(plain)) data[key] = Buffer.from(value, 'utf8').toString('base64');
  return { meta: toMeta(dto.metadata, identity, causes), type: (dto.type || 'Opaque') as SecretType, data };
}

export function toCreateServiceAccount(dto: ServiceAccountManifestDto, identity: Identity, causes: Causes): CreateServiceAccount['data'] {
  const automount = dto.automountServiceAccountToken;
  return { meta: toMeta(dto.metadata, identity, causes), ...(automount === undefined || automount === null ? {} : { automountServiceAccountToken: automount }) };
}
