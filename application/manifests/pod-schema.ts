/*
 * The v1 types of a PodSpec as Kubernetes 1.32 defines them (api/openapi-spec/v3), one line per type: each
 * field and its kind. A kind is a scalar (`string`, `int`, `bool`, `intstr`, `quantity`), `map` (string values),
 * `quantities` (a ResourceList), `object` (free: kes looks no further), a type of this table, or a list of one
 * (`[kind]`). Strict decoding accepts exactly these fields (unknown-fields.ts) and checks their kinds
 * (field-kinds.ts); what kes does not model is still kept and returned (unmodelled-fields.ts).
 */

export type FieldKind = string;
export type TypeTable = Readonly<Record<string, Readonly<Record<string, FieldKind>>>>;

const fields = (kind: FieldKind, names: string): Record<string, FieldKind> =>
  Object.fromEntries(names.split(/\s+/).filter(Boolean).map((name) => [name, kind]));

const CONTAINER: Record<string, FieldKind> = {
  ...fields('string', 'name image imagePullPolicy restartPolicy terminationMessagePath terminationMessagePolicy workingDir'),
  ...fields('[string]', 'args command'),
  ...fields('bool', 'stdin stdinOnce tty'),
  env: '[EnvVar]', envFrom: '[EnvFromSource]', lifecycle: 'Lifecycle',
  ...fields('Probe', 'livenessProbe readinessProbe startupProbe'),
  ports: '[ContainerPort]', resizePolicy: '[ContainerResizePolicy]', resources: 'ResourceRequirements',
  securityContext: 'SecurityContext', volumeDevices: '[VolumeDevice]', volumeMounts: '[VolumeMount]',
};

const HANDLER = { exec: 'ExecAction', httpGet: 'HTTPGetAction', tcpSocket: 'TCPSocketAction' };
const KEY_ITEMS = { items: '[KeyToPath]', name: 'string', optional: 'bool' };

const VOLUME_SOURCES: Record<string, Record<string, FieldKind>> = {
  AWSElasticBlockStoreVolumeSource: { ...fields('string', 'fsType volumeID'), partition: 'int', readOnly: 'bool' },
  AzureDiskVolumeSource: { ...fields('string', 'cachingMode diskName diskURI fsType kind'), readOnly: 'bool' },
  AzureFileVolumeSource: { ...fields('string', 'secretName shareName'), readOnly: 'bool' },
  CephFSVolumeSource: { monitors: '[string]', ...fields('string', 'path secretFile user'), readOnly: 'bool', secretRef: 'LocalObjectReference' },
  CinderVolumeSource: { ...fields('string', 'fsType volumeID'), readOnly: 'bool', secretRef: 'LocalObjectReference' },
  ConfigMapVolumeSource: { defaultMode: 'int', ...KEY_ITEMS },
  CSIVolumeSource: { ...fields('string', 'driver fsType'), nodePublishSecretRef: 'LocalObjectReference', readOnly: 'bool', volumeAttributes: 'map' },
  DownwardAPIVolumeSource: { defaultMode: 'int', items: '[DownwardAPIVolumeFile]' },
  EmptyDirVolumeSource: { medium: 'string', sizeLimit: 'quantity' },
  EphemeralVolumeSource: { volumeClaimTemplate: 'PersistentVolumeClaimTemplate' },
  FCVolumeSource: { fsType: 'string', lun: 'int', readOnly: 'bool', ...fields('[string]', 'targetWWNs wwids') },
  FlexVolumeSource: { ...fields('string', 'driver fsType'), options: 'map', readOnly: 'bool', secretRef: 'LocalObjectReference' },
  FlockerVolumeSource: fields('string', 'datasetName datasetUUID'),
  GCEPersistentDiskVolumeSource: { ...fields('string', 'fsType pdName'), partition: 'int', readOnly: 'bool' },
  GitRepoVolumeSource: fields('string', 'directory repository revision'),
  GlusterfsVolumeSource: { ...fields('string', 'endpoints path'), readOnly: 'bool' },
  HostPathVolumeSource: fields('string', 'path type'),
  ImageVolumeSource: fields('string', 'pullPolicy reference'),
  ISCSIVolumeSource: {
    ...fields('bool', 'chapAuthDiscovery chapAuthSession readOnly'), ...fields('string', 'fsType initiatorName iqn iscsiInterface targetPortal'),
    lun: 'int', portals: '[string]', secretRef: 'LocalObjectReference',
  },
  NFSVolumeSource: { ...fields('string', 'path server'), readOnly: 'bool' },
  PersistentVolumeClaimVolumeSource: { claimName: 'string', readOnly: 'bool' },
  PhotonPersistentDiskVolumeSource: fields('string', 'fsType pdID'),
  PortworxVolumeSource: { ...fields('string', 'fsType volumeID'), readOnly: 'bool' },
  ProjectedVolumeSource: { defaultMode: 'int', sources: '[VolumeProjection]' },
  QuobyteVolumeSource: { ...fields('string', 'group registry tenant user volume'), readOnly: 'bool' },
  RBDVolumeSource: { ...fields('string', 'fsType image keyring pool user'), monitors: '[string]', readOnly: 'bool', secretRef: 'LocalObjectReference' },
  ScaleIOVolumeSource: {
    ...fields('string', 'fsType gateway protectionDomain storageMode storagePool system volumeName'),
    ...fields('bool', 'readOnly sslEnabled'), secretRef: 'LocalObjectReference',
  },
  SecretVolumeSource: { defaultMode: 'int', items: '[KeyToPath]', optional: 'bool', secretName: 'string' },
  StorageOSVolumeSource: { ...fields('string', 'fsType volumeName volumeNamespace'), readOnly: 'bool', secretRef: 'LocalObjectReference' },
  VsphereVirtualDiskVolumeSource: fields('string', 'fsType storagePolicyID storagePolicyName volumePath'),
};

