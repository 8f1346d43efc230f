import { CLUSTER_IPS, NODE_PORTS } from '../../domain/allocation/allocation.js';
import type { AllocatedValue, AllocationName } from '../../domain/allocation/range.js';
import { alreadyExists, CommandRefused, invalid } from '../../domain/shared/errors.js';
import { namespacedKey } from '../../domain/shared/object-meta.js';
import type { ChangeServicePorts, CreateService } from '../../domain/service/service.decide.js';
import { nodePortsOf, type ServicePort, type ServiceSpec } from '../../domain/service/service.js';
import type { PreparedCommand } from '../commands/prepared-command.js';
import { heldBy } from '../projections/allocation-views.js';
import type { ReadModels } from '../projections/read-models.js';

/** Sends one command and resolves once the read models show its effect (as the API server's `execute`). */
export type SendCommand = (type: string, data: object) => Promise<unknown>;

type Key = Readonly<{ namespace: string; name: string }>;

/**
 * In a dry run, Allocate appends nothing: the value it would take is read from the event it would append (or the
 * value already held), and nothing is taken, so nothing is given back.
 */
function dryRunAllocation(sent: unknown): AllocatedValue | undefined {
  const wouldAppend = (sent as { wouldAppend?: readonly { type: string; data: unknown }[] } | undefined)?.wouldAppend;
  if (!wouldAppend) return undefined;
  const allocated = wouldAppend.find((e) => e.type === 'Allocated');
  return allocated ? (allocated.data as { value: AllocatedValue }).value : undefined;
}
type Taken = Readonly<{ range: AllocationName; value: AllocatedValue }>;

/** Owners as the ranges record them: one ClusterIP per service, one NodePort per service port. */
export const clusterIPOwner = ({ namespace, name }: Key) => `${namespace}/${name}`;
export const nodePortOwner = ({ namespace, name }: Key, port: Pick<ServicePort, 'port' | 'protocol'>) => `${namespace}/${name}:${port.port}/${port.protocol}`;

/**
 * The API server's side of Service addresses, as Kubernetes' service REST storage does it: a ClusterIP and the
 * NodePorts are allocated (the values asked for if free) before the service command is sent, released again if
 * it is refused, and released when the service or one of its ports goes. Each function prepares the service
 * command; the caller sends it and then runs its `done` or `undo`. Nothing here decides who gets what:
 * the Allocate and Release commands do, on the range's own stream.
 */
