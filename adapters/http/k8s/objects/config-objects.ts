import type { ConfigMapView, EndpointsView, ServiceView } from '../../../../application/projections/service-views.js';
import type { EndpointAddress, EndpointSubset } from '../../../../domain/endpoints/endpoints.js';
import type { ServicePort } from '../../../../domain/service/service.js';
import { objectMetadata } from './pod-spec-object.js';
import type { K8sConfigMap, K8sEndpointAddress, K8sEndpoints, K8sEndpointSubset, K8sService, K8sServicePort } from './config-types.js';

/** Service, Endpoints and ConfigMap views as Kubernetes serves them (Secrets, whose values need opening, are in secret-object.ts). */

const nonEmpty = <T extends object>(key: string, value: T): Record<string, T> => (Object.keys(value).length > 0 ? { [key]: value } : {});

const servicePort = ({ name, protocol, port, targetPort, nodePort }: ServicePort): K8sServicePort => ({
  ...(name ? { name } : {}), protocol, port, targetPort, ...(nodePort === undefined ? {} : { nodePort }),
});

/** What Kubernetes fills in on a single-stack IPv4 cluster, so `kubectl get svc -o yaml` reads as it does there. */
export function serviceObject(view: ServiceView): K8sService {
  const { spec } = view;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMetadata(view.meta, view.resourceVersion),
    spec: {
      type: spec.type,
      ...nonEmpty('selector', { ...spec.selector }),
      ports: spec.ports.map(servicePort),
      clusterIP: spec.clusterIP,
      clusterIPs: [spec.clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: spec.sessionAffinity ?? 'None',
      internalTrafficPolicy: 'Cluster',
      ...(spec.type === 'NodePort' ? { externalTrafficPolicy: 'Cluster' } : {}),
    },
    status: { loadBalancer: {} },
  };
}

const address = (namespace: string) => ({ ip, nodeName, targetRef }: EndpointAddress): K8sEndpointAddress => ({
  ip,
  ...(nodeName ? { nodeName } : {}),
  ...(targetRef ? { targetRef: { kind: targetRef.kind, name: targetRef.name, namespace, uid: targetRef.uid } } : {}),
});

function subset(namespace: string, { addresses, notReadyAddresses, ports }: EndpointSubset): K8sEndpointSubset {
  return {
    ...(addresses.length > 0 ? { addresses: addresses.map(address(namespace)) } : {}),
    ...(notReadyAddresses.length > 0 ? { notReadyAddresses: notReadyAddresses.map(address(namespace)) } : {}),
    ...(ports.length > 0 ? { ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })) } : {}),
  };
}

/** Endpoints carry the labels of their service, as Kubernetes' endpoints controller copies them. */
export function endpointsObject(view: EndpointsView, service?: ServiceView): K8sEndpoints {
  const { namespace, name } = view;
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name, namespace, resourceVersion: String(view.resourceVersion), creationTimestamp: view.createdAt,
      ...nonEmpty('labels', { ...(service?.meta.labels ?? {}) }),
    },
    ...(view.subsets.length > 0 ? { subsets: view.subsets.map((s) => subset(namespace, s)) } : {}),
  };
}

export function configMapObject(view: ConfigMapView): K8sConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMetadata(view.meta, view.resourceVersion),
    ...nonEmpty('data', { ...view.data }),
    ...nonEmpty('binaryData', { ...view.binaryData }),
  };
}
