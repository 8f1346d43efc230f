import { META, QUANTITY } from './meta-proto.js';

/** k8s.io/api/core/v1 (generated.proto): a pod's volumes and every volume source, with Kubernetes' field numbers. */
export const CORE_VOLUME_PROTO = `
syntax = "proto3";
package k8s.io.api.core.v1;

/** volumeSource is inlined in JSON. */
message Volume { string name = 1; VolumeSource volumeSource = 2; }

message VolumeSource {
  optional HostPathVolumeSource hostPath = 1;
  optional EmptyDirVolumeSource emptyDir = 2;
  optional GCEPersistentDiskVolumeSource gcePersistentDisk = 3;
  optional AWSElasticBlockStoreVolumeSource awsElasticBlockStore = 4;
  optional GitRepoVolumeSource gitRepo = 5;
  optional SecretVolumeSource secret = 6;
  optional NFSVolumeSource nfs = 7;
  optional ISCSIVolumeSource iscsi = 8;
  optional GlusterfsVolumeSource glusterfs = 9;
  optional PersistentVolumeClaimVolumeSource persistentVolumeClaim = 10;
  optional RBDVolumeSource rbd = 11;
  optional FlexVolumeSource flexVolume = 12;
  optional CinderVolumeSource cinder = 13;
  optional CephFSVolumeSource cephfs = 14;
  optional FlockerVolumeSource flocker = 15;
  optional DownwardAPIVolumeSource downwardAPI = 16;
  optional FCVolumeSource fc = 17;
  optional AzureFileVolumeSource azureFile = 18;
  optional ConfigMapVolumeSource configMap = 19;
  optional VsphereVirtualDiskVolumeSource vsphereVolume = 20;
  optional QuobyteVolumeSource quobyte = 21;
  optional AzureDiskVolumeSource azureDisk = 22;
  optional PhotonPersistentDiskVolumeSource photonPersistentDisk = 23;
  optional PortworxVolumeSource portworxVolume = 24;
  optional ScaleIOVolumeSource scaleIO = 25;
  optional ProjectedVolumeSource projected = 26;
  optional StorageOSVolumeSource storageos = 27;
  optional CSIVolumeSource csi = 28;
  optional EphemeralVolumeSource ephemeral = 29;
  optional ImageVolumeSource image = 30;
}

message HostPathVolumeSource { string path = 1; optional string type = 2; }
message EmptyDirVolumeSource { string medium = 1; optional ${QUANTITY} sizeLimit = 2; }
message GCEPersistentDiskVolumeSource { string pdName = 1; string fsType = 2; int32 partition = 3; bool readOnly = 4; }
message AWSElasticBlockStoreVolumeSource { string volumeID = 1; string fsType = 2; int32 partition = 3; bool readOnly = 4; }
message GitRepoVolumeSource { string repository = 1; string revision = 2; string directory = 3; }
message SecretVolumeSource { string secretName = 1; repeated KeyToPath items = 2; optional int32 defaultMode = 3; optional bool optional = 4; }
message NFSVolumeSource { string server = 1; string path = 2; bool readOnly = 3; }
message ISCSIVolumeSource {
  string targetPortal = 1;
  string iqn = 2;
  int32 lun = 3;
  string iscsiInterface = 4;
  string fsType = 5;
  bool readOnly = 6;
  repeated string portals = 7;
  bool chapAuthDiscovery = 8;
  bool chapAuthSession = 11;
  optional LocalObjectReference secretRef = 10;
  optional string initiatorName = 12;
}
message GlusterfsVolumeSource { string endpoints = 1; string path = 2; bool readOnly = 3; }
message PersistentVolumeClaimVolumeSource { string claimName = 1; bool readOnly = 2; }
message RBDVolumeSource {
  repeated string monitors = 1;
  string image = 2;
  string fsType = 3;
  string pool = 4;
  string user = 5;
  string keyring = 6;
  optional LocalObjectReference secretRef = 7;
  bool readOnly = 8;
}
message FlexVolumeSource { string driver = 1; string fsType = 2; optional LocalObjectReference secretRef = 3; bool readOnly = 4; map<string, string> options = 5; }
message CinderVolumeSource { string volumeID = 1; string fsType = 2; bool readOnly = 3; optional LocalObjectReference secretRef = 4; }
message CephFSVolumeSource { repeated string monitors = 1; string path = 2; string user = 3; string secretFile = 4; optional LocalObjectReference secretRef = 5; bool readOnly = 6; }
message FlockerVolumeSource { string datasetName = 1; string datasetUUID = 2; }
message DownwardAPIVolumeSource { repeated DownwardAPIVolumeFile items = 1; optional int32 defaultMode = 2; }
message DownwardAPIVolumeFile { string path = 1; optional ObjectFieldSelector fieldRef = 2; optional ResourceFieldSelector resourceFieldRef = 3; optional int32 mode = 4; }
message FCVolumeSource { repeated string targetWWNs = 1; optional int32 lun = 2; string fsType = 3; bool readOnly = 4; repeated string wwids = 5; }
message AzureFileVolumeSource { string secretName = 1; string shareName = 2; bool readOnly = 3; }
message ConfigMapVolumeSource { LocalObjectReference localObjectReference = 1; repeated KeyToPath items = 2; optional int32 defaultMode = 3; optional bool optional = 4; }
message VsphereVirtualDiskVolumeSource { string volumePath = 1; string fsType = 2; string storagePolicyName = 3; string storagePolicyID = 4; }
message QuobyteVolumeSource { string registry = 1; string volume = 2; bool readOnly = 3; string user = 4; string group = 5; string tenant = 6; }
message AzureDiskVolumeSource {
  string diskName = 1;
  string diskURI = 2;
  optional string cachingMode = 3;
  optional string fsType = 4;
  optional bool readOnly = 5;
  optional string kind = 6;
}
message PhotonPersistentDiskVolumeSource { string pdID = 1; string fsType = 2; }
message PortworxVolumeSource { string volumeID = 1; string fsType = 2; bool readOnly = 3; }
message ScaleIOVolumeSource {
  string gateway = 1;
  string system = 2;
  optional LocalObjectReference secretRef = 3;
  bool sslEnabled = 4;
  string protectionDomain = 5;
  string storagePool = 6;
  string storageMode = 7;
  string volumeName = 8;
  string fsType = 9;
  bool readOnly = 10;
}
message ProjectedVolumeSource { repeated VolumeProjection sources = 1; optional int32 defaultMode = 2; }
message VolumeProjection {
  optional SecretProjection secret = 1;
  optional DownwardAPIProjection downwardAPI = 2;
  optional ConfigMapProjection configMap = 3;
  optional ServiceAccountTokenProjection serviceAccountToken = 4;
  optional ClusterTrustBundleProjection clusterTrustBundle = 5;
  optional PodCertificateProjection podCertificate = 6;
}
message SecretProjection { LocalObjectReference localObjectReference = 1; repeated KeyToPath items = 2; optional bool optional = 4; }
message ConfigMapProjection { LocalObjectReference localObjectReference = 1; repeated KeyToPath items = 2; optional bool optional = 4; }
message DownwardAPIProjection { repeated DownwardAPIVolumeFile items = 1; }
message ServiceAccountTokenProjection { string audience = 1; optional int64 expirationSeconds = 2; string path = 3; }
message ClusterTrustBundleProjection {
  optional string name = 1;
  optional string signerName = 2;
  optional ${META}.LabelSelector labelSelector = 3;
  optional bool optional = 5;
  string path = 4;
}
message PodCertificateProjection {
  string signerName = 1;
  string keyType = 2;
  optional int32 maxExpirationSeconds = 3;
  string credentialBundlePath = 4;
  string keyPath = 5;
  string certificateChainPath = 6;
  map<string, string> userAnnotations = 7;
}
message KeyToPath { string key = 1; string path = 2; optional int32 mode = 3; }
message StorageOSVolumeSource { string volumeName = 1; string volumeNamespace = 2; string fsType = 3; bool readOnly = 4; optional LocalObjectReference secretRef = 5; }
message CSIVolumeSource {
  string driver = 1;
  optional bool readOnly = 2;
  optional string fsType = 3;
  map<string, string> volumeAttributes = 4;
  optional LocalObjectReference nodePublishSecretRef = 5;
}
message EphemeralVolumeSource { optional PersistentVolumeClaimTemplate volumeClaimTemplate = 1; }
message PersistentVolumeClaimTemplate { ${META}.ObjectMeta metadata = 1; PersistentVolumeClaimSpec spec = 2; }
message PersistentVolumeClaimSpec {
  repeated string accessModes = 1;
  optional ${META}.LabelSelector selector = 4;
  VolumeResourceRequirements resources = 2;
  string volumeName = 3;
  optional string storageClassName = 5;
  optional string volumeMode = 6;
  optional TypedLocalObjectReference dataSource = 7;
  optional TypedObjectReference dataSourceRef = 8;
  optional string volumeAttributesClassName = 9;
}
message VolumeResourceRequirements { map<string, ${QUANTITY}> limits = 1; map<string, ${QUANTITY}> requests = 2; }
message TypedLocalObjectReference { optional string apiGroup = 1; string kind = 2; string name = 3; }
message TypedObjectReference { optional string apiGroup = 1; string kind = 2; string name = 3; optional string namespace = 4; }
message ImageVolumeSource { string reference = 1; string pullPolicy = 2; }
`;
