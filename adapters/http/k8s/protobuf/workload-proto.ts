import { INTSTR, META } from './meta-proto.js';

const CORE = '.k8s.io.api.core.v1';

/** k8s.io/api apps/v1 (Deployment, ReplicaSet), policy/v1 and coordination/v1 (generated.proto), with Kubernetes' field numbers. */
export const APPS_PROTO = `
syntax = "proto3";
package k8s.io.api.apps.v1;

message Deployment { ${META}.ObjectMeta metadata = 1; DeploymentSpec spec = 2; DeploymentStatus status = 3; }
message DeploymentSpec {
  optional int32 replicas = 1;
  optional ${META}.LabelSelector selector = 2;
  ${CORE}.PodTemplateSpec template = 3;
  DeploymentStrategy strategy = 4;
  int32 minReadySeconds = 5;
  optional int32 revisionHistoryLimit = 6;
  bool paused = 7;
  optional int32 progressDeadlineSeconds = 9;
}
message DeploymentStrategy { string type = 1; optional RollingUpdateDeployment rollingUpdate = 2; }
message RollingUpdateDeployment { optional ${INTSTR} maxUnavailable = 1; optional ${INTSTR} maxSurge = 2; }
message DeploymentStatus {
  int64 observedGeneration = 1;
  int32 replicas = 2;
  int32 updatedReplicas = 3;
  int32 readyReplicas = 7;
  int32 availableReplicas = 4;
  int32 unavailableReplicas = 5;
  optional int32 terminatingReplicas = 9;
  repeated DeploymentCondition conditions = 6;
  optional int32 collisionCount = 8;
}
message DeploymentCondition {
  string type = 1;
  string status = 2;
  ${META}.Time lastUpdateTime = 6;
  ${META}.Time lastTransitionTime = 7;
  string reason = 4;
  string message = 5;
}

message ReplicaSet { ${META}.ObjectMeta metadata = 1; ReplicaSetSpec spec = 2; ReplicaSetStatus status = 3; }
message ReplicaSetSpec {
  optional int32 replicas = 1;
  int32 minReadySeconds = 4;
  optional ${META}.LabelSelector selector = 2;
  ${CORE}.PodTemplateSpec template = 3;
}
message ReplicaSetStatus {
  optional int32 replicas = 1;
  int32 fullyLabeledReplicas = 2;
  int32 readyReplicas = 4;
  int32 availableReplicas = 5;
  optional int32 terminatingReplicas = 7;
  int64 observedGeneration = 3;
  repeated ReplicaSetCondition conditions = 6;
}
message ReplicaSetCondition { string type = 1; string status = 2; ${META}.Time lastTransitionTime = 3; string reason = 4; string message = 5; }
`;

export const POLICY_PROTO = `
syntax = "proto3";
package k8s.io.api.policy.v1;

message Eviction { ${META}.ObjectMeta metadata = 1; optional ${META}.DeleteOptions deleteOptions = 2; }
message PodDisruptionBudget { ${META}.ObjectMeta metadata = 1; PodDisruptionBudgetSpec spec = 2; PodDisruptionBudgetStatus status = 3; }
message PodDisruptionBudgetSpec {
  optional ${INTSTR} minAvailable = 1;
  optional ${META}.LabelSelector selector = 2;
  optional ${INTSTR} maxUnavailable = 3;
  optional string unhealthyPodEvictionPolicy = 4;
}
message PodDisruptionBudgetStatus {
  int64 observedGeneration = 1;
  map<string, ${META}.Time> disruptedPods = 2;
  optional int32 disruptionsAllowed = 3;
  optional int32 currentHealthy = 4;
  optional int32 desiredHealthy = 5;
  optional int32 expectedPods = 6;
  repeated ${META}.Condition conditions = 7;
}
`;

export const COORDINATION_PROTO = `
syntax = "proto3";
package k8s.io.api.coordination.v1;

message Lease { ${META}.ObjectMeta metadata = 1; LeaseSpec spec = 2; }
message LeaseSpec {
  optional string holderIdentity = 1;
  optional int32 leaseDurationSeconds = 2;
  optional ${META}.MicroTime acquireTime = 3;
  optional ${META}.MicroTime renewTime = 4;
  optional int32 leaseTransitions = 5;
  optional string strategy = 6;
  optional string preferredHolder = 7;
}
`;

export const SCHEDULING_PROTO = `
syntax = "proto3";
package k8s.io.api.scheduling.v1;

message PriorityClass {
  ${META}.ObjectMeta metadata = 1;
  optional int32 value = 2;
  optional bool globalDefault = 3;
  optional string description = 4;
  optional string preemptionPolicy = 5;
}
`;

/** k8s.io/api batch/v1 Job (generated.proto), with Kubernetes' field numbers; podFailurePolicy and successPolicy left out. */
export const BATCH_PROTO = `
syntax = "proto3";
package k8s.io.api.batch.v1;

message Job { ${META}.ObjectMeta metadata = 1; JobSpec spec = 2; JobStatus status = 3; }
message JobSpec {
  optional int32 parallelism = 1;
  optional int32 completions = 2;
  optional int64 activeDeadlineSeconds = 3;
  optional int32 backoffLimit = 7;
  optional ${META}.LabelSelector selector = 4;
  optional bool manualSelector = 5;
  ${CORE}.PodTemplateSpec template = 6;
  optional int32 ttlSecondsAfterFinished = 8;
  optional string completionMode = 9;
  optional bool suspend = 10;
  optional string podReplacementPolicy = 14;
}
message JobStatus {
  repeated JobCondition conditions = 1;
  optional ${META}.Time startTime = 2;
  optional ${META}.Time completionTime = 3;
  optional int32 active = 4;
  optional int32 succeeded = 5;
  optional int32 failed = 6;
  optional int32 ready = 9;
}
message JobCondition {
  string type = 1;
  string status = 2;
  ${META}.Time lastProbeTime = 3;
  ${META}.Time lastTransitionTime = 4;
  string reason = 5;
  string message = 6;
}
`;
