import test from 'ava';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { podManifest, watchLines, workloadApi } from '../support/workload-api.js';

/** core/v1 and events.k8s.io/v1 Events made from the log, over HTTP (no reconcilers). */

test('events are watched from a resourceVersion, only those the field selector picks, in both API groups', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const from = await api.store.headPosition();
  const core = watchLines(`${address}/api/v1/namespaces/shop/events?watch=true&resourceVersion=${from}&fieldSelector=involvedObject.name=b`, 1);
  const v1 = watchLines(`${address}/apis/events.k8s.io/v1/namespaces/shop/events?watch=true&resourceVersion=${from}&fieldSelector=regarding.name=b,reason=PodCreated`, 1);
  for (const name of ['a', 'b']) t.is((await api.request('POST', '/api/v1/namespaces/shop/pods', podManifest(name))).statusCode, 201);
  const [line] = await core;
  t.like(line, { type: 'ADDED', object: { kind: 'Event', involvedObject: { kind: 'Pod', name: 'b', namespace: 'shop' }, reason: 'PodCreated', type: 'Normal' } });
  t.is((line.object as unknown as { involvedObject: { uid: string } }).involvedObject.uid, api.models.pods.get('shop.b')!.meta.uid);
  const [v1Line] = await v1;
  t.like(v1Line, { type: 'ADDED', object: { apiVersion: 'events.k8s.io/v1', regarding: { name: 'b' }, reason: 'PodCreated' } });

  const named = (v1Line.object as { metadata: { name: string } }).metadata.name;
  const one = await api.request('GET', `/apis/events.k8s.io/v1/namespaces/shop/events/${named}`);
  t.is(one.statusCode, 200, one.body);
  t.like(one.json(), { kind: 'Event', regarding: { kind: 'Pod', name: 'b' }, note: 'created (nginx:1.27)' });
  const byUid = await api.request('GET', `/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind=Pod,involvedObject.name=b,involvedObject.uid=${api.models.pods.get('shop.b')!.meta.uid}`);
  t.deepEqual(byUid.json().items.map((e: { reason: string }) => e.reason), ['PodCreated']);
  const otherUid = await api.request('GET', '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind=Pod,involvedObject.name=b,involvedObject.uid=someone-else');
  t.deepEqual(otherUid.json().items, []);
  t.is((await api.request('GET', '/api/v1/events?fieldSelector=colour=red')).statusCode, 400);
});

test('a container that cannot start or backs off shows as the kubelet’s Warning Failed / BackOff, picked by type=Warning', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  t.is((await api.request('POST', '/api/v1/namespaces/shop/pods', podManifest('web'))).statusCode, 201);
  await api.admin('BindPod', { namespace: 'shop', name: 'web', nodeName: 'w1' });
  const report = (reason: string, message: string) =>
    api.admin('ReportPodStatus', {
      namespace: 'shop', name: 'web', nodeName: 'w1', phase: 'Pending', conditions: [],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason, message } } }],
    });
  await report('ContainerCreating', 'starting');
  await report('RunContainerError', 'container app has no command; the process runtime runs command + args');
  await report('CrashLoopBackOff', 'back-off 10s restarting failed container');

  const warnings = (await api.request('GET', '/api/v1/namespaces/shop/events?fieldSelector=type=Warning,involvedObject.name=web')).json().items;
  t.deepEqual(
    warnings.map((e: { reason: string; message: string; type: string }) => [e.type, e.reason, e.message]),
    [
      ['Warning', 'Failed', 'Error: container app has no command; the process runtime runs command + args'],
      ['Warning', 'BackOff', 'Back-off restarting failed container app in pod web_shop'],
    ],
  );
  const all = (await api.request('GET', '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name=web')).json().items;
  t.true(all.some((e: { reason: string; type: string }) => e.reason === 'PodStatusReported' && e.type === 'Normal'), 'a report of a starting container stays Normal');
});

const AS_ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

test('an events watch ends after its timeoutSeconds (at once when negative), in both API groups; one that is no number is a 400', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  for (const path of ['/api/v1/namespaces/shop/events', '/apis/events.k8s.io/v1/events']) {
    for (const seconds of ['1', '-1']) {
      const answer = await fetch(`${address}${path}?watch=true&timeoutSeconds=${seconds}`, { headers: AS_ADMIN });
      t.is(answer.status, 200);
      t.is(await answer.text(), '', `${path} with timeoutSeconds=${seconds} ended, having nothing to send`);
    }
    const refused = await fetch(`${address}${path}?watch=true&timeoutSeconds=soon`, { headers: AS_ADMIN });
    t.is(refused.status, 400);
    t.regex((await refused.json()).message, /timeoutSeconds: Invalid value: "soon"/);
  }
});
