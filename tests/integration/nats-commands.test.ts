import test, { type ExecutionContext } from 'ava';
import { connect, headers } from 'nats';
import { serveCommands } from '../../adapters/nats/command-server.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { NatsCommandSender } from '../../infrastructure/nats/nats-command-sender.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import { startNatsServer } from '../support/nats-server.js';
import { twoNodes } from '../support/two-nodes.js';

const bearer = (authorization: string) => authorization.replace(/^Bearer /, '');

/** The two-nodes cluster with its API server also serving commands over a real nats-server. */
async function servedOverNats(t: ExecutionContext) {
  const nats = await startNatsServer();
  const { api, identities } = await twoNodes();
  const server = await connect({ servers: nats.url });
  const client = await connect({ servers: nats.url });
  const serving = serveCommands(server, { models: api.models, credentials: api.credentials, clock: new SystemClock(), ids: new UuidIds(), handle: api.handle, refusals: api.refusals });
  // The subscription reaches nats-server before the first request (else: 503, no responders).
  await server.flush();
  t.teardown(async () => {
    serving.unsubscribe();
    await client.close();
    await server.close();
    await api.close();
    await nats.stop();
  });
  const command = (type: string, data: object) => ({ type, data, metadata: { commandId: new UuidIds().newId(), actor: 'ignored-over-nats', at: new SystemClock().now() } });
  return { api, identities, client, command };
}

test('a command over NATS is authenticated and authorized as over HTTP: no token or a wrong one is a 401 Status, nothing appended', async (t) => {
  const { api, client } = await servedOverNats(t);
  const head = await api.clusterHead();
  const ask = async (authorization?: string) => {
    const h = headers();
    if (authorization) h.set('Authorization', authorization);
    const reply = await client.request('kes.commands.CordonNode', new TextEncoder().encode(JSON.stringify({ data: { name: 'node-a' } })), { headers: h, timeout: 5_000 });
    return { code: reply.headers?.get('Kes-Status'), body: reply.json<{ kind: string; reason: string; code: number; message: string }>() };
  };
  const none = await ask();
  t.is(none.code, '401');
  t.like(none.body, { kind: 'Status', reason: 'Unauthorized', code: 401 });
  const wrong = await ask('Bearer kesnode.node-a.not-its-secret');
  t.like(wrong.body, { kind: 'Status', reason: 'Unauthorized', code: 401 });
  t.is(await api.clusterHead(), head, 'nothing appended');
});

test('over NATS, NodeRestriction holds and refusals are the Statuses HTTP sends; an allowed command is carried out as its sender', async (t) => {
  const { api, identities, client, command } = await servedOverNats(t);
  const head = await api.clusterHead();
  const asNodeB = new NatsCommandSender(client, bearer(identities['node-b']));
  const refused = await t.throwsAsync(asNodeB.send(command('CordonNode', { name: 'node-a' })), { instanceOf: CommandRefused });
  t.is((refused as CommandRefused).reason, 'Forbidden');
  t.regex(refused!.message, /system:node:node-b may not CordonNode on "node-a"/);
  const asBootstrap = new NatsCommandSender(client, bearer(identities.bootstrap));
  await t.throwsAsync(asBootstrap.send(command('CordonNode', { name: 'node-a' })), { message: /cannot create resource "commands" in API group "kes.io"/ });
  t.is(await api.clusterHead(), head, 'nothing appended by the refused commands');
  await api.refusals.flush();
  const audited = (await api.request('GET', '/kes/v1/audit?refused=true&actor=system:node:node-b')).json().items;
  t.like(audited, [{ verb: 'create', source: 'nats', code: 403, reason: 'Forbidden', object: { resource: 'commands', path: 'kes.commands.CordonNode' } }], 'audited as over HTTP');

  const asAdmin = new NatsCommandSender(client, bearer(identities.admin));
  const handled = await asAdmin.send(command('CordonNode', { name: 'node-a' }));
  t.like(handled, { stream: 'node-node-a', appended: 1 });
  const [cordoned] = (await api.store.readStream('node-node-a')).slice(-1);
  t.is(cordoned.type, 'NodeCordoned');
  t.is(cordoned.metadata.actor, 'kubernetes-admin', 'the actor is who the token says, not what the message claims');
  await t.throwsAsync(asAdmin.send(command('CordonNode', { name: 'no-such-node' })), { instanceOf: CommandRefused, message: /nodes "no-such-node" not found/ });
});

test('over NATS, a command keeps the chain its sender names (correlation and causing event), and its actor is still the token\'s', async (t) => {
  const { api, identities, client, command } = await servedOverNats(t);
  const created = (await api.store.readStream('pod-default.app')).at(-1)!;
  const asNodeA = new NatsCommandSender(client, bearer(identities['node-a']));
  const report = command('ReportPodStatus', { namespace: 'default', name: 'app', nodeName: 'node-a', phase: 'Running', conditions: [], containerStatuses: [] });
  await asNodeA.send({ ...report, metadata: { ...report.metadata, actor: 'system:kes-scheduler', correlationId: created.metadata.correlationId, causationId: created.id } });
  const reported = (await api.store.readStream('pod-default.app')).at(-1)!;
  t.is(reported.type, 'PodStatusReported');
  t.like(reported.metadata, { actor: 'system:node:node-a', correlationId: created.metadata.correlationId, causationId: created.id });
});
