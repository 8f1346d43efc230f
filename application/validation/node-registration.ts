import type { NodeRegistration, Resources } from '../../domain/node/node.js';
import { registrationProblems } from '../../domain/node/node.decide.js';
import type { FieldCause } from '../../domain/shared/errors.js';
import { parseBytes, parseCpuMillis } from '../../domain/shared/quantity.js';
import { CONTROL_PLANE_ROLE_LABEL, type Taint } from '../../domain/shared/taints.js';
import { NodeManifestDto } from './node.dto.js';
import { validateDto } from './validate.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; causes: FieldCause[] };

const resources = (list: { cpu: string; memory: string; pods: string }): Resources => ({
  cpuMillis: parseCpuMillis(list.cpu) ?? 0,
  memoryBytes: parseBytes(list.memory) ?? 0,
  pods: Number(list.pods),
});

/** status.daemonEndpoints.kubeletEndpoint.Port as posted (any value: the decider's validation says what is wrong with it). */
function kubeletPortOf(status: unknown): unknown {
  const endpoints = (status as { daemonEndpoints?: { kubeletEndpoint?: { Port?: unknown } } } | undefined)?.daemonEndpoints;
  return endpoints?.kubeletEndpoint?.Port;
}

/** Turns a posted Kubernetes Node into the registration a RegisterNode or JoinNode command carries. */
export function parseNodeRegistration(body: unknown): Parsed<NodeRegistration> {
  const { value: node, causes } = validateDto(NodeManifestDto, body);
  if (causes.length > 0) return { ok: false, causes };
  const labels = node.metadata.labels ?? {};
  const info = node.status.nodeInfo;
  const kubeletPort = kubeletPortOf(node.status);
  const registration: NodeRegistration = {
    name: node.metadata.name,
    role: CONTROL_PLANE_ROLE_LABEL in labels ? 'control-plane' : 'worker',
    labels,
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }) as Taint),
    capacity: resources(node.status.capacity),
    allocatable: resources(node.status.allocatable ?? node.status.capacity),
    addresses: node.status.addresses.map((a) => ({ type: a.type as 'InternalIP', address: a.address })),
    nodeInfo: {
      osImage: info.osImage,
      kernelVersion: info.kernelVersion,
      containerRuntimeVersion: info.containerRuntimeVersion,
      kubeletVersion: info.kubeletVersion,
      operatingSystem: info.operatingSystem,
      architecture: info.architecture,
    },
    ...(kubeletPort !== undefined && kubeletPort !== 0 ? { kubeletPort: kubeletPort as number } : {}),
  };
  const problems = registrationProblems(registration);
  return problems.length > 0 ? { ok: false, causes: problems } : { ok: true, value: registration };
}
