import type { K8sObjectMeta } from './workload-types.js';

/** The wire shapes of core/v1 Service, Endpoints, ConfigMap and Secret as kes serves them. */

export type K8sServicePort = { name?: string; protocol: string; port: number; targetPort: number | string; nodePort?: number };

export type K8sService = {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: K8sObjectMeta;
  spec: {
    type: string;
    selector?: Record<string, string>;
    ports: K8sServicePort[];
    clusterIP: string;
    clusterIPs: string[];
    ipFamilies: string[];
    ipFamilyPolicy: string;
    sessionAffinity: string;
    internalTrafficPolicy: string;
    externalTrafficPolicy?: string;
  };
  status: { loadBalancer: Record<string, never> };
};

export type K8sEndpointAddress = { ip: string; nodeName?: string; targetRef?: { kind: string; name: string; namespace: string; uid: string } };
export type K8sEndpointSubset = { addresses?: K8sEndpointAddress[]; notReadyAddresses?: K8sEndpointAddress[]; ports?: { name?: string; port: number; protocol: string }[] };

export type K8sEndpoints = { apiVersion: 'v1'; kind: 'Endpoints'; metadata: K8sObjectMeta; subsets?: K8sEndpointSubset[] };

export type K8sConfigMap = { apiVersion: 'v1'; kind: 'ConfigMap'; metadata: K8sObjectMeta; data?: Record<string, string>; binaryData?: Record<string, string> };

/** `data` values are base64, as Kubernetes serves them. */
export type K8sSecret = { apiVersion: 'v1'; kind: 'Secret'; metadata: K8sObjectMeta; type: string; data?: Record<string, string> };