const VOLUME: Record<string, FieldKind> = {
  name: 'string',
  awsElasticBlockStore: 'AWSElasticBlockStoreVolumeSource', azureDisk: 'AzureDiskVolumeSource', azureFile: 'AzureFileVolumeSource',
  cephfs: 'CephFSVolumeSource', cinder: 'CinderVolumeSource', configMap: 'ConfigMapVolumeSource', csi: 'CSIVolumeSource',
  downwardAPI: 'DownwardAPIVolumeSource', emptyDir: 'EmptyDirVolumeSource', ephemeral: 'EphemeralVolumeSource', fc: 'FCVolumeSource',
  flexVolume: 'FlexVolumeSource', flocker: 'FlockerVolumeSource', gcePersistentDisk: 'GCEPersistentDiskVolumeSource',
  gitRepo: 'GitRepoVolumeSource', glusterfs: 'GlusterfsVolumeSource', hostPath: 'HostPathVolumeSource', image: 'ImageVolumeSource',
  iscsi: 'ISCSIVolumeSource', nfs: 'NFSVolumeSource', persistentVolumeClaim: 'PersistentVolumeClaimVolumeSource',
  photonPersistentDisk: 'PhotonPersistentDiskVolumeSource', portworxVolume: 'PortworxVolumeSource', projected: 'ProjectedVolumeSource',
  quobyte: 'QuobyteVolumeSource', rbd: 'RBDVolumeSource', scaleIO: 'ScaleIOVolumeSource', secret: 'SecretVolumeSource',
  storageos: 'StorageOSVolumeSource', vsphereVolume: 'VsphereVirtualDiskVolumeSource',
};

const SECURITY_PROFILES = { appArmorProfile: 'AppArmorProfile', seLinuxOptions: 'SELinuxOptions', seccompProfile: 'SeccompProfile', windowsOptions: 'WindowsSecurityContextOptions' };

