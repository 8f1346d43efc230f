import { POD_TYPES, type FieldKind } from '../../../../application/manifests/pod-schema.js';
import { atomicList, bool, CORE, INT_OR_STRING, int32, int64, META, object, QUANTITY, ref, stringMap, text, type OpenApiSchema, type Schemas } from './schema.js';

/*
 * The schemas of every core/v1 type a PodSpec is made of, generated from the same table strict decoding reads
 * (application/manifests/pod-schema.ts), so `kubectl explain` knows every field kes accepts and kubectl's
 * client-side apply merges lists as Kubernetes does: by the patch merge keys of Kubernetes' types.go.
 */

type ListPatch = Readonly<{ keys: readonly string[]; mergeKey?: string; strategy?: string }>;

/** Lists that are maps (`x-kubernetes-list-map-keys`) and how a strategic-merge patch merges them; others are atomic. */
const LIST_PATCHES: Readonly<Record<string, ListPatch>> = {
  'PodSpec.containers': { keys: ['name'], mergeKey: 'name', strategy: 'merge' },
  'PodSpec.initContainers': { keys: ['name'], mergeKey: 'name', strategy: 'merge' },
  'PodSpec.ephemeralContainers': { keys: ['name'], mergeKey: 'name', strategy: 'merge' },
  'PodSpec.volumes': { keys: ['name'], mergeKey: 'name', strategy: 'merge,retainKeys' },
  'PodSpec.imagePullSecrets': { keys: ['name'], mergeKey: 'name', strategy: 'merge' },
  'PodSpec.hostAliases': { keys: ['ip'], mergeKey: 'ip', strategy: 'merge' },
  'PodSpec.topologySpreadConstraints': { keys: ['topologyKey', 'whenUnsatisfiable'], mergeKey: 'topologyKey', strategy: 'merge' },
  'PodSpec.resourceClaims': { keys: ['name'], mergeKey: 'name', strategy: 'merge,retainKeys' },
  'PodSpec.schedulingGates': { keys: ['name'], mergeKey: 'name', strategy: 'merge' },
  'Container.env': { keys: ['name'], mergeKey: 'name', strategy: 'merge' },
  'Container.ports': { keys: ['containerPort', 'protocol'], mergeKey: 'containerPort', strategy: 'merge' },
  'Container.volumeMounts': { keys: ['mountPath'], mergeKey: 'mountPath', strategy: 'merge' },
  'Container.volumeDevices': { keys: ['devicePath'], mergeKey: 'devicePath', strategy: 'merge' },
  'ResourceRequirements.claims': { keys: ['name'] },
};

/** Integer fields Kubernetes declares int64 (the others are int32). */
const INT64 = new Set([
  'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'runAsUser', 'runAsGroup', 'fsGroup', 'supplementalGroups',
  'tolerationSeconds', 'expirationSeconds', 'seconds',
]);

/**
 * The table's shared shapes under Kubernetes' own names, by `Type.field` (what `kubectl explain` prints); a
 * name of the form `meta:` is an apimachinery type kes already publishes.
 */
const NAMED: Readonly<Record<string, string>> = {
  'EnvVarSource.configMapKeyRef': 'ConfigMapKeySelector',
  'EnvVarSource.secretKeyRef': 'SecretKeySelector',
  'EnvFromSource.configMapRef': 'ConfigMapEnvSource',
  'EnvFromSource.secretRef': 'SecretEnvSource',
  'VolumeProjection.configMap': 'ConfigMapProjection',
  'VolumeProjection.secret': 'SecretProjection',
  'PodAffinityTerm.labelSelector': 'meta:LabelSelector',
  'PodAffinityTerm.namespaceSelector': 'meta:LabelSelector',
  'TopologySpreadConstraint.labelSelector': 'meta:LabelSelector',
  'ClusterTrustBundleProjection.labelSelector': 'meta:LabelSelector',
  'PersistentVolumeClaimSpec.selector': 'meta:LabelSelector',
  'PersistentVolumeClaimTemplate.metadata': 'meta:ObjectMeta',
  'PersistentVolumeClaimSpec.resources': 'VolumeResourceRequirements',
};

