import type { HostPortMapping } from '../../../application/ports/container-runtime.js';
import type { PodConfigData, PodConfigSource } from '../../../application/ports/pod-config-source.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import { allContainers, type Container, type EnvFromSource, type EnvVar } from '../../../domain/pod/pod-spec.js';
import type { Problem, VolumePaths } from './pod-files.js';
import { readBytes, readCpuMillis } from '../../../domain/shared/quantity.js';

/** Pods share the host's network. */
export const POD_IP = '127.0.0.1';

export type EnvContext = Readonly<{
  pod: PodView;
  /** The container whose environment this is. */
  container?: Container;
  cwd: string;
  /** This container's ports. */
  hostPorts: readonly HostPortMapping[];
  volumes: VolumePaths;
  config: PodConfigSource;
  /** What every container inherits (PATH, at least). */
  base: Readonly<Record<string, string>>;
  /** The pod's hosts file (with its hostAliases), given as KES_HOSTS_FILE. */
  hostsFile?: string;
}>;

/** `KES_PORT_HTTP_ALT` for a port named `http-alt`. */
export const envName = (prefix: string, name: string) => `${prefix}${name.toUpperCase().replace(/[-.]/g, '_')}`;

const text = (value: string | Uint8Array) => (typeof value === 'string' ? value : new TextDecoder().decode(value));

/** Kubernetes' `$(VAR)` references to variables defined before; `$$(VAR)` stays literal. */
export function expand(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (name === undefined) return '$';
    return env[name] ?? match;
  });
}

function fieldValue(fieldPath: string, pod: PodView): string | undefined {
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? pod.meta.labels : pod.meta.annotations)[keyed[2]] ?? '';
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.meta.name,
    'metadata.namespace': pod.meta.namespace,
    'metadata.uid': pod.meta.uid,
    'spec.nodeName': pod.nodeName ?? pod.spec.nodeName ?? '',
    'status.podIP': POD_IP,
    'status.podIPs': POD_IP,
    'status.hostIP': POD_IP,
    'status.hostIPs': POD_IP,
  };
  return fields[fieldPath];
}

type ResourceRef = Readonly<{ resource: string; containerName?: string; divisor?: string }>;

/**
 * Kubernetes' resourceFieldRef: a request or limit of a container (this one unless named) divided by the divisor
 * and rounded up; a limit not set is the node's allocatable, which the process runtime does not know: 0 here.
 */
function resourceValue(ref: ResourceRef, ctx: EnvContext): string | Problem {
  const container = ref.containerName ? allContainers(ctx.pod.spec).find((c) => c.name === ref.containerName) : ctx.container;
  if (!container) return { problem: `resourceFieldRef names container "${ref.containerName}", which pod ${ctx.pod.meta.name} does not have` };
  const [list, resource] = ref.resource.split('.');
  const amounts = list === 'limits' ? container.resources.limits ?? {} : container.resources.requests;
  const isCpu = resource === 'cpu';
  const amount = (isCpu ? amounts.cpuMillis : amounts.memoryBytes) ?? 0;
  const divisor = ref.divisor === undefined ? undefined : isCpu ? readCpuMillis(ref.divisor) : readBytes(ref.divisor);
  const by = divisor && 'value' in divisor && divisor.value > 0 ? divisor.value : isCpu ? 1000 : 1;
  return String(Math.ceil(amount / by));
}

type KeyRef = Readonly<{ name: string; key: string; optional?: boolean }>;

async function keyValue(kind: 'ConfigMap' | 'Secret', ref: KeyRef, ctx: EnvContext): Promise<string | undefined | Problem> {
  const namespace = ctx.pod.meta.namespace;
  const data: PodConfigData | undefined = await (kind === 'ConfigMap' ? ctx.config.configMap(namespace, ref.name) : ctx.config.secret(namespace, ref.name));
  const value = data?.[ref.key];
  if (value !== undefined) return text(value);
  if (ref.optional) return undefined;
  if (!data) return { problem: `${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${ref.name}" not found` };
  return { problem: `couldn't find key ${ref.key} in ${kind} ${namespace}/${ref.name}` };
}

async function specValue(variable: EnvVar, env: Readonly<Record<string, string>>, ctx: EnvContext): Promise<string | undefined | Problem> {
  if ('value' in variable) return expand(variable.value, env);
  const from = variable.valueFrom;
  if ('configMapKeyRef' in from) return keyValue('ConfigMap', from.configMapKeyRef, ctx);
  if ('secretKeyRef' in from) return keyValue('Secret', from.secretKeyRef, ctx);
  if ('resourceFieldRef' in from) return resourceValue(from.resourceFieldRef, ctx);
  const value = fieldValue(from.fieldRef.fieldPath, ctx.pod);
  return value ?? { problem: `unsupported fieldPath "${from.fieldRef.fieldPath}" in env ${variable.name}` };
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** envFrom: every key of the ConfigMap or Secret, after the prefix; keys that make no variable name are skipped, as Kubernetes skips them. */
async function sourceEnv(source: EnvFromSource, ctx: EnvContext): Promise<Record<string, string> | Problem> {
  const namespace = ctx.pod.meta.namespace;
  const ref = source.configMapRef ?? source.secretRef;
  if (!ref) return {};
  const kind = source.configMapRef ? 'configmap' : 'secret';
  const data = await (source.configMapRef ? ctx.config.configMap(namespace, ref.name) : ctx.config.secret(namespace, ref.name));
  if (!data) return ref.optional ? {} : { problem: `${kind} "${ref.name}" not found` };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const name = `${source.prefix ?? ''}${key}`;
    if (ENV_NAME.test(name)) env[name] = text(value);
  }
  return env;
}

/** What the runtime gives every container before its spec's own env: its host ports, volumes and identity. */
function runtimeEnv(container: Container, ctx: EnvContext): Record<string, string> {
  const env: Record<string, string> = { ...ctx.base, HOME: ctx.cwd, HOSTNAME: ctx.pod.meta.name, ...(ctx.hostsFile ? { KES_HOSTS_FILE: ctx.hostsFile } : {}) };
  if (ctx.hostPorts.length > 0) env.PORT = String(ctx.hostPorts[0].hostPort);
  for (const port of ctx.hostPorts) if (port.name) env[envName('KES_PORT_', port.name)] = String(port.hostPort);
  for (const mount of container.volumeMounts) {
    const path = ctx.volumes.get(mount.name);
    if (path) env[envName('KES_VOLUME_', mount.name)] = path;
  }
  return env;
}

/**
 * The container's environment: the runtime's variables, then the spec's in order (later ones may refer to
 * earlier ones as `$(NAME)`). A missing ConfigMap, Secret or key that is not optional is a problem, worded as
 * Kubernetes words a CreateContainerConfigError.
 */
export async function containerEnv(container: Container, ctx: EnvContext): Promise<Record<string, string> | Problem> {
  const env = runtimeEnv(container, ctx);
  for (const source of container.envFrom ?? []) {
    const found = await sourceEnv(source, ctx);
    if ('problem' in found) return found as Problem;
    Object.assign(env, found);
  }
  for (const variable of container.env) {
    const value = await specValue(variable, env, { ...ctx, container });
    if (typeof value === 'object') return value;
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}
