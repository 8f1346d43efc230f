import test from 'ava';
import { commandHandler } from '../../application/commands/handle-command.js';
import { COMMAND_DTOS } from '../../application/validation/command.dto.js';
import { KES_COMMAND_TYPES } from '../../domain/commands.js';
import type { Command } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';

const ids = new UuidIds();
const command = (type: string, data: object): Command => ({ type, data, metadata: { commandId: ids.newId(), actor: 'kubernetes-admin', at: '2026-11-27T10:00:00.000Z' } });
const container = { name: 'web', image: 'nginx', env: [], ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpuMillis: 100, memoryBytes: 64 * 2 ** 20 } }, volumeMounts: [] };
const spec = { containers: [container], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 };
const meta = { name: 'web-1', namespace: 'default', uid: 'u-1', labels: { app: 'web' }, annotations: {}, ownerReferences: [] };

test('every command the domain routes has a payload validator', (t) => {
  t.deepEqual(KES_COMMAND_TYPES.filter((type) => !COMMAND_DTOS[type]), []);
  t.deepEqual(Object.keys(COMMAND_DTOS).filter((type) => !KES_COMMAND_TYPES.includes(type as never)), []);
});

test('pods are created and bound on their own streams through the generic handler', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('CreatePod', { meta, spec }));
  await handle(command('BindPod', { namespace: 'default', name: 'web-1', nodeName: 'w1' }));
  t.deepEqual((await store.readStream('pod-default.web-1')).map((e) => e.type), ['PodCreated', 'PodScheduled']);
});

test('a pod whose spec has the wrong shape is refused before it is decided, naming the field', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  const broken = { ...spec, containers: [{ ...container, ports: [{ containerPort: 70000, protocol: 'SCTP' }] }] };
  const error = await t.throwsAsync(handle(command('CreatePod', { meta, spec: broken })));
  t.regex(error!.message, /data\.spec\.containers\[0\]\.ports\[0\]\.containerPort/);
  t.regex(error!.message, /data\.spec\.containers\[0\]\.ports\[0\]\.protocol/);
  t.is(await store.headPosition(), 0);
});

test('a node may report the status only of pods bound to it', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('CreatePod', { meta, spec }));
  await handle(command('BindPod', { namespace: 'default', name: 'web-1', nodeName: 'w1' }));
  const report = (nodeName: string, actor: string): Command => ({
    type: 'ReportPodStatus',
    data: { namespace: 'default', name: 'web-1', nodeName, phase: 'Running', conditions: [], containerStatuses: [] },
    metadata: { commandId: ids.newId(), actor, at: '2026-11-27T10:00:01.000Z' },
  });
  await t.throwsAsync(handle(report('w1', 'system:node:w2')), { message: /system:node:w2 may not ReportPodStatus/ });
  await t.throwsAsync(handle(report('w2', 'system:node:w2')), { message: /w1/ }, 'claiming to be the bound node does not help');
  t.is(await store.headPosition(), 2);
  await handle(report('w1', 'system:node:w1'));
  t.is(await store.headPosition(), 3);
});