export const POD_TYPES: TypeTable = {
  PodSpec: {
    ...fields('int', 'activeDeadlineSeconds priority terminationGracePeriodSeconds'),
    ...fields('bool', 'automountServiceAccountToken enableServiceLinks hostIPC hostNetwork hostPID hostUsers setHostnameAsFQDN shareProcessNamespace'),
    ...fields('string', 'dnsPolicy hostname nodeName preemptionPolicy priorityClassName restartPolicy runtimeClassName schedulerName serviceAccount serviceAccountName subdomain'),
    affinity: 'Affinity', containers: '[Container]', dnsConfig: 'PodDNSConfig', ephemeralContainers: '[EphemeralContainer]',
    hostAliases: '[HostAlias]', imagePullSecrets: '[LocalObjectReference]', initContainers: '[Container]', nodeSelector: 'map',
    os: 'PodOS', overhead: 'quantities', readinessGates: '[PodReadinessGate]', resourceClaims: '[PodResourceClaim]',
    resources: 'ResourceRequirements', schedulingGates: '[PodSchedulingGate]', securityContext: 'PodSecurityContext',
    tolerations: '[Toleration]', topologySpreadConstraints: '[TopologySpreadConstraint]', volumes: '[Volume]',
  },
  Container: CONTAINER,
  EphemeralContainer: { ...CONTAINER, targetContainerName: 'string' },
  EnvVar: { name: 'string', value: 'string', valueFrom: 'EnvVarSource' },
  EnvVarSource: { configMapKeyRef: 'KeySelector', fieldRef: 'ObjectFieldSelector', resourceFieldRef: 'ResourceFieldSelector', secretKeyRef: 'KeySelector' },
  KeySelector: { ...fields('string', 'key name'), optional: 'bool' },
  ObjectFieldSelector: fields('string', 'apiVersion fieldPath'),
  ResourceFieldSelector: { ...fields('string', 'containerName resource'), divisor: 'quantity' },
  EnvFromSource: { configMapRef: 'EnvSource', prefix: 'string', secretRef: 'EnvSource' },
  EnvSource: { name: 'string', optional: 'bool' },
  ContainerPort: { ...fields('int', 'containerPort hostPort'), ...fields('string', 'hostIP name protocol') },
  ContainerResizePolicy: fields('string', 'resourceName restartPolicy'),
  ResourceRequirements: { claims: '[ResourceClaim]', limits: 'quantities', requests: 'quantities' },
  ResourceClaim: fields('string', 'name request'),
  VolumeDevice: fields('string', 'devicePath name'),
  VolumeMount: { ...fields('string', 'mountPath mountPropagation name recursiveReadOnly subPath subPathExpr'), readOnly: 'bool' },
  Probe: {
    ...HANDLER, grpc: 'GRPCAction',
    ...fields('int', 'failureThreshold initialDelaySeconds periodSeconds successThreshold terminationGracePeriodSeconds timeoutSeconds'),
  },
  Lifecycle: { postStart: 'LifecycleHandler', preStop: 'LifecycleHandler', stopSignal: 'string' },
  LifecycleHandler: { ...HANDLER, sleep: 'SleepAction' },
  ExecAction: { command: '[string]' },
  HTTPGetAction: { ...fields('string', 'host path scheme'), httpHeaders: '[HTTPHeader]', port: 'intstr' },
  HTTPHeader: fields('string', 'name value'),
  TCPSocketAction: { host: 'string', port: 'intstr' },
  GRPCAction: { port: 'int', service: 'string' },
  SleepAction: { seconds: 'int' },
  SecurityContext: {
    ...fields('bool', 'allowPrivilegeEscalation privileged readOnlyRootFilesystem runAsNonRoot'),
    ...fields('int', 'runAsGroup runAsUser'), procMount: 'string', capabilities: 'Capabilities', ...SECURITY_PROFILES,
  },
  PodSecurityContext: {
    ...fields('int', 'fsGroup runAsGroup runAsUser'), runAsNonRoot: 'bool',
    ...fields('string', 'fsGroupChangePolicy seLinuxChangePolicy supplementalGroupsPolicy'),
    supplementalGroups: '[int]', sysctls: '[Sysctl]', ...SECURITY_PROFILES,
  },
  Capabilities: fields('[string]', 'add drop'),
  AppArmorProfile: fields('string', 'localhostProfile type'),
  SeccompProfile: fields('string', 'localhostProfile type'),
  SELinuxOptions: fields('string', 'level role type user'),
  WindowsSecurityContextOptions: { ...fields('string', 'gmsaCredentialSpec gmsaCredentialSpecName runAsUserName'), hostProcess: 'bool' },
  Sysctl: fields('string', 'name value'),
  Affinity: { nodeAffinity: 'NodeAffinity', podAffinity: 'PodAffinity', podAntiAffinity: 'PodAffinity' },
  NodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: '[PreferredSchedulingTerm]', requiredDuringSchedulingIgnoredDuringExecution: 'NodeSelector' },
  PreferredSchedulingTerm: { preference: 'NodeSelectorTerm', weight: 'int' },
  NodeSelector: { nodeSelectorTerms: '[NodeSelectorTerm]' },
  NodeSelectorTerm: fields('[NodeSelectorRequirement]', 'matchExpressions matchFields'),
  NodeSelectorRequirement: { ...fields('string', 'key operator'), values: '[string]' },
  PodAffinity: { preferredDuringSchedulingIgnoredDuringExecution: '[WeightedPodAffinityTerm]', requiredDuringSchedulingIgnoredDuringExecution: '[PodAffinityTerm]' },
  WeightedPodAffinityTerm: { podAffinityTerm: 'PodAffinityTerm', weight: 'int' },
  PodAffinityTerm: {
    ...fields('LabelSelector', 'labelSelector namespaceSelector'), ...fields('[string]', 'matchLabelKeys mismatchLabelKeys namespaces'), topologyKey: 'string',
  },
  LabelSelector: { matchExpressions: '[NodeSelectorRequirement]', matchLabels: 'map' },
  Toleration: { ...fields('string', 'effect key operator value'), tolerationSeconds: 'int' },
  TopologySpreadConstraint: {
    labelSelector: 'LabelSelector', matchLabelKeys: '[string]', ...fields('int', 'maxSkew minDomains'),
    ...fields('string', 'nodeAffinityPolicy nodeTaintsPolicy topologyKey whenUnsatisfiable'),
  },
  HostAlias: { hostnames: '[string]', ip: 'string' },
  PodDNSConfig: { nameservers: '[string]', options: '[PodDNSConfigOption]', searches: '[string]' },
  PodDNSConfigOption: fields('string', 'name value'),
  LocalObjectReference: { name: 'string' },
  PodOS: { name: 'string' },
  PodReadinessGate: { conditionType: 'string' },
  PodResourceClaim: fields('string', 'name resourceClaimName resourceClaimTemplateName'),
  PodSchedulingGate: { name: 'string' },
  Volume: VOLUME,
  ...VOLUME_SOURCES,
  KeyToPath: { ...fields('string', 'key path'), mode: 'int' },
  DownwardAPIVolumeFile: { fieldRef: 'ObjectFieldSelector', mode: 'int', path: 'string', resourceFieldRef: 'ResourceFieldSelector' },
  PersistentVolumeClaimTemplate: { metadata: 'object', spec: 'PersistentVolumeClaimSpec' },
  PersistentVolumeClaimSpec: {
    accessModes: '[string]', dataSource: 'TypedObjectReference', dataSourceRef: 'TypedObjectReference',
    resources: 'ResourceRequirements', selector: 'LabelSelector',
    ...fields('string', 'storageClassName volumeAttributesClassName volumeMode volumeName'),
  },
  TypedObjectReference: fields('string', 'apiGroup kind name namespace'),
  VolumeProjection: {
    clusterTrustBundle: 'ClusterTrustBundleProjection', configMap: 'KeyItems', downwardAPI: 'DownwardAPIProjection',
    secret: 'KeyItems', serviceAccountToken: 'ServiceAccountTokenProjection',
  },
  KeyItems: KEY_ITEMS,
  DownwardAPIProjection: { items: '[DownwardAPIVolumeFile]' },
  ClusterTrustBundleProjection: { labelSelector: 'LabelSelector', ...fields('string', 'name path signerName'), optional: 'bool' },
  ServiceAccountTokenProjection: { ...fields('string', 'audience path'), expirationSeconds: 'int' },
};

const SCALARS = new Set(['string', 'int', 'bool', 'intstr', 'quantity', 'map', 'quantities', 'object']);

/**
 * The kind of every leaf path of a type (`containers[].workingDir` → `string`), as unknown-fields.ts reads paths:
 * a scalar, a list of scalars, a map or a free object is a leaf.
 */
export function leafKinds(type: string, table: TypeTable = POD_TYPES): ReadonlyMap<string, FieldKind> {
  const kinds = new Map<string, FieldKind>();
  const walk = (kind: FieldKind, path: string): void => {
    const list = /^\[(.+)\]$/.exec(kind);
    if (list) return SCALARS.has(list[1]) ? void kinds.set(path, kind) : walk(list[1], `${path}[]`);
    if (SCALARS.has(kind)) return void kinds.set(path, kind);
    const fieldsOf = table[kind];
    if (!fieldsOf) throw new Error(`the pod schema has no type ${kind}`);
    for (const [name, child] of Object.entries(fieldsOf)) walk(child, path ? `${path}.${name}` : name);
  };
  walk(type, '');
  return kinds;
}
