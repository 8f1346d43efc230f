/*
 * The Kubernetes wire format of k8s.io/apimachinery: meta/v1, runtime, util/intstr and api/resource
 * (their generated.proto; the field numbers are Kubernetes'). Written as proto3 so that `optional` can say
 * which fields keep a zero value: a Go pointer (or a field Kubernetes' JSON always writes); every other field
 * is dropped when it holds its zero value, as gogo-protobuf writes those whether set or not.
 */

export const META = '.k8s.io.apimachinery.pkg.apis.meta.v1';
export const INTSTR = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';

export const META_PROTO = `
syntax = "proto3";
package k8s.io.apimachinery.pkg.apis.meta.v1;

message Time { int64 seconds = 1; int32 nanos = 2; }
message MicroTime { int64 seconds = 1; int32 nanos = 2; }
message Duration { int64 duration = 1; }
message FieldsV1 { bytes Raw = 1; }

message ObjectMeta {
  string name = 1;
  string generateName = 2;
  string namespace = 3;
  string selfLink = 4;
  string uid = 5;
  string resourceVersion = 6;
  int64 generation = 7;
  Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10;
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}

message OwnerReference {
  string kind = 1;
  string name = 3;
  string uid = 4;
  string apiVersion = 5;
  optional bool controller = 6;
  optional bool blockOwnerDeletion = 7;
}

message ManagedFieldsEntry {
  string manager = 1;
  string operation = 2;
  string apiVersion = 3;
  optional Time time = 4;
  string fieldsType = 6;
  optional FieldsV1 fieldsV1 = 7;
  string subresource = 8;
}

message ListMeta {
  string selfLink = 1;
  string resourceVersion = 2;
  string continue = 3;
  optional int64 remainingItemCount = 4;
}

message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}

message LabelSelectorRequirement {
  string key = 1;
  string operator = 2;
  repeated string values = 3;
}

message Condition {
  string type = 1;
  string status = 2;
  int64 observedGeneration = 3;
  Time lastTransitionTime = 4;
  string reason = 5;
  string message = 6;
}

message Preconditions {
  optional string uid = 1;
  optional string resourceVersion = 2;
}

message DeleteOptions {
  optional int64 gracePeriodSeconds = 1;
  optional Preconditions preconditions = 2;
  optional bool orphanDependents = 3;
  optional string propagationPolicy = 4;
  repeated string dryRun = 5;
  optional bool ignoreStoreReadErrorWithClusterBreakingPotential = 6;
}
`;

export const RUNTIME_PROTO = `
syntax = "proto3";
package k8s.io.apimachinery.pkg.runtime;

message TypeMeta { string apiVersion = 1; string kind = 2; }
message Unknown { TypeMeta typeMeta = 1; bytes raw = 2; string contentEncoding = 3; string contentType = 4; }
message RawExtension { bytes raw = 1; }
`;

export const INTSTR_PROTO = `
syntax = "proto3";
package k8s.io.apimachinery.pkg.util.intstr;

message IntOrString { int64 type = 1; int32 intVal = 2; string strVal = 3; }
`;

export const RESOURCE_PROTO = `
syntax = "proto3";
package k8s.io.apimachinery.pkg.api.resource;

message Quantity { string string = 1; }
`;