/** What a few fields do on kes, for `kubectl explain`. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'PodSpec.initContainers': 'Run to completion one after another, in order, before the containers start; a failing one is retried unless restartPolicy is Never.',
  'PodSpec.containers': 'List of containers belonging to the pod; kes runs each command as a process.',
  'PodSpec.activeDeadlineSeconds': 'Seconds the pod may be active on its node before it is killed and fails with DeadlineExceeded.',
  'PodSpec.hostAliases': "Entries added to the pod's hosts file.",
  'PodSpec.securityContext': 'Pod-level security attributes; kes enacts runAsUser and runAsGroup.',
  'Container.lifecycle': 'Hooks run after the container starts (postStart) and before it is stopped (preStop).',
  'Container.securityContext': "The container's security options; kes enacts runAsUser and runAsGroup.",
  'Container.envFrom': 'Every key of a ConfigMap or Secret as an environment variable.',
};

const SCALARS: Readonly<Record<string, (description?: string) => OpenApiSchema>> = {
  string: text,
  bool,
  intstr: (description) => ref(INT_OR_STRING, description),
  quantity: (description) => ref(QUANTITY, description),
  map: stringMap,
  quantities: (description) => ({ type: 'object', additionalProperties: ref(QUANTITY), ...(description ? { description } : {}) }),
  object: (description) => ({ type: 'object', ...(description ? { description } : {}) }),
};

class PodSchemaWriter {
  readonly schemas: Record<string, OpenApiSchema> = {};

  /** The schema of a type of the table, published under `name` (its own by default). */
  type(tableType: string, name = tableType): string {
    const id = `${CORE}.${name}`;
    if (id in this.schemas) return id;
    this.schemas[id] = {};
    const fields = POD_TYPES[tableType];
    const properties = Object.fromEntries(Object.entries(fields).map(([field, kind]) => [field, this.field(tableType, field, kind)]));
    this.schemas[id] = object(`${name} (core/v1).`, properties);
    return id;
  }

  private field(owner: string, field: string, kind: FieldKind): OpenApiSchema {
    const at = `${owner}.${field}`;
    const description = DESCRIPTIONS[at];
    const list = /^\[(.+)\]$/.exec(kind);
    if (list) return this.list(at, this.item(owner, field, list[1]), description);
    return this.item(owner, field, kind, description);
  }

  private item(owner: string, field: string, kind: FieldKind, description?: string): OpenApiSchema {
    if (kind === 'int') return INT64.has(field) ? int64(description) : int32(description);
    const scalar = SCALARS[kind];
    if (scalar) return scalar(description);
    const named = NAMED[`${owner}.${field}`];
    if (named?.startsWith('meta:')) return ref(`${META}.${named.slice('meta:'.length)}`, description);
    return ref(this.type(kind, named), description);
  }

  private list(at: string, items: OpenApiSchema, description?: string): OpenApiSchema {
    const patch = LIST_PATCHES[at];
    if (!patch) return atomicList(items, description);
    return {
      type: 'array',
      items,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': [...patch.keys],
      ...(patch.mergeKey ? { 'x-kubernetes-patch-merge-key': patch.mergeKey, 'x-kubernetes-patch-strategy': patch.strategy ?? 'merge' } : {}),
      ...(description ? { description } : {}),
    };
  }
}

/** io.k8s.api.core.v1.PodSpec and every type it is made of. */
export function podSpecSchemas(): Schemas {
  const writer = new PodSchemaWriter();
  writer.type('PodSpec');
  const spec = writer.schemas[`${CORE}.PodSpec`];
  writer.schemas[`${CORE}.PodSpec`] = { ...spec, description: 'PodSpec is a description of a pod.', required: ['containers'] };
  return writer.schemas;
}
