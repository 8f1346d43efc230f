import type { EventToAppend } from '../../application/ports/event-store.js';
import { eventIdFor } from '../../application/ports/ids.js';
import { nodeStream, type NodeRegistration } from '../../domain/node/node.js';
import { SCHEMA_VERSION, type EventMetadata } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { encodeRecord } from '../../infrastructure/sqlite/sqlite-record.js';

/**
 * Realistic node events for benchmarks: revision 0 of a node stream is NodeRegistered, later revisions
 * cycle through 80 % NodeLabelsChanged, 10 % NodeReadinessChanged (NotReady, then Ready again),
 * 5 % NodeCordoned and 5 % NodeUncordoned, so the projections have real work to do.
 */
export const benchNodeName = (index: number, prefix = 'worker') => `${prefix}-${String(index).padStart(5, '0')}`;

/**
 * Each load client writes round robin to 4 node streams of its own, one event at a time; the cursor
 * says which stream a client's next write goes to, and at which revision.
 */
export function ownStreams(clients: number, prefix: string): (client: number, iteration: number) => { name: string; revision: number } {
  const perClient = 4;
  const revisions = new Array<number>(clients * perClient).fill(0);
  return (client, iteration) => {
    const index = client * perClient + (iteration % perClient);
    return { name: benchNodeName(index, prefix), revision: revisions[index]!++ };
  };
}

const BASE_TIME = Date.parse('2025-01-01T00:00:00Z');
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

export function nodeEvent(name: string, revision: number): EventToAppend {
  if (revision === 0) return event('NodeRegistered', registration(name), name, revision);
  const step = revision % 20;
  if (step < 16) {
    const generation = { 'kes.dev/generation': String(revision) };
    return event('NodeLabelsChanged', { name, set: generation, removed: [] }, name, revision);
  }
  if (step === 16)
    return event('NodeReadinessChanged', { name, status: 'False', reason: 'KubeletNotReady', message: NOT_READY }, name, revision);
  if (step === 17)
    return event('NodeReadinessChanged', { name, status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }, name, revision);
  return event(step === 18 ? 'NodeCordoned' : 'NodeUncordoned', { name }, name, revision);
}

const NOT_READY = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized';

function labels(name: string): Record<string, string> {
  const zone = ZONES[name.length % ZONES.length]!;
  return {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': 'm6i.2xlarge',
    'topology.kubernetes.io/region': 'eu-west-1',
    'topology.kubernetes.io/zone': zone,
    'node-role.kubernetes.io/worker': '',
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': 'm6i.2xlarge',
    'kes.dev/pool': 'general-purpose',
  };
}

export function registration(name: string): NodeRegistration {
  const resources = { cpuMillis: 8000, memoryBytes: 32 * 2 ** 30, pods: 110 };
  return {
    name,
    role: 'worker',
    labels: labels(name),
    taints: [],
    capacity: resources,
    allocatable: { ...resources, cpuMillis: 7800, memoryBytes: 31 * 2 ** 30 },
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: name }],
    nodeInfo: {
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernelVersion: '6.1.0-18-amd64',
      containerRuntimeVersion: 'kes-process://0.1.0',
      kubeletVersion: 'v1.32.0-kes',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** Ids as the command handler makes them: a UUIDv7 command id, and event ids derived from it. */
const ids = new UuidIds();

function event(type: string, data: object, name: string, revision: number): EventToAppend {
  const commandId = ids.newId();
  const metadata: EventMetadata = {
    actor: `system:node:${name}`,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    at: new Date(BASE_TIME + revision * 1000).toISOString(),
    schemaVersion: SCHEMA_VERSION,
  };
  return { id: eventIdFor(ids, commandId, 0), type, data, metadata };
}

/**
 * Mean sizes over the first `count` revisions: of the payload (`data`) and of the whole event as JSON,
 * and of the record the SQLite store keeps for it (without its revision and position).
 */
export function eventSizes(count = 200): { payloadBytes: number; eventBytes: number; recordBytes: number } {
  let payload = 0;
  let whole = 0;
  let record = 0;
  for (let revision = 0; revision < count; revision++) {
    const name = benchNodeName(revision);
    const e = nodeEvent(name, revision);
    payload += Buffer.byteLength(JSON.stringify(e.data));
    whole += Buffer.byteLength(JSON.stringify(e));
    record += Buffer.byteLength(encodeRecord(nodeStream(name), e));
  }
  const mean = (bytes: number) => Math.round(bytes / count);
  return { payloadBytes: mean(payload), eventBytes: mean(whole), recordBytes: mean(record) };
}
