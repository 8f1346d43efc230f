import { INTSTR, META, QUANTITY } from './meta-proto.js';

/**
 * k8s.io/api/core/v1 (generated.proto): the pod spec and everything in it but volumes — every field, with
 * Kubernetes' field numbers. `optional` marks Go pointers, whose zero value is kept (see meta-proto.ts).
 */
export const CORE_POD_PROTO = `
syntax = "proto3";
package k8s.io.api.core.v1;

message PodTemplateSpec { ${META}.ObjectMeta metadata = 1; PodSpec spec = 2; }

message PodSpec {
  repeated Volume volumes = 1;
  repeated Container initContainers = 20;
  repeated Container containers = 2;
  repeated EphemeralContainer ephemeralContainers = 34;
  string restartPolicy = 3;
  optional int64 terminationGracePeriodSeconds = 4;
  optional int64 activeDeadlineSeconds = 5;
  string dnsPolicy = 6;
  map<string, string> nodeSelector = 7;
  string serviceAccountName = 8;
  string serviceAccount = 9;
  optional bool automountServiceAccountToken = 21;
  string nodeName = 10;
  bool hostNetwork = 11;
  bool hostPID = 12;
  bool hostIPC = 13;
  optional bool shareProcessNamespace = 27;
  optional PodSecurityContext securityContext = 14;
  repeated LocalObjectReference imagePullSecrets = 15;
  string hostname = 16;
  string subdomain = 17;
  optional Affinity affinity = 18;
  string schedulerName = 19;
  repeated Toleration tolerations = 22;
  repeated HostAlias hostAliases = 23;
  string priorityClassName = 24;
  optional int32 priority = 25;
  optional PodDNSConfig dnsConfig = 26;
  repeated PodReadinessGate readinessGates = 28;
  optional string runtimeClassName = 29;
  optional bool enableServiceLinks = 30;
  optional string preemptionPolicy = 31;
  map<string, ${QUANTITY}> overhead = 32;
  repeated TopologySpreadConstraint topologySpreadConstraints = 33;
  optional bool setHostnameAsFQDN = 35;
  optional PodOS os = 36;
  optional bool hostUsers = 37;
  repeated PodSchedulingGate schedulingGates = 38;
  repeated PodResourceClaim resourceClaims = 39;
  optional ResourceRequirements resources = 40;
  optional string hostnameOverride = 41;
  optional WorkloadReference workloadRef = 42;
}

message Container {
  string name = 1;
  string image = 2;
  repeated string command = 3;
  repeated string args = 4;
  string workingDir = 5;
  repeated ContainerPort ports = 6;
  repeated EnvFromSource envFrom = 19;
  repeated EnvVar env = 7;
  ResourceRequirements resources = 8;
  repeated ContainerResizePolicy resizePolicy = 23;
  optional string restartPolicy = 24;
  repeated ContainerRestartRule restartPolicyRules = 25;
  repeated VolumeMount volumeMounts = 9;
  repeated VolumeDevice volumeDevices = 21;
  optional Probe livenessProbe = 10;
  optional Probe readinessProbe = 11;
  optional Probe startupProbe = 22;
  optional Lifecycle lifecycle = 12;
  string terminationMessagePath = 13;
  string terminationMessagePolicy = 20;
  string imagePullPolicy = 14;
  optional SecurityContext securityContext = 15;
  bool stdin = 16;
  bool stdinOnce = 17;
  bool tty = 18;
}

/** Container's fields, inlined into EphemeralContainer in JSON. */
message EphemeralContainerCommon {
  string name = 1;
  string image = 2;
  repeated string command = 3;
  repeated string args = 4;
  string workingDir = 5;
  repeated ContainerPort ports = 6;
  repeated EnvFromSource envFrom = 19;
  repeated EnvVar env = 7;
  ResourceRequirements resources = 8;
  repeated ContainerResizePolicy resizePolicy = 23;
  optional string restartPolicy = 24;
  repeated ContainerRestartRule restartPolicyRules = 25;
  repeated VolumeMount volumeMounts = 9;
  repeated VolumeDevice volumeDevices = 21;
  optional Probe livenessProbe = 10;
  optional Probe readinessProbe = 11;
  optional Probe startupProbe = 22;
  optional Lifecycle lifecycle = 12;
  string terminationMessagePath = 13;
  string terminationMessagePolicy = 20;
  string imagePullPolicy = 14;
  optional SecurityContext securityContext = 15;
  bool stdin = 16;
  bool stdinOnce = 17;
  bool tty = 18;
}

message EphemeralContainer { EphemeralContainerCommon ephemeralContainerCommon = 1; string targetContainerName = 2; }

message ContainerPort { string name = 1; int32 hostPort = 2; optional int32 containerPort = 3; string protocol = 4; string hostIP = 5; }
message ContainerResizePolicy { string resourceName = 1; string restartPolicy = 2; }
message ContainerRestartRule { string action = 1; optional ContainerRestartRuleOnExitCodes exitCodes = 2; }
message ContainerRestartRuleOnExitCodes { string operator = 1; repeated int32 values = 2; }

message EnvFromSource { string prefix = 1; optional ConfigMapEnvSource configMapRef = 2; optional SecretEnvSource secretRef = 3; }
message ConfigMapEnvSource { LocalObjectReference localObjectReference = 1; optional bool optional = 2; }
message SecretEnvSource { LocalObjectReference localObjectReference = 1; optional bool optional = 2; }
message EnvVar { string name = 1; string value = 2; optional EnvVarSource valueFrom = 3; }
message EnvVarSource {
  optional ObjectFieldSelector fieldRef = 1;
  optional ResourceFieldSelector resourceFieldRef = 2;
  optional ConfigMapKeySelector configMapKeyRef = 3;
  optional SecretKeySelector secretKeyRef = 4;
  optional FileKeySelector fileKeyRef = 5;
}
message ObjectFieldSelector { string apiVersion = 1; string fieldPath = 2; }
message ResourceFieldSelector { string containerName = 1; string resource = 2; ${QUANTITY} divisor = 3; }
message ConfigMapKeySelector { LocalObjectReference localObjectReference = 1; string key = 2; optional bool optional = 3; }
message SecretKeySelector { LocalObjectReference localObjectReference = 1; string key = 2; optional bool optional = 3; }
message FileKeySelector { string volumeName = 1; string path = 2; string key = 3; optional bool optional = 4; }
message LocalObjectReference { string name = 1; }

message ResourceRequirements {
  map<string, ${QUANTITY}> limits = 1;
  map<string, ${QUANTITY}> requests = 2;
  repeated ResourceClaim claims = 3;
}
message ResourceClaim { string name = 1; string request = 2; }

message VolumeMount {
  string name = 1;
  bool readOnly = 2;
  optional string recursiveReadOnly = 7;
  string mountPath = 3;
  string subPath = 4;
  optional string mountPropagation = 5;
  string subPathExpr = 6;
}
message VolumeDevice { string name = 1; string devicePath = 2; }

/** handler is inlined in JSON. */
message Probe {
  ProbeHandler handler = 1;
  int32 initialDelaySeconds = 2;
  int32 timeoutSeconds = 3;
  int32 periodSeconds = 4;
  int32 successThreshold = 5;
  int32 failureThreshold = 6;
  optional int64 terminationGracePeriodSeconds = 7;
}
message ProbeHandler {
  optional ExecAction exec = 1;
  optional HTTPGetAction httpGet = 2;
  optional TCPSocketAction tcpSocket = 3;
  optional GRPCAction grpc = 4;
}
message Lifecycle { optional LifecycleHandler postStart = 1; optional LifecycleHandler preStop = 2; optional string stopSignal = 3; }
message LifecycleHandler {
  optional ExecAction exec = 1;
  optional HTTPGetAction httpGet = 2;
  optional TCPSocketAction tcpSocket = 3;
  optional SleepAction sleep = 4;
}
message ExecAction { repeated string command = 1; }
message HTTPGetAction { string path = 1; optional ${INTSTR} port = 2; string host = 3; string scheme = 4; repeated HTTPHeader httpHeaders = 5; }
message HTTPHeader { string name = 1; string value = 2; }
message TCPSocketAction { optional ${INTSTR} port = 1; string host = 2; }
message GRPCAction { optional int32 port = 1; optional string service = 2; }
message SleepAction { optional int64 seconds = 1; }

message SecurityContext {
  optional Capabilities capabilities = 1;
  optional bool privileged = 2;
  optional SELinuxOptions seLinuxOptions = 3;
  optional WindowsSecurityContextOptions windowsOptions = 10;
  optional int64 runAsUser = 4;
  optional int64 runAsGroup = 8;
  optional bool runAsNonRoot = 5;
  optional bool readOnlyRootFilesystem = 6;
  optional bool allowPrivilegeEscalation = 7;
  optional string procMount = 9;
  optional SeccompProfile seccompProfile = 11;
  optional AppArmorProfile appArmorProfile = 12;
  repeated Ulimit ulimits = 13;
}
message PodSecurityContext {
  optional SELinuxOptions seLinuxOptions = 1;
  optional WindowsSecurityContextOptions windowsOptions = 8;
  optional int64 runAsUser = 2;
  optional int64 runAsGroup = 6;
  optional bool runAsNonRoot = 3;
  repeated int64 supplementalGroups = 4;
  optional string supplementalGroupsPolicy = 12;
  optional int64 fsGroup = 5;
  repeated Sysctl sysctls = 7;
  optional string fsGroupChangePolicy = 9;
  optional SeccompProfile seccompProfile = 10;
  optional AppArmorProfile appArmorProfile = 11;
  optional string seLinuxChangePolicy = 13;
}
message Capabilities { repeated string add = 1; repeated string drop = 2; }
message SELinuxOptions { string user = 1; string role = 2; string type = 3; string level = 4; }
message WindowsSecurityContextOptions {
  optional string gmsaCredentialSpecName = 1;
  optional string gmsaCredentialSpec = 2;
  optional string runAsUserName = 3;
  optional bool hostProcess = 4;
}
message SeccompProfile { string type = 1; optional string localhostProfile = 2; }
message AppArmorProfile { string type = 1; optional string localhostProfile = 2; }
message Ulimit { string name = 1; optional int64 hard = 2; optional int64 soft = 3; }
message Sysctl { string name = 1; string value = 2; }

message Affinity { optional NodeAffinity nodeAffinity = 1; optional PodAffinity podAffinity = 2; optional PodAntiAffinity podAntiAffinity = 3; }
message NodeAffinity {
  optional NodeSelector requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated PreferredSchedulingTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}
message NodeSelector { repeated NodeSelectorTerm nodeSelectorTerms = 1; }
message NodeSelectorTerm { repeated NodeSelectorRequirement matchExpressions = 1; repeated NodeSelectorRequirement matchFields = 2; }
message NodeSelectorRequirement { string key = 1; string operator = 2; repeated string values = 3; }
message PreferredSchedulingTerm { optional int32 weight = 1; NodeSelectorTerm preference = 2; }
message PodAffinity {
  repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}
message PodAntiAffinity {
  repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}
message PodAffinityTerm {
  optional ${META}.LabelSelector labelSelector = 1;
  repeated string namespaces = 2;
  string topologyKey = 3;
  optional ${META}.LabelSelector namespaceSelector = 4;
  repeated string matchLabelKeys = 5;
  repeated string mismatchLabelKeys = 6;
}
message WeightedPodAffinityTerm { optional int32 weight = 1; PodAffinityTerm podAffinityTerm = 2; }

message Toleration { string key = 1; string operator = 2; string value = 3; string effect = 4; optional int64 tolerationSeconds = 5; }
message HostAlias { string ip = 1; repeated string hostnames = 2; }
message PodDNSConfig { repeated string nameservers = 1; repeated string searches = 2; repeated PodDNSConfigOption options = 3; }
message PodDNSConfigOption { string name = 1; optional string value = 2; }
message PodReadinessGate { string conditionType = 1; }
message TopologySpreadConstraint {
  optional int32 maxSkew = 1;
  string topologyKey = 2;
  string whenUnsatisfiable = 3;
  optional ${META}.LabelSelector labelSelector = 4;
  optional int32 minDomains = 5;
  optional string nodeAffinityPolicy = 6;
  optional string nodeTaintsPolicy = 7;
  repeated string matchLabelKeys = 8;
}
message PodOS { string name = 1; }
message PodSchedulingGate { string name = 1; }
message PodResourceClaim { string name = 1; optional string resourceClaimName = 3; optional string resourceClaimTemplateName = 4; }
message WorkloadReference { string name = 1; string podGroup = 2; string podGroupReplicaKey = 3; }
`;