export function serviceAllocations(models: ReadModels, send: SendCommand) {
  const held = (range: AllocationName, owner: string) => heldBy(models.allocations, range, owner);
  const release = async (taken: readonly Taken[]) => {
    for (const { range, value } of taken) await send('Release', { name: range, value });
  };

  /** Allocates for `owner` (the value asked for, or the lowest free); a refusal names the Service field that asked. */
  async function take(key: Key, range: AllocationName, owner: string, requested: AllocatedValue | undefined, field: string, taken: Taken[]): Promise<AllocatedValue> {
    const before = held(range, owner);
    let sent: unknown;
    try {
      sent = await send('Allocate', { name: range, owner, ...(requested === undefined ? {} : { requested }) });
    } catch (error) {
      throw asServiceRefusal(error, key, field, requested);
    }
    const previewed = dryRunAllocation(sent);
    if (previewed !== undefined) return previewed;
    const value = held(range, owner);
    if (value === undefined) throw new Error(`Allocate for ${owner} appended nothing and ${range} shows no value for it`);
    if (before === undefined) taken.push({ range, value });
    return value;
  }

  /** What a service of this name left behind (a refused create, a crash between Allocate and CreateService). */
  async function releaseLeftovers(key: Key, spec: ServiceSpec): Promise<void> {
    const owners: [AllocationName, string][] = [[CLUSTER_IPS, clusterIPOwner(key)], ...spec.ports.map((p): [AllocationName, string] => [NODE_PORTS, nodePortOwner(key, p)])];
    for (const [range, owner] of owners) {
      const value = held(range, owner);
      if (value !== undefined) await release([{ range, value }]);
    }
  }

  /** A ClusterIP and NodePorts taken for a new Service, given back if its create is refused. */
  async function create(data: CreateService['data']): Promise<PreparedCommand> {
    const key = { namespace: data.meta.namespace, name: data.meta.name };
    if (models.services.has(namespacedKey(key.namespace, key.name))) throw alreadyExists('services', key.name);
    await releaseLeftovers(key, data.spec);
    const taken: Taken[] = [];
    try {
      const clusterIP = String(await take(key, CLUSTER_IPS, clusterIPOwner(key), data.spec.clusterIP || undefined, 'spec.clusterIP', taken));
      const ports = await portsWithNodePorts(key, data.spec, data.spec.ports, taken);
      return { command: { type: 'CreateService', data: { ...data, spec: { ...data.spec, clusterIP, ports } } }, undo: () => release(taken) };
    } catch (error) {
      await release(taken);
      throw error;
    }
  }

  async function portsWithNodePorts(key: Key, spec: Pick<ServiceSpec, 'type'>, ports: readonly ServicePort[], taken: Taken[]): Promise<ServicePort[]> {
    if (spec.type !== 'NodePort') return [...ports];
    const result: ServicePort[] = [];
    for (const [i, port] of ports.entries()) {
      const nodePort = await take(key, NODE_PORTS, nodePortOwner(key, port), port.nodePort, `spec.ports[${i}].nodePort`, taken);
      result.push({ ...port, nodePort: Number(nodePort) });
    }
    return result;
  }

  /**
   * New ports get NodePorts; a port that leaves its nodePort out keeps the one it has (Kubernetes'
   * patchAllocatedValues); a port given another nodePort gives its old one back first. Once the change is
   * stored, the NodePorts of ports that went are released; if it is refused, everything is as it was.
   */
  async function changePorts(data: ChangeServicePorts['data']): Promise<PreparedCommand> {
    const service = models.services.get(namespacedKey(data.namespace, data.name));
    if (!service) return { command: { type: 'ChangeServicePorts', data } };
    const returned: Taken[] = [];
    for (const port of data.ports) {
      const value = held(NODE_PORTS, nodePortOwner(data, port));
      if (port.nodePort !== undefined && value !== undefined && value !== port.nodePort) returned.push({ range: NODE_PORTS, value });
    }
    await release(returned);
    const taken: Taken[] = [];
    const putBack = async () => {
      await release(taken);
      for (const port of service.spec.ports)
        if (returned.some((r) => r.value === port.nodePort)) await send('Allocate', { name: NODE_PORTS, owner: nodePortOwner(data, port), requested: port.nodePort });
    };
    let ports: ServicePort[];
    try {
      ports = await portsWithNodePorts(data, service.spec, data.ports, taken);
    } catch (error) {
      await putBack();
      throw error;
    }
    const kept = new Set(nodePortsOf({ ports }));
    const gone = nodePortsOf(service.spec).filter((p) => !kept.has(p) && !returned.some((r) => r.value === p));
    return {
      command: { type: 'ChangeServicePorts', data: { ...data, ports } },
      done: () => release(gone.map((value) => ({ range: NODE_PORTS, value }))),
      undo: putBack,
    };
  }

  /** A Service's delete; once stored, its ClusterIP and NodePorts are given back. */
  async function remove(key: Key): Promise<PreparedCommand> {
    const service = models.services.get(namespacedKey(key.namespace, key.name));
    const addresses = service ? [{ range: CLUSTER_IPS, value: service.spec.clusterIP }, ...nodePortsOf(service.spec).map((value) => ({ range: NODE_PORTS, value }))] : [];
    return { command: { type: 'DeleteService', data: key }, done: () => release(addresses) };
  }

  return { create, changePorts, remove };
}

/**
 * The allocator's refusal of a value asked for becomes the Service's own 422, naming the field that asked
 * (`spec.clusterIP: Invalid value: "10.96.0.10": provided IP is already allocated`); a full or unconfigured
 * range says which service it failed.
 */
function asServiceRefusal(error: unknown, key: Key, field: string, requested: AllocatedValue | undefined): unknown {
  if (!(error instanceof CommandRefused)) return error;
  if (error.reason === 'Invalid')
    return invalid('Service', key.name, [{ field, message: `Invalid value: ${JSON.stringify(requested)}: ${error.message}` }]);
  return new CommandRefused(error.reason, `Service "${key.namespace}/${key.name}" cannot be given its ${field}: ${error.message}`, { kind: 'services', name: key.name });
}
