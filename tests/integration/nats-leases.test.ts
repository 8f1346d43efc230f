import test from 'ava';
import { connect } from 'nats';
import { NatsLeases } from '../../infrastructure/nats/nats-leases.js';
import { closeConnection, RECONNECTING } from '../../infrastructure/nats/nats-event-bus.js';
import { startNatsServer } from '../support/nats-server.js';
import { tempDir } from '../support/tmp.js';

/**
 * Long enough that "at once" (under half of it) and "after the lease aged out" stay far apart on a busy machine;
 * the deadlines below only bound a wait that ends as soon as its condition holds.
 */
const DURATION_MS = 20_000;
/** How long b is watched not taking a lease a holds (a broken campaign takes it at its first try). */
const HELD_CHECK_MS = 2_000;

/** The states a campaign has gone through, in order. */
function watch(leases: NatsLeases, name: string) {
  const states: boolean[] = [];
  const subscription = leases.campaign(name).subscribe((state) => states.push(state));
  const holds = () => states.at(-1) === true;
  return { states, holds, giveUp: () => subscription.unsubscribe() };
}

async function until(what: string, condition: () => boolean, ms: number): Promise<number> {
  const since = Date.now();
  while (!condition()) {
    if (Date.now() - since > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - since;
}

test('one holder at a time; one given up is taken at once by the next; a holder cut off by a nats-server restart gets its own lease back without waiting it out', async (t) => {
  const kept = tempDir('kes-leases-');
  let nats = await startNatsServer({ storeDir: kept.path });
  const [a, b] = [await connect({ servers: nats.url, ...RECONNECTING }), await connect({ servers: nats.url, ...RECONNECTING })];
  t.teardown(async () => {
    await Promise.all([closeConnection(a), closeConnection(b)]);
    await nats.stop();
    kept.remove();
  });
  const [first, second] = [await NatsLeases.open(a, 'holder-a', DURATION_MS), await NatsLeases.open(b, 'holder-b', DURATION_MS)];
  const holderA = watch(first, 'relay');
  await until('a holds it', holderA.holds, DURATION_MS);
  const holderB = watch(second, 'relay');
  await new Promise((resolve) => setTimeout(resolve, HELD_CHECK_MS));
  t.false(holderB.states.includes(true), 'b waits while a holds it');

  holderA.giveUp();
  await first.released();
  t.true(await until('b takes it', holderB.holds, DURATION_MS) < DURATION_MS / 2, 'at once, not after the lease ages out');

  await nats.stop();
  await until('b knows it lost it', () => !holderB.holds(), DURATION_MS);
  nats = await startNatsServer({ port: nats.port, storeDir: kept.path });
  t.true(await until('b holds it again', holderB.holds, DURATION_MS * 2) < DURATION_MS, 'b holds it again before its key could have aged out');
  holderB.giveUp();
});

test('a holder whose renewals were lost finds its own key and holds the lease again at once; someone else\'s key it leaves alone', async (t) => {
  const nats = await startNatsServer();
  const nc = await connect({ servers: nats.url, ...RECONNECTING });
  t.teardown(async () => {
    await closeConnection(nc);
    await nats.stop();
  });
  const kv = await nc.jetstream().views.kv('KES_LEASES', { history: 1, ttl: 60_000 });
  await kv.create('relay', 'holder-a'); // as a renewal of holder-a left it, a minute from ageing out
  await kv.create('kube-scheduler', 'holder-b');
  const leases = await NatsLeases.open(nc, 'holder-a', 60_000);
  const relay = watch(leases, 'relay');
  const scheduler = watch(leases, 'kube-scheduler');
  t.true(await until('holder-a holds relay', relay.holds, 50_000) < 30_000, 'its own key: held at once, not after it aged out (60 s)');
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.deepEqual(scheduler.states.filter((s) => s), [], "holder-b's key is not taken");
  relay.giveUp();
  scheduler.giveUp();
});
