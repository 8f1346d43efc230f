import { HEARTBEAT_SUBJECT_PREFIX, heartbeatSubject } from './nats-heartbeats.js';

/** Who a NATS user is in a kes cluster: each gets only the subjects its part needs. */
export type NatsRole = Readonly<{ role: 'apiserver' | 'scheduler' | 'controller-manager' | 'integrator' } | { role: 'node'; node: string }>;

export type SubjectPermissions = Readonly<{ pub: readonly string[]; sub: readonly string[]; responds: boolean }>;

const EVENTS = 'KES_EVENTS';
const LEASES = 'KES_LEASES';

/** Reading KES_EVENTS through consumers (ordered or durable) and direct reads, and nothing else of JetStream. */
const READ_EVENTS = [
  '$JS.API.INFO',
  `$JS.API.STREAM.INFO.${EVENTS}`,
  `$JS.API.STREAM.MSG.GET.${EVENTS}`,
  `$JS.API.DIRECT.GET.${EVENTS}.>`,
  `$JS.API.CONSUMER.*.${EVENTS}`,
  `$JS.API.CONSUMER.*.${EVENTS}.>`,
  `$JS.API.CONSUMER.DURABLE.CREATE.${EVENTS}.*`,
  `$JS.API.CONSUMER.MSG.NEXT.${EVENTS}.*`,
  `$JS.ACK.${EVENTS}.>`,
];

/** Holding one lease of the KES_LEASES bucket, and only that one. */
const holdLease = (name: string) => [
  `$JS.API.STREAM.INFO.KV_${LEASES}`,
  `$JS.API.STREAM.CREATE.KV_${LEASES}`,
  `$JS.API.STREAM.MSG.GET.KV_${LEASES}`,
  `$JS.API.DIRECT.GET.KV_${LEASES}.>`,
  `$KV.${LEASES}.${name}`,
];

const COMMANDS = 'kes.commands.*';
const EVERY_HEARTBEAT = `${HEARTBEAT_SUBJECT_PREFIX}.*`;
/** Replies come to each client's inbox. */
const INBOX = '_INBOX.>';

/**
 * The subjects each part of the cluster may publish and subscribe to: only the relay (in the API server) publishes
 * events; a kubelet publishes its own node's heartbeat and no other; components send commands and read events;
 * integrators only read. Commands themselves are authorized by the API server on the token they carry.
 */
export function permissionsOf(who: NatsRole): SubjectPermissions {
  switch (who.role) {
    case 'apiserver':
      return { pub: ['kes.events.>', '$JS.API.>', '$JS.ACK.>', `$KV.${LEASES}.relay`, EVERY_HEARTBEAT], sub: [COMMANDS, EVERY_HEARTBEAT, INBOX], responds: true };
    case 'scheduler':
      return { pub: [COMMANDS, ...READ_EVENTS, ...holdLease('kube-scheduler')], sub: [INBOX], responds: false };
    case 'controller-manager':
      return { pub: [COMMANDS, ...READ_EVENTS, ...holdLease('kube-controller-manager')], sub: [EVERY_HEARTBEAT, INBOX], responds: false };
    case 'node':
      return { pub: [heartbeatSubject(who.node), COMMANDS, ...READ_EVENTS], sub: [INBOX], responds: false };
    case 'integrator':
      return { pub: READ_EVENTS, sub: [INBOX], responds: false };
  }
}
