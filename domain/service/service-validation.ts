import type { FieldCause } from '../shared/errors.js';
import { annotationsProblems, dnsLabelProblem, labelsProblems } from '../shared/labels.js';
import { isIPv4 } from '../allocation/ipv4.js';
import type { NewObjectMeta } from '../replicaset/workload-spec.js';
import { PROTOCOLS, SERVICE_TYPES, SESSION_AFFINITIES, type ServicePort, type ServiceSpec, type ServiceType } from './service.js';

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const supported = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');
const PORT_RANGE_MESSAGE = 'must be between 1 and 65535, inclusive';
const isPortNumber = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** Service names become DNS names, so Kubernetes holds them to the stricter DNS-1035 label (a letter first). */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length <= 63 && DNS_1035.test(name)) return undefined;
  return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
    "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
}

/** Kubernetes' IANA_SVC_NAME rule for a named targetPort (and a container port's name). */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

export function serviceMetaProblems(meta: NewObjectMeta): FieldCause[] {
  const nameProblem = serviceNameProblem(meta.name);
  const namespaceProblem = dnsLabelProblem(meta.namespace);
  return [
    ...(nameProblem ? [{ field: 'metadata.name', message: `Invalid value: "${meta.name}": ${nameProblem}` }] : []),
    ...(namespaceProblem ? [{ field: 'metadata.namespace', message: namespaceProblem }] : []),
    ...(meta.uid ? [] : [{ field: 'metadata.uid', message: 'Required value' }]),
    ...labelsProblems(meta.labels),
    ...annotationsProblems(meta.annotations),
  ];
}

export function serviceSpecProblems(spec: ServiceSpec): FieldCause[] {
  const { type, clusterIP, sessionAffinity } = spec;
  return [
    ...(SERVICE_TYPES.includes(type) ? [] : [{ field: 'spec.type', message: `Unsupported value: "${type}": supported values: ${supported(SERVICE_TYPES)}` }]),
    ...(clusterIP === '' ? [{ field: 'spec.clusterIP', message: 'Required value' }] : []),
    ...(clusterIP !== '' && !isIPv4(clusterIP) ? [{ field: 'spec.clusterIP', message: `Invalid value: "${clusterIP}": must be a valid IP address, (e.g. 10.9.8.7)` }] : []),
    ...(sessionAffinity === undefined || SESSION_AFFINITIES.includes(sessionAffinity)
      ? []
      : [{ field: 'spec.sessionAffinity', message: `Unsupported value: "${sessionAffinity}": supported values: ${supported(SESSION_AFFINITIES)}` }]),
    ...labelsProblems(spec.selector, 'spec.selector'),
    ...portsProblems(spec.ports, type),
  ];
}

/** What Kubernetes checks of spec.ports; the type decides whether nodePort belongs. */
export function portsProblems(ports: readonly ServicePort[], type: ServiceType): FieldCause[] {
  if (ports.length === 0) return [{ field: 'spec.ports', message: 'Required value' }];
  const seen = { names: new Set<string>(), ports: new Set<string>(), nodePorts: new Set<string>() };
  return ports.flatMap((port, i) => [...portProblems(port, `spec.ports[${i}]`, ports.length > 1, type), ...duplicates(port, `spec.ports[${i}]`, seen)]);
}

function portProblems(port: ServicePort, path: string, nameRequired: boolean, type: ServiceType): FieldCause[] {
  const { name, protocol, targetPort, nodePort } = port;
  const nameProblem = name ? dnsLabelProblem(name) : undefined;
  return [
    ...(nameRequired && !name ? [{ field: `${path}.name`, message: 'Required value' }] : []),
    ...(nameProblem ? [{ field: `${path}.name`, message: `Invalid value: "${name}": ${nameProblem}` }] : []),
    ...(PROTOCOLS.includes(protocol) ? [] : [{ field: `${path}.protocol`, message: `Unsupported value: "${protocol}": supported values: ${supported(PROTOCOLS)}` }]),
    ...(isPortNumber(port.port) ? [] : [{ field: `${path}.port`, message: `Invalid value: ${port.port}: ${PORT_RANGE_MESSAGE}` }]),
    ...targetPortProblems(targetPort, `${path}.targetPort`),
    ...nodePortProblems(nodePort, `${path}.nodePort`, type),
  ];
}

function targetPortProblems(target: number | string, field: string): FieldCause[] {
  if (typeof target === 'number')
    return isPortNumber(target) ? [] : [{ field, message: `Invalid value: ${target}: ${PORT_RANGE_MESSAGE}` }];
  const problem = portNameProblem(target);
  return problem ? [{ field, message: `Invalid value: "${target}": ${problem}` }] : [];
}

function nodePortProblems(nodePort: number | undefined, field: string, type: ServiceType): FieldCause[] {
  if (type !== 'NodePort')
    return nodePort === undefined ? [] : [{ field, message: `Forbidden: may not be used when \`type\` is '${type}'` }];
  // The API server allocates NodePorts before the command is sent, so here every port must carry one.
  if (nodePort === undefined) return [{ field, message: 'Required value' }];
  return isPortNumber(nodePort) ? [] : [{ field, message: `Invalid value: ${nodePort}: ${PORT_RANGE_MESSAGE}` }];
}

type Seen = { names: Set<string>; ports: Set<string>; nodePorts: Set<string> };

function duplicates({ name, port, protocol, nodePort }: ServicePort, path: string, seen: Seen): FieldCause[] {
  const causes: FieldCause[] = [];
  const once = (set: Set<string>, key: string, cause: FieldCause) => (set.has(key) ? causes.push(cause) : set.add(key));
  if (name) once(seen.names, name, { field: `${path}.name`, message: `Duplicate value: "${name}"` });
  once(seen.ports, `${port}/${protocol}`, { field: path, message: `Duplicate value: "${port}/${protocol}"` });
  if (nodePort !== undefined)
    once(seen.nodePorts, `${nodePort}/${protocol}`, { field: `${path}.nodePort`, message: `Duplicate value: ${nodePort}` });
  return causes;
}
