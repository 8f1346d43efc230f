import type { Container, ContainerPort, EnvVar, Lifecycle, LifecycleHandler, Probe, ResourceAmounts, ResourceRequirements } from '../../domain/pod/pod-spec.js';
import type { ContainerDto, ContainerPortDto, EnvVarDto, ProbeDto, ResourcesDto } from './container.dto.js';
import { cpuMillis, memoryBytes, type Causes } from './manifest-values.js';

/** A manifest container → the domain Container, with Kubernetes' defaults and its checks the DTO cannot make. */
export function toContainer(dto: ContainerDto, at: string, causes: Causes): Container {
  const probe = (kind: 'readinessProbe' | 'livenessProbe' | 'startupProbe') => {
    const given = dto[kind];
    return given ? { [kind]: toProbe(given, `${at}.${kind}`, kind !== 'readinessProbe', causes) } : {};
  };
  return {
    name: dto.name,
    image: dto.image,
    ...(dto.command ? { command: [...dto.command] } : {}),
    ...(dto.args ? { args: [...dto.args] } : {}),
    ...processFields(dto as unknown as RawContainer),
    ...toLifecycle((dto as unknown as RawContainer).lifecycle, `${at}.lifecycle`, causes),
    env: (dto.env ?? []).map((env, i) => toEnvVar(env, `${at}.env[${i}]`, causes)),
    ports: (dto.ports ?? []).map(toPort),
    resources: toResources(dto.resources, `${at}.resources`, causes),
    volumeMounts: (dto.volumeMounts ?? []).map(({ name, mountPath, readOnly }) => ({ name, mountPath, ...(readOnly !== undefined ? { readOnly } : {}) })),
    ...probe('readinessProbe'),
    ...probe('livenessProbe'),
    ...probe('startupProbe'),
  };
}

/** Fields the DTO leaves as given (pod-schema.ts has checked their kinds). */
type RawContainer = {
  workingDir?: string;
  envFrom?: { prefix?: string; configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  lifecycle?: { postStart?: RawHandler; preStop?: RawHandler };
};

type RawHandler = {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; scheme?: 'HTTP' | 'HTTPS' };
  sleep?: { seconds?: number };
  tcpSocket?: unknown;
};

/** Kubernetes' validateHandler: exactly one of exec, httpGet, sleep (tcpSocket is refused for hooks since 1.2x). */
function toHandler(raw: RawHandler, at: string, causes: Causes): LifecycleHandler | undefined {
  const given = (['exec', 'httpGet', 'sleep', 'tcpSocket'] as const).filter((h) => raw[h] !== undefined && raw[h] !== null);
  if (given.length === 0) causes.push({ field: at, message: 'Required value: must specify a handler type' });
  if (given.length > 1) causes.push({ field: at, message: 'Forbidden: may not specify more than 1 handler type' });
  if (raw.exec) {
    if (!raw.exec.command?.length) causes.push({ field: `${at}.exec.command`, message: 'Required value' });
    return { exec: { command: [...(raw.exec.command ?? [])] } };
  }
  if (raw.httpGet) {
    const { path, port, scheme } = raw.httpGet;
    if (port === undefined) causes.push({ field: `${at}.httpGet.port`, message: 'Required value' });
    return { httpGet: { path: path || '/', port: port ?? 0, scheme: scheme ?? 'HTTP' } };
  }
  if (raw.sleep) {
    const seconds = raw.sleep.seconds ?? 0;
    if (seconds < 0) causes.push({ field: `${at}.sleep.seconds`, message: `Invalid value: ${seconds}: must be greater than or equal to 0` });
    return { sleep: { seconds } };
  }
  if (raw.tcpSocket) causes.push({ field: `${at}.tcpSocket`, message: 'Forbidden: may not specify tcpSocket in a lifecycle hook' });
  return undefined;
}

function toLifecycle(raw: RawContainer['lifecycle'], at: string, causes: Causes): { lifecycle?: Lifecycle } {
  const hooks = (['postStart', 'preStop'] as const).flatMap((hook) => {
    const given = raw?.[hook];
    const handler = given ? toHandler(given, `${at}.${hook}`, causes) : undefined;
    return handler ? [[hook, handler] as const] : [];
  });
  return hooks.length > 0 ? { lifecycle: Object.fromEntries(hooks) } : {};
}

const ref = (r: { name?: string; optional?: boolean } | undefined) =>
  r ? { name: r.name ?? '', ...(r.optional !== undefined && r.optional !== null ? { optional: r.optional } : {}) } : undefined;

/** workingDir, envFrom and the user and group of securityContext: what the process runtime enacts. */
function processFields({ workingDir, envFrom, securityContext }: RawContainer): Partial<Container> {
  const user = {
    ...(typeof securityContext?.runAsUser === 'number' ? { runAsUser: securityContext.runAsUser } : {}),
    ...(typeof securityContext?.runAsGroup === 'number' ? { runAsGroup: securityContext.runAsGroup } : {}),
  };
  const sources = (envFrom ?? []).map((source) => {
    const [configMapRef, secretRef] = [ref(source.configMapRef), ref(source.secretRef)];
    return { ...(source.prefix ? { prefix: source.prefix } : {}), ...(configMapRef ? { configMapRef } : {}), ...(secretRef ? { secretRef } : {}) };
  });
  return {
    ...(workingDir ? { workingDir } : {}),
    ...(sources.length > 0 ? { envFrom: sources } : {}),
    ...(Object.keys(user).length > 0 ? { securityContext: user } : {}),
  };
}

