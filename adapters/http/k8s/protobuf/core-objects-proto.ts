import { INTSTR, META, QUANTITY } from './meta-proto.js';

/**
 * k8s.io/api/core/v1 (generated.proto): the core kinds kes serves — Pod (with its status), Service, Endpoints,
 * ConfigMap, Secret, Namespace, Node, Event — with Kubernetes' field numbers.
 */
export const CORE_OBJECTS_PROTO = `
syntax = "proto3";
package k8s.io.api.core.v1;

message Pod { ${META}.ObjectMeta metadata = 1; PodSpec spec = 2; PodStatus status = 3; }

message PodStatus {
  int64 observedGeneration = 17;
  string phase = 1;
  repeated PodCondition conditions = 2;
  string message = 3;
  string reason = 4;
  string nominatedNodeName = 11;
  string hostIP = 5;
  repeated HostIP hostIPs = 16;
  string podIP = 6;
  repeated PodIP podIPs = 12;
  optional ${META}.Time startTime = 7;
  repeated ContainerStatus initContainerStatuses = 10;
  repeated ContainerStatus containerStatuses = 8;
  string qosClass = 9;
  repeated ContainerStatus ephemeralContainerStatuses = 13;
  string resize = 14;
  repeated PodResourceClaimStatus resourceClaimStatuses = 15;
  optional PodExtendedResourceClaimStatus extendedResourceClaimStatus = 18;
  map<string, ${QUANTITY}> allocatedResources = 19;
  optional ResourceRequirements resources = 20;
}
message PodCondition {
  string type = 1;
  int64 observedGeneration = 7;
  string status = 2;
  ${META}.Time lastProbeTime = 3;
  ${META}.Time lastTransitionTime = 4;
  string reason = 5;
  string message = 6;
}
message HostIP { string ip = 1; }
message PodIP { string ip = 1; }
message PodResourceClaimStatus { string name = 1; optional string resourceClaimName = 2; }
message PodExtendedResourceClaimStatus { repeated ContainerExtendedResourceRequest requestMappings = 1; string resourceClaimName = 2; }
message ContainerExtendedResourceRequest { string containerName = 1; string resourceName = 2; string requestName = 3; }
message ContainerStatus {
  string name = 1;
  ContainerState state = 2;
  ContainerState lastState = 3;
  optional bool ready = 4;
  optional int32 restartCount = 5;
  string image = 6;
  string imageID = 7;
  string containerID = 8;
  optional bool started = 9;
  map<string, ${QUANTITY}> allocatedResources = 10;
  optional ResourceRequirements resources = 11;
  repeated VolumeMountStatus volumeMounts = 12;
  optional ContainerUser user = 13;
  repeated ResourceStatus allocatedResourcesStatus = 14;
  optional string stopSignal = 15;
}
message ContainerState {
  optional ContainerStateWaiting waiting = 1;
  optional ContainerStateRunning running = 2;
  optional ContainerStateTerminated terminated = 3;
}
message ContainerStateWaiting { string reason = 1; string message = 2; }
message ContainerStateRunning { ${META}.Time startedAt = 1; }
message ContainerStateTerminated {
  optional int32 exitCode = 1;
  int32 signal = 2;
  string reason = 3;
  string message = 4;
  ${META}.Time startedAt = 5;
  ${META}.Time finishedAt = 6;
  string containerID = 7;
}
message ContainerUser { optional LinuxContainerUser linux = 1; }
message LinuxContainerUser { optional int64 uid = 1; optional int64 gid = 2; repeated int64 supplementalGroups = 3; }
message VolumeMountStatus { string name = 1; string mountPath = 2; bool readOnly = 3; optional string recursiveReadOnly = 4; optional VolumeStatus volumeStatus = 5; }
message VolumeStatus { optional ImageVolumeStatus image = 1; }
message ImageVolumeStatus { string imageRef = 1; }
message ResourceStatus { string name = 1; repeated ResourceHealth resources = 2; }
message ResourceHealth { string resourceID = 1; string health = 2; optional string message = 6; }

message Service { ${META}.ObjectMeta metadata = 1; ServiceSpec spec = 2; ServiceStatus status = 3; }
message ServiceSpec {
  repeated ServicePort ports = 1;
  map<string, string> selector = 2;
  string clusterIP = 3;
  repeated string clusterIPs = 18;
  string type = 4;
  repeated string externalIPs = 5;
  string sessionAffinity = 7;
  string loadBalancerIP = 8;
  repeated string loadBalancerSourceRanges = 9;
  string externalName = 10;
  string externalTrafficPolicy = 11;
  int32 healthCheckNodePort = 12;
  bool publishNotReadyAddresses = 13;
  optional SessionAffinityConfig sessionAffinityConfig = 14;
  repeated string ipFamilies = 19;
  optional string ipFamilyPolicy = 17;
  optional bool allocateLoadBalancerNodePorts = 20;
  optional string loadBalancerClass = 21;
  optional string internalTrafficPolicy = 22;
  optional string trafficDistribution = 23;
}
message ServicePort { string name = 1; string protocol = 2; optional string appProtocol = 6; optional int32 port = 3; ${INTSTR} targetPort = 4; int32 nodePort = 5; }
message SessionAffinityConfig { optional ClientIPConfig clientIP = 1; }
message ClientIPConfig { optional int32 timeoutSeconds = 1; }
message ServiceStatus { LoadBalancerStatus loadBalancer = 1; repeated ${META}.Condition conditions = 2; }
message LoadBalancerStatus { repeated LoadBalancerIngress ingress = 1; }
message LoadBalancerIngress { string ip = 1; string hostname = 2; optional string ipMode = 3; repeated PortStatus ports = 4; }
message PortStatus { optional int32 port = 1; string protocol = 2; optional string error = 3; }

message Endpoints { ${META}.ObjectMeta metadata = 1; repeated EndpointSubset subsets = 2; }
message EndpointSubset { repeated EndpointAddress addresses = 1; repeated EndpointAddress notReadyAddresses = 2; repeated EndpointPort ports = 3; }
message EndpointAddress { string ip = 1; string hostname = 3; optional string nodeName = 4; optional ObjectReference targetRef = 2; }
message EndpointPort { string name = 1; optional int32 port = 2; string protocol = 3; optional string appProtocol = 4; }
message ObjectReference { string kind = 1; string namespace = 2; string name = 3; string uid = 4; string apiVersion = 5; string resourceVersion = 6; string fieldPath = 7; }

message ConfigMap { ${META}.ObjectMeta metadata = 1; optional bool immutable = 4; map<string, string> data = 2; map<string, bytes> binaryData = 3; }
message ServiceAccount { ${META}.ObjectMeta metadata = 1; repeated ObjectReference secrets = 2; repeated LocalObjectReference imagePullSecrets = 3; optional bool automountServiceAccountToken = 4; }
message Secret { ${META}.ObjectMeta metadata = 1; optional bool immutable = 5; map<string, bytes> data = 2; map<string, string> stringData = 4; string type = 3; }

message Namespace { ${META}.ObjectMeta metadata = 1; NamespaceSpec spec = 2; NamespaceStatus status = 3; }
message NamespaceSpec { repeated string finalizers = 1; }
message NamespaceStatus { string phase = 1; repeated NamespaceCondition conditions = 2; }
message NamespaceCondition { string type = 1; string status = 2; ${META}.Time lastTransitionTime = 4; string reason = 5; string message = 6; }

message Node { ${META}.ObjectMeta metadata = 1; NodeSpec spec = 2; NodeStatus status = 3; }
message NodeSpec { string podCIDR = 1; repeated string podCIDRs = 7; string providerID = 3; bool unschedulable = 4; repeated Taint taints = 5; string externalID = 2; }
message Taint { string key = 1; string value = 2; string effect = 3; optional ${META}.Time timeAdded = 4; }
message NodeStatus {
  map<string, ${QUANTITY}> capacity = 1;
  map<string, ${QUANTITY}> allocatable = 2;
  string phase = 3;
  repeated NodeCondition conditions = 4;
  repeated NodeAddress addresses = 5;
  NodeDaemonEndpoints daemonEndpoints = 6;
  NodeSystemInfo nodeInfo = 7;
  repeated ContainerImage images = 8;
  repeated string volumesInUse = 9;
  repeated AttachedVolume volumesAttached = 10;
  repeated NodeRuntimeHandler runtimeHandlers = 12;
  optional NodeFeatures features = 13;
  repeated string declaredFeatures = 14;
}
message NodeCondition {
  string type = 1;
  string status = 2;
  ${META}.Time lastHeartbeatTime = 3;
  ${META}.Time lastTransitionTime = 4;
  string reason = 5;
  string message = 6;
}
message NodeAddress { string type = 1; string address = 2; }
message NodeDaemonEndpoints { DaemonEndpoint kubeletEndpoint = 1; }
message DaemonEndpoint { optional int32 Port = 1; }
message NodeSystemInfo {
  string machineID = 1;
  string systemUUID = 2;
  string bootID = 3;
  string kernelVersion = 4;
  string osImage = 5;
  string containerRuntimeVersion = 6;
  string kubeletVersion = 7;
  string kubeProxyVersion = 8;
  string operatingSystem = 9;
  string architecture = 10;
  optional NodeSwapStatus swap = 11;
}
message NodeSwapStatus { optional int64 capacity = 1; }
message ContainerImage { repeated string names = 1; int64 sizeBytes = 2; }
message AttachedVolume { string name = 1; string devicePath = 2; }
message NodeRuntimeHandler { string name = 1; optional NodeRuntimeHandlerFeatures features = 2; }
message NodeRuntimeHandlerFeatures { optional bool recursiveReadOnlyMounts = 1; optional bool userNamespaces = 2; }
message NodeFeatures { optional bool supplementalGroupsPolicy = 1; optional bool containerUlimits = 2; }

message Event {
  ${META}.ObjectMeta metadata = 1;
  ObjectReference involvedObject = 2;
  string reason = 3;
  string message = 4;
  EventSource source = 5;
  ${META}.Time firstTimestamp = 6;
  ${META}.Time lastTimestamp = 7;
  int32 count = 8;
  string type = 9;
  ${META}.MicroTime eventTime = 10;
  optional EventSeries series = 11;
  string action = 12;
  optional ObjectReference related = 13;
  string reportingComponent = 14;
  string reportingInstance = 15;
}
message EventSource { string component = 1; string host = 2; }
message EventSeries { int32 count = 1; ${META}.MicroTime lastObservedTime = 2; }
`;
