import {
  atomicList, bool, CORE, INT_OR_STRING, int32, int64, keyedList, kind, META, object, QUANTITY, ref, stringMap, text, time, type Schemas,
} from './schema.js';

/*
 * core/v1 as kes knows it: the fields a manifest may carry (application/manifests/manifest-fields.ts) and
 * those kes fills in. Lists carry Kubernetes' patch merge keys, so `kubectl apply` merges containers by name.
 */

const quantities = (description: string) => ({ type: 'object', additionalProperties: ref(QUANTITY), description });

const POD_SPEC: Schemas = {
  [`${CORE}.PodSpec`]: object('PodSpec is a description of a pod.', {
    affinity: ref(`${CORE}.Affinity`, "If specified, the pod's scheduling constraints."),
    containers: keyedList(ref(`${CORE}.Container`), 'name', 'List of containers belonging to the pod.'),
    dnsPolicy: text('Set DNS policy for the pod (accepted, not acted on by kes).'),
    enableServiceLinks: bool('Accepted, not acted on by kes.'),
    nodeName: text('The node this pod is bound to; set by the scheduler.'),
    nodeSelector: { ...stringMap('A selector which must be true for the pod to fit on a node.'), 'x-kubernetes-map-type': 'atomic' },
    restartPolicy: { ...text('Restart policy for all containers within the pod: Always, OnFailure, Never.'), enum: ['Always', 'Never', 'OnFailure'] },
    schedulerName: text('Accepted, not acted on by kes.'),
    securityContext: ref(`${CORE}.PodSecurityContext`, 'Accepted, not acted on by kes.'),
    serviceAccount: text('Deprecated alias of serviceAccountName (accepted, not acted on by kes).'),
    serviceAccountName: text('Accepted, not acted on by kes.'),
    terminationGracePeriodSeconds: int64('Seconds the pod needs to terminate gracefully. Defaults to 30 seconds.'),
    tolerations: atomicList(ref(`${CORE}.Toleration`), "If specified, the pod's tolerations."),
    volumes: keyedList(ref(`${CORE}.Volume`), 'name', 'List of volumes that can be mounted by containers belonging to the pod.', 'merge,retainKeys'),
  }, ['containers']),
  [`${CORE}.PodSecurityContext`]: object('Pod-level security attributes (accepted, not acted on by kes).', {
    fsGroup: int64(),
    runAsGroup: int64(),
    runAsNonRoot: bool(),
    runAsUser: int64(),
    supplementalGroups: atomicList(int64()),
  }),
  [`${CORE}.Container`]: object('A single application container that you want to run within a pod.', {
    args: atomicList(text(), 'Arguments to the entrypoint.'),
    command: atomicList(text(), 'Entrypoint array; kes runs it as a process.'),
    env: keyedList(ref(`${CORE}.EnvVar`), 'name', 'List of environment variables to set in the container.'),
    image: text('Container image name (kes records it; it does not pull images).'),
    imagePullPolicy: text('Accepted, not acted on by kes.'),
    livenessProbe: ref(`${CORE}.Probe`, 'Periodic probe of container liveness.'),
    name: text('Name of the container specified as a DNS_LABEL.'),
    ports: keyedList(ref(`${CORE}.ContainerPort`), 'containerPort', 'List of ports to expose from the container.'),
    readinessProbe: ref(`${CORE}.Probe`, 'Periodic probe of container service readiness.'),
    resources: ref(`${CORE}.ResourceRequirements`, 'Compute resources required by this container.'),
    startupProbe: ref(`${CORE}.Probe`, 'StartupProbe indicates that the Pod has successfully initialized.'),
    terminationMessagePath: text('Accepted, not acted on by kes.'),
    terminationMessagePolicy: text('Accepted, not acted on by kes.'),
    volumeMounts: keyedList(ref(`${CORE}.VolumeMount`), 'mountPath', "Pod volumes to mount into the container's filesystem."),
  }, ['name']),
  [`${CORE}.EnvVar`]: object('EnvVar represents an environment variable present in a Container.', {
    name: text('Name of the environment variable.'),
    value: text('Variable value.'),
    valueFrom: ref(`${CORE}.EnvVarSource`, "Source for the environment variable's value."),
  }, ['name']),
  [`${CORE}.EnvVarSource`]: object('EnvVarSource represents a source for the value of an EnvVar.', {
    configMapKeyRef: ref(`${CORE}.ConfigMapKeySelector`, 'Selects a key of a ConfigMap.'),
    fieldRef: ref(`${CORE}.ObjectFieldSelector`, 'Selects a field of the pod.'),
    secretKeyRef: ref(`${CORE}.SecretKeySelector`, "Selects a key of a secret in the pod's namespace."),
  }),
  [`${CORE}.ConfigMapKeySelector`]: object('Selects a key from a ConfigMap.', { key: text(), name: text(), optional: bool() }, ['key']),
  [`${CORE}.SecretKeySelector`]: object('SecretKeySelector selects a key of a Secret.', { key: text(), name: text(), optional: bool() }, ['key']),
  [`${CORE}.ObjectFieldSelector`]: object('ObjectFieldSelector selects an APIVersioned field of an object.', { apiVersion: text(), fieldPath: text() }, ['fieldPath']),
  [`${CORE}.ContainerPort`]: object('ContainerPort represents a network port in a single container.', {
    containerPort: int32('Number of port to expose on the pod\'s IP address.'),
    hostPort: int32('Number of port to expose on the host.'),
    name: text('An IANA_SVC_NAME that can be referred to by services.'),
    protocol: text('Protocol for port. Must be UDP or TCP. Defaults to "TCP".'),
  }, ['containerPort']),
  [`${CORE}.ResourceRequirements`]: object('ResourceRequirements describes the compute resource requirements.', {
    limits: quantities('Limits describes the maximum amount of compute resources allowed.'),
    requests: quantities('Requests describes the minimum amount of compute resources required.'),
  }),
  [`${CORE}.VolumeMount`]: object('VolumeMount describes a mounting of a Volume within a container.', {
    mountPath: text('Path within the container at which the volume should be mounted.'),
    name: text('This must match the Name of a Volume.'),
    readOnly: bool('Mounted read-only if true.'),
  }, ['name', 'mountPath']),
  [`${CORE}.Probe`]: object('Probe describes a health check to be performed against a container.', {
    exec: ref(`${CORE}.ExecAction`, 'Exec specifies a command to execute in the container.'),
    failureThreshold: int32(),
    httpGet: ref(`${CORE}.HTTPGetAction`, 'HTTPGet specifies an HTTP GET request to perform.'),
    initialDelaySeconds: int32(),
    periodSeconds: int32(),
    successThreshold: int32(),
    tcpSocket: ref(`${CORE}.TCPSocketAction`, 'TCPSocket specifies a connection to a TCP port.'),
    timeoutSeconds: int32(),
  }),
  [`${CORE}.ExecAction`]: object('ExecAction describes a "run in container" action.', { command: atomicList(text()) }),
  [`${CORE}.HTTPGetAction`]: object('HTTPGetAction describes an action based on HTTP Get requests.', {
    path: text(),
    port: ref(INT_OR_STRING, 'Name or number of the port to access on the container.'),
    scheme: text(),
  }, ['port']),
  [`${CORE}.TCPSocketAction`]: object('TCPSocketAction describes an action based on opening a socket.', {
    port: ref(INT_OR_STRING, 'Number or name of the port to access on the container.'),
  }, ['port']),
  [`${CORE}.Volume`]: object('Volume represents a named volume in a pod.', {
    configMap: ref(`${CORE}.ConfigMapVolumeSource`),
    emptyDir: ref(`${CORE}.EmptyDirVolumeSource`),
    hostPath: ref(`${CORE}.HostPathVolumeSource`),
    name: text('name of the volume.'),
    secret: ref(`${CORE}.SecretVolumeSource`),
  }, ['name']),
  [`${CORE}.ConfigMapVolumeSource`]: object('Adapts a ConfigMap into a volume.', { defaultMode: int32(), name: text(), optional: bool() }),
  [`${CORE}.SecretVolumeSource`]: object('Adapts a Secret into a volume.', { defaultMode: int32(), optional: bool(), secretName: text() }),
  [`${CORE}.EmptyDirVolumeSource`]: object('Represents an empty directory for a pod.', { medium: text(), sizeLimit: ref(QUANTITY) }),
  [`${CORE}.HostPathVolumeSource`]: object('Represents a host path mapped into a pod.', { path: text(), type: text() }, ['path']),
  [`${CORE}.Affinity`]: object('Affinity is a group of affinity scheduling rules.', {
    nodeAffinity: ref(`${CORE}.NodeAffinity`, 'Describes node affinity scheduling rules for the pod.'),
  }),
  [`${CORE}.NodeAffinity`]: object('Node affinity is a group of node affinity scheduling rules.', {
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(ref(`${CORE}.PreferredSchedulingTerm`)),
    requiredDuringSchedulingIgnoredDuringExecution: ref(`${CORE}.NodeSelector`),
  }),
  [`${CORE}.NodeSelector`]: {
    ...object('A node selector represents the union of the results of one or more label queries over a set of nodes.', {
      nodeSelectorTerms: atomicList(ref(`${CORE}.NodeSelectorTerm`)),
    }, ['nodeSelectorTerms']),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}.NodeSelectorTerm`]: {
    ...object('The terms of a node selector are ANDed.', { matchExpressions: atomicList(ref(`${CORE}.NodeSelectorRequirement`)) }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}.NodeSelectorRequirement`]: object('A node selector requirement: a key, an operator and values.', {
    key: text(),
    operator: text(),
    values: atomicList(text()),
  }, ['key', 'operator']),
  [`${CORE}.PreferredSchedulingTerm`]: object('An empty preferred scheduling term matches all objects with implicit weight 0.', {
    preference: ref(`${CORE}.NodeSelectorTerm`),
    weight: int32(),
  }, ['weight', 'preference']),
  [`${CORE}.Toleration`]: object('The pod this Toleration is attached to tolerates any taint that matches.', {
    effect: text(),
    key: text(),
    operator: text(),
    tolerationSeconds: int64(),
    value: text(),
  }),
  [`${CORE}.PodTemplateSpec`]: object('PodTemplateSpec describes the data a pod should have when created from a template.', {
    metadata: ref(`${META}.ObjectMeta`, "Standard object's metadata."),
    spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
  }),
};

