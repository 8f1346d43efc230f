import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { NatsAuthority } from '../../infrastructure/nats/nats-authority.js';
import { connectNats } from '../../infrastructure/nats/nats-connect.js';
import { NatsEventBus } from '../../infrastructure/nats/nats-event-bus.js';
import { recorded } from '../contract/event-bus.contract.js';
import { startNatsServer } from '../support/nats-server.js';
import { tempDir } from '../support/tmp.js';

/** A nats-server that lets in only the users this cluster's authority signed. */
async function securedNats(t: ExecutionContext) {
  const dir = tempDir();
  const authority = NatsAuthority.open(join(dir.path, 'nats'));
  const config = join(dir.path, 'nats-server.conf');
  writeFileSync(config, await authority.config());
  const nats = await startNatsServer({ config });
  const connections: NatsConnection[] = [];
  t.teardown(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await nats.stop();
    dir.remove();
  });
  const as = async (who: Parameters<NatsAuthority['credentials']>[0]) => {
    const nc = await connectNats(nats.url, `test-${who.role}`, await authority.credentials(who));
    connections.push(nc);
    return nc;
  };
  return { nats, authority, as };
}

/** Whether the server refuses what `publish` sends, as the client hears it (a permissions violation). */
async function refusedPublish(nc: NatsConnection, publish: () => void): Promise<boolean> {
  const violations = (async () => {
    for await (const status of nc.status()) if (/PERMISSIONS_VIOLATION|Permissions Violation/i.test(`${status.type} ${String(status.data)}`)) return true;
    return false;
  })();
  publish();
  // Only a deadline for a refusal that never comes: a refusal ends the wait as soon as it is heard.
  return Promise.race([violations, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000))]);
}

test('nats-server lets in only users this cluster signed: none, or another cluster\'s, are refused', async (t) => {
  const { nats } = await securedNats(t);
  await t.throwsAsync(connectNats(nats.url, 'anonymous'), { message: /Authorization Violation/i });
  const stranger = NatsAuthority.open(join(tempDir().path, 'other'));
  await t.throwsAsync(connectNats(nats.url, 'stranger', await stranger.credentials({ role: 'scheduler' })), { message: /Authorization Violation/i });
});

test('a kubelet publishes its own node\'s heartbeat and no other; only the API server publishes events; an integrator only reads', async (t) => {
  const { as } = await securedNats(t);
  const apiserver = await as({ role: 'apiserver' });
  const heard: string[] = [];
  const listening = apiserver.subscribe('kes.heartbeats.*', { callback: (_, m) => heard.push(m.subject) });
  await apiserver.flush();
  const w1 = await as({ role: 'node', node: 'w1' });
  w1.publish('kes.heartbeats.w1');
  t.true(await refusedPublish(w1, () => w1.publish('kes.heartbeats.w2')), 'another node\'s heartbeat is refused');
  // The server handles each connection's messages in order: once w1's flush and then the API server's are answered,
  // every heartbeat w1 sent has been delivered (or refused).
  await w1.flush();
  await apiserver.flush();
  listening.unsubscribe();
  t.deepEqual(heard, ['kes.heartbeats.w1']);

  const bus = await NatsEventBus.over(apiserver);
  await bus.publish(recorded(1));
  const scheduler = await as({ role: 'scheduler' });
  t.true(await refusedPublish(scheduler, () => scheduler.publish('kes.events.pod.default.x.PodScheduled')), 'a component may not publish events');
  const integrator = await as({ role: 'integrator' });
  t.true(await refusedPublish(integrator, () => integrator.publish('kes.events.pod.default.x.PodScheduled')), 'an integrator may not publish events');
  const consumer = await integrator.jetstream().consumers.get('KES_EVENTS');
  const first = await consumer.next({ expires: 2_000 });
  t.is(first?.headers?.get('Kes-Position'), '1', 'but reads the stream');
});
