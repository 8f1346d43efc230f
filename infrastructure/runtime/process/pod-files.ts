import { lstat, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { PodConfigData, PodConfigSource } from '../../../application/ports/pod-config-source.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import type { Container, Volume } from '../../../domain/pod/pod-spec.js';

/** `<root>/pods/<podKey>`: everything the runtime keeps of a pod. Pod keys are DNS names joined by '.'. */
export function podDir(root: string, key: string): string {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(key) || key.includes('..')) throw new Error(`"${key}" is not a pod key`);
  return join(root, 'pods', key);
}

/** The container's working directory, which also holds its pid file and its logs. */
export const containerDir = (root: string, key: string, container: string) => join(podDir(root, key), container);

/** Volume name → its directory on the host. `.volumes` cannot be a container name, so never clashes with one. */
export type VolumePaths = ReadonlyMap<string, string>;
export type Problem = Readonly<{ problem: string }>;

async function writeData(dir: string, data: PodConfigData, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: mode === 0o600 ? 0o700 : 0o755 });
  for (const [key, value] of Object.entries(data)) await writeFile(join(dir, key), value, { mode });
}

async function volumePath(dir: string, volume: Volume, pod: PodView, config: PodConfigSource): Promise<string | Problem> {
  const path = join(dir, '.volumes', volume.name);
  const namespace = pod.meta.namespace;
  const setUpFailed = (what: string) => ({ problem: `MountVolume.SetUp failed for volume "${volume.name}" : ${what}` });
  if ('configMap' in volume) {
    const data = await config.configMap(namespace, volume.configMap.name);
    if (!data && !volume.configMap.optional) return setUpFailed(`configmap "${volume.configMap.name}" not found`);
    await writeData(path, data ?? {}, 0o644);
    return path;
  }
  if ('secret' in volume) {
    const data = await config.secret(namespace, volume.secret.secretName);
    if (!data && !volume.secret.optional) return setUpFailed(`secret "${volume.secret.secretName}" not found`);
    await writeData(path, data ?? {}, 0o600);
    return path;
  }
  if ('emptyDir' in volume || 'placeholderFor' in volume) {
    await mkdir(path, { recursive: true });
    return path;
  }
  await mkdir(volume.hostPath.path, { recursive: true });
  return volume.hostPath.path;
}

/**
 * Makes each volume of the pod a directory: ConfigMaps and Secrets written as one file per key (secrets 0600),
 * emptyDirs empty, hostPaths the host's own directory. The first volume that cannot be set up is the problem.
 */
export async function prepareVolumes(dir: string, pod: PodView, config: PodConfigSource): Promise<VolumePaths | Problem> {
  const paths = new Map<string, string>();
  for (const volume of pod.spec.volumes) {
    const path = await volumePath(dir, volume, pod, config);
    if (typeof path !== 'string') return path;
    paths.set(volume.name, path);
  }
  return paths;
}

const RESERVED = /^(pid|\d+\.log)$/;

/**
 * Processes cannot mount: each volumeMount becomes a symlink `<cwd>/<mountPath without its leading />` to the
 * volume's directory.
 */
export async function linkMounts(cwd: string, container: Container, volumes: VolumePaths): Promise<Problem | undefined> {
  for (const mount of container.volumeMounts) {
    const target = volumes.get(mount.name);
    if (!target) return { problem: `volumeMount "${mount.name}" of container ${container.name} names no volume of the pod` };
    const relative = normalize(mount.mountPath.replace(/^\/+/, ''));
    if (relative === '.' || relative.split(sep).includes('..') || RESERVED.test(relative))
      return { problem: `mountPath "${mount.mountPath}" of container ${container.name} cannot be made under its working directory` };
    const link = join(cwd, relative);
    await mkdir(dirname(link), { recursive: true });
    await rm(link, { force: true, recursive: false }).catch(() => undefined);
    await symlink(target, link, 'dir');
  }
  return undefined;
}

/** Removes the pod's directory. Mounts are symlinks, which `rm` unlinks without following: hostPath contents stay. */
export async function removePodDir(root: string, key: string): Promise<void> {
  await rm(podDir(root, key), { recursive: true, force: true });
}

/** `<pod dir>/etc-hosts`: the pod's hosts file, as the kubelet writes one for each pod. */
export const hostsFile = (root: string, key: string) => join(podDir(root, key), 'etc-hosts');

/**
 * The kubelet's managed hosts file: localhost, the pod's own address and name, then its hostAliases. Processes
 * share the host's resolver, so it changes no lookup: it is the file a container would see as /etc/hosts.
 */
export function hostsFileText(pod: PodView, podIP: string): string {
  const aliases = pod.spec.hostAliases ?? [];
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    `${podIP}\t${pod.meta.name}`,
    ...(aliases.length > 0 ? ['', '# Entries added by HostAliases.', ...aliases.map((a) => `${a.ip}\t${a.hostnames.join('\t')}`)] : []),
    '',
  ].join('\n');
}

export async function writeHostsFile(root: string, key: string, pod: PodView, podIP: string): Promise<string> {
  const path = hostsFile(root, key);
  await writeFile(path, hostsFileText(pod, podIP), { mode: 0o644 });
  return path;
}

/** `<cwd>/etc/hosts` → the pod's hosts file, as a mount of /etc/hosts would be; left out where a volume is mounted there. */
export async function linkHostsFile(cwd: string, path: string): Promise<void> {
  const link = join(cwd, 'etc', 'hosts');
  const taken = await lstat(link).then(() => true, () => false);
  const etcTaken = await lstat(join(cwd, 'etc')).then((s) => s.isSymbolicLink(), () => false);
  if (taken || etcTaken) return;
  await mkdir(dirname(link), { recursive: true });
  await symlink(path, link, 'file');
}
