import { META } from './meta-proto.js';

/**
 * The review kinds kubectl sends: authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview
 * (`kubectl auth can-i [--list]`), authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`) and
 * TokenRequest (`kubectl create token`), from their generated.proto, with Kubernetes' field numbers.
 */
export const AUTHORIZATION_PROTO = `
syntax = "proto3";
package k8s.io.api.authorization.v1;

message SelfSubjectAccessReview { ${META}.ObjectMeta metadata = 1; SelfSubjectAccessReviewSpec spec = 2; SubjectAccessReviewStatus status = 3; }
message SelfSubjectAccessReviewSpec { optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2; }
message ResourceAttributes {
  string namespace = 1;
  string verb = 2;
  string group = 3;
  string version = 4;
  string resource = 5;
  string subresource = 6;
  string name = 7;
  optional FieldSelectorAttributes fieldSelector = 8;
  optional LabelSelectorAttributes labelSelector = 9;
}
message NonResourceAttributes { string path = 1; string verb = 2; }
message FieldSelectorAttributes { string rawSelector = 1; repeated FieldSelectorRequirement requirements = 2; }
message FieldSelectorRequirement { string key = 1; string operator = 2; repeated string values = 3; }
message LabelSelectorAttributes { string rawSelector = 1; repeated ${META}.LabelSelectorRequirement requirements = 2; }
message SubjectAccessReviewStatus { optional bool allowed = 1; bool denied = 4; string reason = 2; string evaluationError = 3; }

message SelfSubjectRulesReview { ${META}.ObjectMeta metadata = 1; SelfSubjectRulesReviewSpec spec = 2; SubjectRulesReviewStatus status = 3; }
message SelfSubjectRulesReviewSpec { string namespace = 1; }
message SubjectRulesReviewStatus {
  repeated ResourceRule resourceRules = 1;
  repeated NonResourceRule nonResourceRules = 2;
  optional bool incomplete = 3;
  string evaluationError = 4;
}
message ResourceRule { repeated string verbs = 1; repeated string apiGroups = 2; repeated string resources = 3; repeated string resourceNames = 4; }
message NonResourceRule { repeated string verbs = 1; repeated string nonResourceURLs = 2; }
`;

/** BoundObjectReference's proto names differ from its JSON names (aPIVersion, uID): see JSON_NAMES in proto-json.ts. */
export const AUTHENTICATION_PROTO = `
syntax = "proto3";
package k8s.io.api.authentication.v1;

message SelfSubjectReview { ${META}.ObjectMeta metadata = 1; SelfSubjectReviewStatus status = 2; }
message SelfSubjectReviewStatus { optional UserInfo userInfo = 1; }
message UserInfo { string username = 1; string uid = 2; repeated string groups = 3; map<string, ExtraValue> extra = 4; }
message ExtraValue { repeated string items = 1; }

message TokenRequest { ${META}.ObjectMeta metadata = 1; TokenRequestSpec spec = 2; TokenRequestStatus status = 3; }
message TokenRequestSpec { repeated string audiences = 1; optional int64 expirationSeconds = 4; optional BoundObjectReference boundObjectRef = 3; }
message BoundObjectReference { string kind = 1; string aPIVersion = 2; string name = 3; string uID = 4; }
message TokenRequestStatus { string token = 1; ${META}.Time expirationTimestamp = 2; }
`;
