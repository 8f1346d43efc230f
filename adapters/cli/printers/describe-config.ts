import type { K8sEvent } from '../../http/k8s/k8s-types.js';
import { formatEndpoints, formatLabels } from '../../http/k8s/objects/config-tables.js';
import type { K8sConfigMap, K8sEndpoints, K8sSecret, K8sService } from '../../http/k8s/objects/config-types.js';
import { annotationLines, describeText, eventLines, labelLines, sortedEntries } from './describe-text.js';

/** `kubectl describe service|configmap|secret` (kubectl's describe.go). */

const bytesOf = (base64: string) => Buffer.from(base64, 'base64').length;

type Metadata = K8sService['metadata'];

/** The lines every one of these describers opens with. */
const header = (metadata: Metadata) => [
  `Name:\t${metadata.name}`,
  `Namespace:\t${metadata.namespace ?? ''}`,
  ...labelLines('Labels', metadata.labels),
  ...annotationLines('Annotations', metadata.annotations),
];

/** `endpoints` undefined: the service has none (yet), as kubectl prints `<none>`. */
export function describeService(service: K8sService, endpoints: K8sEndpoints | undefined, events: readonly K8sEvent[] | undefined, now: Date): string {
  const { metadata, spec } = service;
  const ports = spec.ports.flatMap((p) => {
    const name = p.name || '<unset>';
    return [
      `Port:\t${name}\t${p.port}/${p.protocol}`,
      `TargetPort:\t${p.targetPort}/${p.protocol}`,
      ...(p.nodePort ? [`NodePort:\t${name}\t${p.nodePort}/${p.protocol}`] : []),
      `Endpoints:\t${endpoints ? formatEndpoints(endpoints, p.name ?? '') : '<none>'}`,
    ];
  });
  const lines = [
    ...header(metadata),
    `Selector:\t${formatLabels(spec.selector)}`,
    `Type:\t${spec.type}`,
    ...(spec.ipFamilyPolicy ? [`IP Family Policy:\t${spec.ipFamilyPolicy}`] : []),
    `IP Families:\t${spec.ipFamilies?.join(',') || '<none>'}`,
    `IP:\t${spec.clusterIP}`,
    `IPs:\t${spec.clusterIPs?.join(',') || '<none>'}`,
    ...ports,
    `Session Affinity:\t${spec.sessionAffinity}`,
    ...(spec.externalTrafficPolicy ? [`External Traffic Policy:\t${spec.externalTrafficPolicy}`] : []),
    ...(spec.internalTrafficPolicy ? [`Internal Traffic Policy:\t${spec.internalTrafficPolicy}`] : []),
    ...eventLines(events, now),
  ];
  return describeText(lines);
}

export function describeConfigMap(configMap: K8sConfigMap, events: readonly K8sEvent[] | undefined, now: Date): string {
  const { metadata } = configMap;
  const lines = [
    ...header(metadata),
    '',
    'Data',
    '====',
    ...sortedEntries(configMap.data).flatMap(([key, value]) => [`${key}:`, '----', value]),
    '',
    'BinaryData',
    '====',
    ...sortedEntries(configMap.binaryData).map(([key, value]) => `${key}: ${bytesOf(value)} bytes`),
    '',
    ...eventLines(events, now),
  ];
  return describeText(lines);
}

/** Values are never shown, only their sizes. */
export function describeSecret(secret: K8sSecret): string {
  const { metadata } = secret;
  const lines = [
    ...header(metadata),
    '',
    `Type:\t${secret.type}`,
    '',
    'Data',
    '====',
    ...sortedEntries(secret.data).map(([key, value]) => `${key}:\t${bytesOf(value)} bytes`),
  ];
  return describeText(lines);
}