const POD_STATUS: Schemas = {
  [`${CORE}.PodStatus`]: object('PodStatus represents information about the status of a pod.', {
    conditions: keyedList(ref(`${CORE}.PodCondition`), 'type', 'Current service state of pod.'),
    containerStatuses: atomicList(ref(`${CORE}.ContainerStatus`)),
    hostIP: text(),
    hostIPs: atomicList(ref(`${CORE}.HostIP`)),
    message: text(),
    phase: text('Pending, Running, Succeeded, Failed or Unknown.'),
    podIP: text(),
    podIPs: keyedList(ref(`${CORE}.PodIP`), 'ip'),
    reason: text(),
  }),
  [`${CORE}.PodCondition`]: object('PodCondition contains details for the current condition of this pod.', {
    lastProbeTime: time(),
    lastTransitionTime: time(),
    message: text(),
    reason: text(),
    status: text(),
    type: text(),
  }, ['type', 'status']),
  [`${CORE}.ContainerStatus`]: object('ContainerStatus contains details for the current status of this container.', {
    image: text(),
    name: text(),
    ready: bool(),
    restartCount: int32(),
    started: bool(),
    state: ref(`${CORE}.ContainerState`),
  }),
  [`${CORE}.ContainerState`]: object('ContainerState holds a possible state of container.', {
    running: ref(`${CORE}.ContainerStateRunning`),
    terminated: ref(`${CORE}.ContainerStateTerminated`),
    waiting: ref(`${CORE}.ContainerStateWaiting`),
  }),
  [`${CORE}.ContainerStateRunning`]: object('A running container.', { startedAt: time() }),
  [`${CORE}.ContainerStateTerminated`]: object('A terminated container.', {
    exitCode: int32(),
    finishedAt: time(),
    message: text(),
    reason: text(),
    signal: int32(),
    startedAt: time(),
  }),
  [`${CORE}.ContainerStateWaiting`]: object('A waiting container.', { message: text(), reason: text() }),
  [`${CORE}.HostIP`]: object('HostIP represents a single IP address allocated to the host.', { ip: text() }),
  [`${CORE}.PodIP`]: object('PodIP represents a single IP address allocated to the pod.', { ip: text() }),
};

export const CORE_SCHEMAS: Schemas = {
  [`${CORE}.Pod`]: kind({ group: '', version: 'v1', kind: 'Pod' }, 'Pod is a collection of containers that can run on a host.', {
    spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
    status: ref(`${CORE}.PodStatus`, 'Most recently observed status of the pod.'),
  }),
  ...POD_SPEC,
  ...POD_STATUS,
  [`${CORE}.Namespace`]: kind({ group: '', version: 'v1', kind: 'Namespace' }, 'Namespace provides a scope for Names.', {
    spec: ref(`${CORE}.NamespaceSpec`, 'Spec defines the behavior of the Namespace.'),
    status: ref(`${CORE}.NamespaceStatus`, 'Status describes the current status of a Namespace.'),
  }),
  [`${CORE}.NamespaceSpec`]: object('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: atomicList(text(), 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.'),
  }),
  [`${CORE}.NamespaceStatus`]: object('NamespaceStatus is information about the current status of a Namespace.', {
    phase: text('Phase is the current lifecycle phase of the namespace: Active or Terminating.'),
  }),
};
