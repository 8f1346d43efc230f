import { clusterDecider, type ClusterCommand } from './cluster/cluster.decide.js';
import { CLUSTER_STREAM } from './cluster/cluster.js';
import { nodeDecider, type NodeCommand } from './node/node.decide.js';
import { nodeStream } from './node/node.js';
import type { Decider } from './shared/decider.js';
import { CommandRefused } from './shared/errors.js';
import type { Command } from './shared/event.js';

export type KesCommand = ClusterCommand | NodeCommand;
export type KesCommandType = KesCommand['type'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDecider = Decider<any, any, any>;
export type Route = Readonly<{ stream: string; decider: AnyDecider }>;

type RouteOf<C extends KesCommand> = (command: C) => Route;
type Routes = { [T in KesCommandType]: RouteOf<Extract<KesCommand, { type: T }>> };

const cluster = (): Route => ({ stream: CLUSTER_STREAM, decider: clusterDecider });
const node = (name: string): Route => ({ stream: nodeStream(name), decider: nodeDecider });

const ROUTES: Routes = {
  InitializeCluster: cluster,
  CreateBootstrapToken: cluster,
  DeleteBootstrapToken: cluster,
  RegisterNode: (c) => node(c.data.name),
  JoinNode: (c) => node(c.data.registration.name),
  ChangeNodeLabels: (c) => node(c.data.name),
  SetNodeTaints: (c) => node(c.data.name),
  CordonNode: (c) => node(c.data.name),
  UncordonNode: (c) => node(c.data.name),
  ReportNodeReadiness: (c) => node(c.data.name),
  DeleteNode: (c) => node(c.data.name),
  ResetNode: (c) => node(c.data.name),
};

export function isKesCommand(command: Command): command is KesCommand {
  return Object.prototype.hasOwnProperty.call(ROUTES, command.type);
}

/** Which stream a command is decided on, and by which decider. */
export function routeOf(command: Command): Route {
  if (!isKesCommand(command)) throw new CommandRefused('BadRequest', `unknown command type "${command.type}"`);
  return (ROUTES[command.type] as RouteOf<KesCommand>)(command);
}
