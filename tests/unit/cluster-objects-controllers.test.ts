import test from 'ava';
import { kubernetesServiceController } from '../../application/reconcilers/kubernetes-service.js';
import { rootCaPublisher } from '../../application/reconcilers/root-ca-publisher.js';
import { serviceAccountController } from '../../application/reconcilers/service-accounts.js';
import { apiServerAddress } from '../../domain/service/kubernetes-service.js';
import { world } from '../support/world.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const namespace = (name: string) => ({ meta: { name, uid: `ns-${name}`, labels: {} } });

async function withNamespaces(...names: string[]) {
  const w = world();
  for (const name of names) await w.send('CreateNamespace', namespace(name));
  return w;
}

test('every Active namespace gets a default ServiceAccount, made again when deleted; a Terminating one gets none', async (t) => {
  const w = await withNamespaces('default', 'team-a');
  const controller = serviceAccountController(w.models, w.ids);
  const sent = await w.settle(controller);
  t.deepEqual(sent.map((c) => c.type), ['CreateServiceAccount', 'CreateServiceAccount']);
  t.deepEqual([...w.models.serviceAccounts.keys()].sort(), ['default.default', 'team-a.default']);
  t.deepEqual(await w.settle(controller), [], 'nothing more to do');
  await w.send('DeleteServiceAccount', { namespace: 'team-a', name: 'default' });
  await w.settle(controller);
  t.true(w.models.serviceAccounts.has('team-a.default'), 'made again');
  await w.send('DeleteServiceAccount', { namespace: 'team-a', name: 'default' });
  await w.send('DeleteNamespace', { name: 'team-a' });
  t.deepEqual(await w.settle(controller), [], 'a Terminating namespace gets no new account');
});

test('every Active namespace holds kube-root-ca.crt with the cluster CA under ca.crt, made again if deleted and put back if changed', async (t) => {
  const w = await withNamespaces('default', 'team-a');
  const publisher = rootCaPublisher(w.models, w.ids, CA);
  await w.settle(publisher);
  t.deepEqual(w.models.configMaps.get('team-a.kube-root-ca.crt')?.data, { 'ca.crt': CA });
  t.deepEqual(w.models.configMaps.get('default.kube-root-ca.crt')?.data, { 'ca.crt': CA });
  t.deepEqual(await w.settle(publisher), []);
  await w.send('ReplaceConfigMapData', { namespace: 'team-a', name: 'kube-root-ca.crt', data: { 'ca.crt': 'tampered', extra: 'x' } });
  t.deepEqual((await w.settle(publisher)).map((c) => c.type), ['ReplaceConfigMapData']);
  t.deepEqual(w.models.configMaps.get('team-a.kube-root-ca.crt')?.data, { 'ca.crt': CA });
  await w.send('DeleteConfigMap', { namespace: 'default', name: 'kube-root-ca.crt' });
  t.deepEqual((await w.settle(publisher)).map((c) => c.type), ['CreateConfigMap']);
  t.deepEqual(w.models.configMaps.get('default.kube-root-ca.crt')?.data, { 'ca.crt': CA });
});

async function initializedCluster(apiEndpoint = 'https://192.168.1.20:6443') {
  const w = await withNamespaces('default');
  await w.send('InitializeCluster', { clusterName: 'kes', apiEndpoint, adminTokenHash: 'sha256:x', kubernetesVersion: 'v1.32.0' });
  await w.send('ConfigureRange', { name: 'clusterips', range: '10.96.0.0/12' });
  return w;
}

test('the kubernetes Service gets the first ClusterIP, port 443 (https) to the API server port, and Endpoints at its advertised address', async (t) => {
  const w = await initializedCluster();
  const controller = kubernetesServiceController(w.models, w.ids);
  const sent = await w.settle(controller);
  t.deepEqual(sent.map((c) => c.type), ['Allocate', 'CreateService', 'SetEndpoints'], 'the address first, then the Service, then its Endpoints');
  const service = w.models.services.get('default.kubernetes')!;
  t.like(service.spec, { type: 'ClusterIP', clusterIP: '10.96.0.1', selector: {}, ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }] });
  t.deepEqual(service.meta.labels, { component: 'apiserver', provider: 'kubernetes' });
  t.deepEqual(w.models.endpoints.get('default.kubernetes')!.subsets, [
    { addresses: [{ ip: '192.168.1.20' }], notReadyAddresses: [], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
  ]);
  t.deepEqual(await w.settle(controller), [], 'nothing more to do');
});

test('the kubernetes Service comes back when deleted, and its Endpoints are put back when changed', async (t) => {
  const w = await initializedCluster();
  const controller = kubernetesServiceController(w.models, w.ids);
  await w.settle(controller);
  await w.send('SetEndpoints', { namespace: 'default', name: 'kubernetes', subsets: [] });
  t.deepEqual((await w.settle(controller)).map((c) => c.type), ['SetEndpoints']);
  await w.send('DeleteService', { namespace: 'default', name: 'kubernetes' });
  t.deepEqual((await w.settle(controller)).map((c) => c.type), ['CreateService'], 'the ClusterIP it held is used again; the Endpoints are still right');
  t.is(w.models.services.get('default.kubernetes')!.spec.clusterIP, '10.96.0.1');
});

test('nothing is made before the cluster is initialized, its range configured and default exists', async (t) => {
  const w = world();
  const controller = kubernetesServiceController(w.models, w.ids);
  t.deepEqual(await w.settle(controller), []);
  await w.send('InitializeCluster', { clusterName: 'kes', apiEndpoint: 'https://10.0.0.5:6443', adminTokenHash: 'sha256:x', kubernetesVersion: 'v1.32.0' });
  t.deepEqual(await w.settle(controller), [], 'no default namespace yet');
  await w.send('CreateNamespace', namespace('default'));
  t.deepEqual(await w.settle(controller), [], 'no ClusterIP range yet');
});

test('the API server address is read from its advertised endpoint; a host name gives none', (t) => {
  t.deepEqual(apiServerAddress('https://10.0.0.5:6443'), { ip: '10.0.0.5', port: 6443 });
  t.deepEqual(apiServerAddress('https://10.0.0.5'), { ip: '10.0.0.5', port: 443 });
  t.is(apiServerAddress('https://master.example:6443'), undefined);
  t.is(apiServerAddress('not a url'), undefined);
});
