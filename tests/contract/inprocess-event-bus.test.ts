import test from 'ava';
import { InProcessEventBus } from '../../infrastructure/inprocess/inprocess-event-bus.js';
import { eventBusContract } from './event-bus.contract.js';

eventBusContract('InProcessEventBus', async (t) => {
  const bus = new InProcessEventBus();
  t.teardown(() => bus.close());
  return bus;
});

test('the in-process bus keeps a bounded window and refuses to follow from before it', async (t) => {
  const bus = new InProcessEventBus(3);
  t.teardown(() => bus.close());
  const event = (position: number) => ({
    id: `e${position}`, stream: 'node-a', revision: position - 1, position, type: 'NodeCordoned', data: { name: 'a' },
    metadata: { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', at: '2026-11-27T10:00:00.000Z', schemaVersion: 1 },
  });
  for (let p = 1; p <= 10; p++) await bus.publish(event(p));
  await bus.publish(event(10));
  const seen: number[] = [];
  bus.follow(8).subscribe((e) => seen.push(e.position));
  t.deepEqual(seen, [9, 10], 'a re-published event is not delivered twice');
  const refused = await new Promise<Error>((resolve) => bus.follow(0).subscribe({ error: resolve }));
  t.regex(refused.message, /keeps events from position \d+; read the store/);
});
