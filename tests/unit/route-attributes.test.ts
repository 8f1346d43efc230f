import test from 'ava';
import { cleanRequestTarget } from '../../adapters/http/clean-path.js';
import { watchRequested } from '../../adapters/http/k8s/watch.js';
import { specOfPattern } from '../../adapters/http/route-attributes.js';

test('a route pattern says what it is about, as Kubernetes splits a request path', (t) => {
  t.deepEqual(specOfPattern('/api/v1/namespaces/:namespace/pods/:name/log'), { apiGroup: '', namespace: ':namespace', resource: 'pods', name: ':name', subresource: 'log' });
  t.deepEqual(specOfPattern('/apis/apps/v1/deployments'), { apiGroup: 'apps', resource: 'deployments', namespace: undefined, name: undefined, subresource: undefined });
  t.like(specOfPattern('/api/v1/namespaces/:name'), { apiGroup: '', resource: 'namespaces', name: ':name' });
  t.like(specOfPattern('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/:name'), { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', resource: 'leases' });
  t.like(specOfPattern('/kes/v1/nodes/:name/proxyrules'), { apiGroup: 'kes.io', resource: 'nodes', subresource: 'proxyrules' });
  t.deepEqual(specOfPattern('/apis/apps/v1'), { path: '/apis/apps/v1' });
  t.deepEqual(specOfPattern('/healthz'), { path: '/healthz' });
});

test('a pattern that leaves its resource or subresource to a parameter, or nests deeper, has no attributes of its own', (t) => {
  t.is(specOfPattern('/kes/v1/history/:resource/:name'), undefined);
  t.is(specOfPattern('/api/v1/namespaces/:namespace/pods/:name/log/extra'), undefined);
  t.is(specOfPattern('/custom/:thing'), undefined);
});

test('a request path is cleaned of empty, . and .. segments (also percent-encoded) before it is routed; the query is kept', (t) => {
  t.is(cleanRequestTarget('//api//v1/./secrets?watch=1'), '/api/v1/secrets?watch=1');
  t.is(cleanRequestTarget('/api/v1/namespaces/default/configmaps/../secrets'), '/api/v1/namespaces/default/secrets');
  t.is(cleanRequestTarget('/zz/%2E%2e/api/%2e/v1'), '/api/v1');
  t.is(cleanRequestTarget('/../../healthz'), '/healthz');
  t.is(cleanRequestTarget('/api/v1/'), '/api/v1/');
  t.is(cleanRequestTarget('/api/v1/namespaces/a%2Fb'), '/api/v1/namespaces/a%2Fb', 'an encoded slash stays inside its segment');
});

test('watch is read as Kubernetes reads a boolean query parameter, the same for the authorizer and the handlers', (t) => {
  for (const yes of ['true', '1', 'TRUE', 'yes', 't']) t.true(watchRequested({ watch: yes }), yes);
  for (const no of ['false', '0', 'F', '']) t.false(watchRequested({ watch: no }), no);
  t.false(watchRequested({}));
  t.true(watchRequested({ watch: ['1', '0'] }), 'the first of repeated values counts');
});
