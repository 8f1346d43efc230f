import { readFileSync } from 'node:fs';
import { arch, cpus, hostname, platform, release, totalmem } from 'node:os';
import type { NodeRegistration, NodeRole } from '../../domain/node/node.js';
import { defaultNodeIp } from './local-addresses.js';
import { CONTROL_PLANE_ROLE_LABEL, CONTROL_PLANE_TAINT } from '../../domain/shared/taints.js';

export const KUBELET_VERSION = 'v1.32.0-kes';
const MAX_PODS = 110;

function osImage(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? platform();
  } catch {
    return platform();
  }
}

/**
 * This machine as a node registration: real cpu count, memory, OS, kernel and address (InternalIP: `nodeIp` when
 * given, kubelet's --node-ip, else the one defaultNodeIp picks).
 */
export function localNodeRegistration(name: string, role: NodeRole, options: { tainted: boolean; runtime: string; nodeIp?: string }): NodeRegistration {
  const capacity = { cpuMillis: cpus().length * 1000, memoryBytes: Math.floor(totalmem() / 1024) * 1024, pods: MAX_PODS };
  return {
    name,
    role,
    labels: {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': platform(),
      'kubernetes.io/arch': arch() === 'x64' ? 'amd64' : arch(),
      ...(role === 'control-plane' ? { [CONTROL_PLANE_ROLE_LABEL]: '' } : {}),
    },
    taints: role === 'control-plane' && options.tainted ? [CONTROL_PLANE_TAINT] : [],
    capacity,
    allocatable: capacity,
    addresses: [
      { type: 'InternalIP', address: options.nodeIp ?? defaultNodeIp() },
      { type: 'Hostname', address: hostname() },
    ],
    nodeInfo: {
      osImage: osImage(),
      kernelVersion: release(),
      containerRuntimeVersion: options.runtime,
      kubeletVersion: KUBELET_VERSION,
      operatingSystem: platform(),
      architecture: arch() === 'x64' ? 'amd64' : arch(),
    },
  };
}
