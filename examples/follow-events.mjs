#!/usr/bin/env node
// Follows a kes cluster's events on NATS JetStream with nothing but the `nats` package, as any integrator can.
//
//   node examples/follow-events.mjs nats://127.0.0.1:4222 [--creds FILE] [--from POSITION] [--kind pod]
//        [--namespace default] [--type PodScheduled] [--durable NAME] [--until-idle MS]
//
// With the cluster's NATS users in force, pass the integrators' credentials: --creds DATA_DIR/nats/integrator.creds
// (a read-only user: it may follow the stream and nothing else).
//
// Each event is a message on kes.events.<kind>.<namespace or _>.<name>.<EventType> of the stream KES_EVENTS, a
// CloudEvent in binary content mode: the body is the event's data (JSON), the attributes are `ce-*` headers, and
// `Kes-Position` is the event's place in the cluster's log. kes publishes every event once, in log order, from 1,
// so the stream sequence of an event is its position: `--from P` starts at it. `--durable NAME` keeps a consumer
// on the server that remembers what it acknowledged: run again with the same name to go on where it stopped.
// Prints one JSON line per event: {position, type, subject, time, source, data}. The data's JSON Schema is the
// `ce-dataschema` header (GET it from the API server, or `kesctl events schemas -o DIR`).
import { readFileSync } from 'node:fs';
import { AckPolicy, connect, credsAuthenticator, DeliverPolicy } from 'nats';

function options(argv) {
  const [servers, ...rest] = argv;
  if (!servers) throw new Error('usage: follow-events.mjs NATS_URL [--creds FILE] [--from P] [--kind K] [--namespace NS] [--type T] [--durable NAME] [--until-idle MS]');
  const flags = {};
  for (let i = 0; i < rest.length; i += 2) flags[rest[i].replace(/^--/, '')] = rest[i + 1];
  return { servers, ...flags };
}

/** kes.events.<kind>.<namespace>.<name>.<type>, with `*` for what is not filtered on. */
const subjectFilter = (o) => ['kes', 'events', o.kind ?? '*', o.namespace ?? '*', '*', o.type ?? '*'].join('.');

async function consumerFor(js, jsm, o) {
  const filter_subject = subjectFilter(o);
  const start = o.from ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Number(o.from) } : { deliver_policy: DeliverPolicy.All };
  if (!o.durable) return js.consumers.get('KES_EVENTS', { filterSubjects: filter_subject, ...(o.from ? { opt_start_seq: Number(o.from) } : {}) }); // a string: nats-server 2.9 takes one filter
  await jsm.consumers.add('KES_EVENTS', { durable_name: o.durable, ack_policy: AckPolicy.Explicit, filter_subject, ...start }).catch(async (error) => {
    if (!/consumer name already in use|consumer already exists/i.test(String(error))) throw error; // it exists: go on from where it stopped
  });
  return js.consumers.get('KES_EVENTS', o.durable);
}

const o = options(process.argv.slice(2));
const nc = await connect({ servers: o.servers, ...(o.creds ? { authenticator: credsAuthenticator(readFileSync(o.creds)) } : {}) });
const consumer = await consumerFor(nc.jetstream(), await nc.jetstreamManager(), o);
const messages = await consumer.consume();
let idle;
const restartIdle = () => {
  if (!o['until-idle']) return;
  clearTimeout(idle);
  idle = setTimeout(() => messages.stop(), Number(o['until-idle']));
};
restartIdle();
for await (const m of messages) {
  const header = (name) => m.headers?.get(name);
  const event = {
    position: Number(header('Kes-Position')),
    type: header('ce-type').replace(/^io\.kes\./, ''),
    subject: header('ce-subject'),
    time: header('ce-time'),
    source: header('ce-source'),
    data: m.json(),
  };
  process.stdout.write(`${JSON.stringify(event)}\n`);
  m.ack();
  restartIdle();
}
await nc.drain();
