import test from 'ava';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { fromMessage, toMessage } from '../../infrastructure/nats/cloud-event-message.js';

const event = (appendContinues: boolean): RecordedEvent => ({
  id: 'e-1', type: 'NodeCordoned', stream: 'node-w1', revision: 3, position: 42, data: { name: 'w1' },
  metadata: { actor: 'a', commandId: 'c', correlationId: 'r', causationId: 'k', at: '2026-11-27T10:00:00.000Z', schemaVersion: 1, ...(appendContinues ? { appendContinues: true } : {}) },
});

test('an event read back from its NATS message is the event sent, including whether its write goes on in the next event', (t) => {
  for (const sent of [event(true), event(false)]) {
    const { headers, body } = toMessage(sent, 'kes://test');
    t.deepEqual(fromMessage(headers, body), sent);
  }
});
