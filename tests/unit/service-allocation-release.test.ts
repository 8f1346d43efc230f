import test from 'ava';
import { serviceAllocationRelease } from '../../application/reconcilers/service-allocation-release.js';
import { world } from '../support/world.js';

const meta = (name: string) => ({ name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });

async function withServices() {
  const w = world();
  await w.send('ConfigureRange', { name: 'clusterips', range: '10.96.0.0/28' });
  await w.send('ConfigureRange', { name: 'nodeports', range: '30000-30010' });
  for (const name of ['web', 'api']) {
    await w.send('Allocate', { name: 'clusterips', owner: `default/${name}` });
    await w.send('Allocate', { name: 'nodeports', owner: `default/${name}:80/TCP` });
    const clusterIP = w.models.allocations.get('clusterips')!.state.values[`default/${name}`] as string;
    const nodePort = w.models.allocations.get('nodeports')!.state.values[`default/${name}:80/TCP`] as number;
    await w.send('CreateService', { meta: meta(name), spec: { type: 'NodePort', selector: { app: name }, clusterIP, ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort }] } });
  }
  return { ...w, release: serviceAllocationRelease(w.models) };
}

test('a deleted Service gives back its ClusterIP and NodePorts; the others keep theirs', async (t) => {
  const w = await withServices();
  t.deepEqual(w.release.reconcile('default.web'), [], 'nothing while the Service exists');
  await w.send('DeleteService', { namespace: 'default', name: 'web' });
  const planned = await w.release.reconcile('default.web');
  t.deepEqual(planned.map((c) => c.type), ['Release', 'Release']);
  await w.sendAll(planned, w.release.actor);
  t.deepEqual(Object.keys(w.models.allocations.get('clusterips')!.state.values), ['default/api']);
  t.deepEqual(Object.keys(w.models.allocations.get('nodeports')!.state.values), ['default/api:80/TCP']);
  t.deepEqual(w.release.reconcile('default.web'), [], 'run again on unchanged state, it emits nothing');
});

test('it is woken by deletions at once', async (t) => {
  const w = await withServices();
  const woken: string[] = [];
  const subscription = w.release.triggers.subscribe((key) => woken.push(key));
  t.teardown(() => subscription.unsubscribe());
  await w.send('DeleteService', { namespace: 'default', name: 'api' });
  t.deepEqual(woken, ['default.api']);
});

test('a scan finds what a missed deletion left, but only once it has been seen on two scans', async (t) => {
  const w = await withServices();
  t.deepEqual([...w.release.keys()], [], 'every allocation has its Service');
  await w.send('DeleteService', { namespace: 'default', name: 'web' }); // say the control plane stopped before releasing
  t.deepEqual([...w.release.keys()], [], 'first seen without its Service: suspected, not released yet');
  const found = [...w.release.keys()];
  t.deepEqual(found, ['default.web']);
  for (const key of found) await w.sendAll(await w.release.reconcile(key), w.release.actor);
  t.deepEqual(Object.keys(w.models.allocations.get('clusterips')!.state.values), ['default/api']);
  t.deepEqual([...w.release.keys()], [], 'nothing left to find');
});

test('an allocation whose Service is created before the next scan is kept (the API server allocates before it creates)', async (t) => {
  const w = await withServices();
  await w.send('Allocate', { name: 'clusterips', owner: 'default/db' });
  t.deepEqual([...w.release.keys()], [], 'suspected');
  const clusterIP = w.models.allocations.get('clusterips')!.state.values['default/db'] as string;
  await w.send('CreateService', { meta: meta('db'), spec: { type: 'ClusterIP', selector: { app: 'db' }, clusterIP, ports: [{ protocol: 'TCP', port: 5432, targetPort: 5432 }] } });
  t.deepEqual([...w.release.keys()], []);
  t.deepEqual([...w.release.keys()], []);
  t.is(w.models.allocations.get('clusterips')!.state.values['default/db'], clusterIP);
});
