import { admitting } from '../../application/commands/admission.js';
import { commandHandler } from '../../application/commands/handle-command.js';
import { ReadModels } from '../../application/projections/read-models.js';
import type { PlannedCommand, Reconciler } from '../../application/reconcilers/runner.js';
import type { Command } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { registration } from './node-fixtures.js';

export const AT = '2026-11-27T10:00:00.000Z';

/** The machine's clock, for reconcilers whose tests do not depend on time passing. */
export const WALL_CLOCK = { nowMs: () => Date.now() };

/**
 * A memory store, the generic handler and read models kept in step: for reconciler tests without a runner. Commands
 * are sent at AT, or at the time of `clock` when given (a test that lets time pass).
 */
export function world(clock?: { nowMs: () => number }) {
  const store = new MemoryEventStore();
  const models = new ReadModels();
  const ids = new UuidIds();
  const handle = admitting(models, commandHandler(store, ids));
  const send = async (type: string, data: object, actor = 'kubernetes-admin') => {
    await handle({ type, data, metadata: { commandId: ids.newId(), actor, at: clock ? new Date(clock.nowMs()).toISOString() : AT } } as Command);
    for (const event of await store.readAll(models.position, 10_000)) models.apply(event);
  };
  const sendAll = async (commands: readonly PlannedCommand[], actor: string) => {
    for (const c of commands) await send(c.type, c.data as object, c.actor ?? actor);
  };
  /** Reconciles every key until nothing more is emitted; returns all it sent. */
  const settle = async (reconciler: Reconciler, rounds = 10) => {
    const sent: PlannedCommand[] = [];
    for (let i = 0; i < rounds; i++) {
      const commands: PlannedCommand[] = [];
      for (const key of [...reconciler.keys()]) commands.push(...(await reconciler.reconcile(key)));
      if (commands.length === 0) return sent;
      sent.push(...commands);
      await sendAll(commands, reconciler.actor);
    }
    throw new Error(`${reconciler.name} did not settle in ${rounds} rounds`);
  };
  const addNode = (name: string, overrides: Parameters<typeof registration>[1] = {}) => send('RegisterNode', registration(name, overrides));
  return { store, models, ids, send, sendAll, settle, addNode };
}

const container = (cpuMillis: number) => ({
  name: 'app', image: 'app:1', env: [], ports: [], resources: { requests: { cpuMillis, memoryBytes: 64 * 2 ** 20 } }, volumeMounts: [],
});

export function podSpec(cpuMillis = 100, extra: object = {}) {
  return { containers: [container(cpuMillis)], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, ...extra };
}

export function podMeta(name: string, owner?: { kind: string; name: string; uid: string }) {
  return {
    name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, annotations: {},
    ownerReferences: owner ? [{ ...owner, controller: true }] : [],
  };
}