const toPort = ({ name, containerPort, hostPort, protocol }: ContainerPortDto): ContainerPort => ({
  ...(name !== undefined ? { name } : {}),
  containerPort,
  ...(hostPort !== undefined ? { hostPort } : {}),
  protocol: protocol ?? 'TCP',
});

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function toEnvVar({ name, value, valueFrom }: EnvVarDto, at: string, causes: Causes): EnvVar {
  if (!ENV_NAME.test(name))
    causes.push({ field: `${at}.name`, message: `Invalid value: "${name}": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit` });
  if (!valueFrom) return { name, value: value ?? '' };
  if (value) causes.push({ field: `${at}.valueFrom`, message: 'Invalid value: "": may not be specified when `value` is not empty' });
  const { configMapKeyRef: cm, secretKeyRef: secret, fieldRef, resourceFieldRef } = valueFrom;
  const given = [cm, secret, fieldRef, resourceFieldRef].filter((source) => source !== undefined).length;
  if (given !== 1) {
    const problem = given === 0 ? 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`' : 'may not have more than one field specified at a time';
    causes.push({ field: `${at}.valueFrom`, message: `Invalid value: "": ${problem}` });
  }
  const keyRef = (ref: { name: string; key: string; optional?: boolean }) =>
    ({ name: ref.name, key: ref.key, ...(ref.optional !== undefined ? { optional: ref.optional } : {}) });
  if (cm) return { name, valueFrom: { configMapKeyRef: keyRef(cm) } };
  if (secret) return { name, valueFrom: { secretKeyRef: keyRef(secret) } };
  if (resourceFieldRef) return { name, valueFrom: { resourceFieldRef: resourceRef(resourceFieldRef, `${at}.valueFrom.resourceFieldRef`, causes) } };
  return { name, valueFrom: { fieldRef: { fieldPath: fieldRef?.fieldPath ?? '' } } };
}

const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory', 'limits.ephemeral-storage', 'requests.ephemeral-storage'];

function resourceRef(dto: { resource: string; containerName?: string; divisor?: string | number }, at: string, causes: Causes) {
  if (!RESOURCE_FIELDS.includes(dto.resource))
    causes.push({ field: `${at}.resource`, message: `Unsupported value: "${dto.resource}": supported values: ${RESOURCE_FIELDS.map((r) => `"${r}"`).join(', ')}` });
  return {
    resource: dto.resource,
    ...(dto.containerName ? { containerName: dto.containerName } : {}),
    ...(dto.divisor !== undefined ? { divisor: String(dto.divisor) } : {}),
  };
}

type Amounts = Partial<Record<keyof ResourceAmounts, number>>;

function amounts(list: Record<string, unknown> | undefined, at: string, causes: Causes): Amounts {
  const found: Amounts = {};
  for (const [resource, value] of Object.entries(list ?? {})) {
    if (resource === 'cpu') found.cpuMillis = cpuMillis(value, `${at}.cpu`, causes);
    else if (resource === 'memory') found.memoryBytes = memoryBytes(value, `${at}.memory`, causes);
    else causes.push({ field: `${at}[${resource}]`, message: `Unsupported value: "${resource}": supported values: "cpu", "memory"` });
  }
  return found;
}

/** Kubernetes defaults a missing request to its limit, and refuses a request above its limit. */
function toResources(dto: ResourcesDto | undefined, at: string, causes: Causes): ResourceRequirements {
  const requested = amounts(dto?.requests, `${at}.requests`, causes);
  const limits = amounts(dto?.limits, `${at}.limits`, causes);
  const requests = {
    cpuMillis: requested.cpuMillis ?? limits.cpuMillis ?? 0,
    memoryBytes: requested.memoryBytes ?? limits.memoryBytes ?? 0,
  };
  for (const [key, resource] of [['cpuMillis', 'cpu'], ['memoryBytes', 'memory']] as const) {
    const limit = limits[key];
    if (limit === undefined || requests[key] <= limit) continue;
    const [given, max] = [String(dto?.requests?.[resource]), String(dto?.limits?.[resource])];
    causes.push({ field: `${at}.requests`, message: `Invalid value: "${given}": must be less than or equal to ${resource} limit of ${max}` });
  }
  return Object.keys(limits).length > 0 ? { requests, limits } : { requests };
}

/** Kubernetes' probe defaults: delay 0 s, every 10 s, 1 s timeout, ready after 1 success, failed after 3 failures. */
function toProbe(dto: ProbeDto, at: string, mustSucceedOnce: boolean, causes: Causes): Probe {
  const handlers = [dto.exec, dto.httpGet, dto.tcpSocket, dto.grpc].filter((h) => h !== undefined).length;
  if (handlers === 0) causes.push({ field: at, message: 'Required value: must specify a handler type' });
  if (handlers > 1) causes.push({ field: at, message: 'Forbidden: may not specify more than 1 handler type' });
  const successThreshold = dto.successThreshold ?? 1;
  if (mustSucceedOnce && successThreshold !== 1)
    causes.push({ field: `${at}.successThreshold`, message: `Invalid value: ${successThreshold}: must be 1` });
  return {
    handler: probeHandler(dto),
    initialDelaySeconds: dto.initialDelaySeconds ?? 0,
    periodSeconds: dto.periodSeconds ?? 10,
    timeoutSeconds: dto.timeoutSeconds ?? 1,
    successThreshold,
    failureThreshold: dto.failureThreshold ?? 3,
  };
}

function probeHandler({ exec, httpGet, tcpSocket, grpc }: ProbeDto): Probe['handler'] {
  if (exec) return { exec: { command: [...exec.command] } };
  if (grpc) return { grpc: { port: grpc.port, ...(grpc.service !== undefined ? { service: grpc.service } : {}) } };
  if (httpGet) return { httpGet: { path: httpGet.path || '/', port: httpGet.port, scheme: httpGet.scheme ?? 'HTTP' } };
  return { tcpSocket: { port: tcpSocket?.port ?? 0 } };
}
