import test from 'ava';
import type { NodeView } from '../../application/projections/node-view.js';
import { reconcileNodeLifecycle } from '../../application/reconcilers/node-lifecycle.js';
import { registration } from '../support/node-fixtures.js';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');
const GRACE = 40_000;
const node = (status: 'True' | 'Unknown', sinceMs: number, extra: Partial<NodeView> = {}): NodeView => ({
  ...registration('w1'),
  unschedulable: false,
  readiness: { status, reason: '', message: '', since: new Date(sinceMs).toISOString() },
  createdAt: new Date(T0).toISOString(),
  reset: false,
  uid: 'u',
  resourceVersion: 1,
  ...extra,
});
const facts = (n: NodeView | undefined, lastBeatMs: number | undefined, nowMs: number) => ({ node: n, lastBeatMs, monitorStartedMs: T0, nowMs, gracePeriodMs: GRACE });

test('given a Ready node that beats, when reconciled, then nothing is sent', (t) => {
  t.deepEqual(reconcileNodeLifecycle(facts(node('True', T0), T0 + 30_000, T0 + 60_000)), []);
});

test('given no heartbeat for the grace period, then the node is reported Unknown, and only once', (t) => {
  const commands = reconcileNodeLifecycle(facts(node('True', T0), T0 + 1000, T0 + 1000 + GRACE + 1));
  t.is(commands.length, 1);
  t.like(commands[0], { type: 'ReportNodeReadiness', data: { name: 'w1', status: 'Unknown', reason: 'NodeStatusUnknown' } });
  const after = node('Unknown', T0 + 1000 + GRACE + 1);
  t.deepEqual(reconcileNodeLifecycle(facts(after, T0 + 1000, T0 + 1000 + GRACE + 5000)), []);
});

test('given an Unknown node whose heartbeats resume, then it is Ready again', (t) => {
  const unknownSince = T0 + 50_000;
  const commands = reconcileNodeLifecycle(facts(node('Unknown', unknownSince), unknownSince + 100, unknownSince + 200));
  t.like(commands[0], { type: 'ReportNodeReadiness', data: { status: 'True', reason: 'KubeletReady' } });
});

test('a restarted controller gives nodes a grace period from its own start', (t) => {
  t.deepEqual(reconcileNodeLifecycle({ ...facts(node('True', T0 - 3_600_000), undefined, T0 + GRACE - 1) }), []);
  t.is(reconcileNodeLifecycle({ ...facts(node('True', T0 - 3_600_000), undefined, T0 + GRACE + 1) }).length, 1);
});

test('deleted or reset nodes are left alone', (t) => {
  t.deepEqual(reconcileNodeLifecycle(facts(undefined, undefined, T0 + 10 * GRACE)), []);
  t.deepEqual(reconcileNodeLifecycle(facts(node('True', T0, { reset: true }), undefined, T0 + 10 * GRACE)), []);
});
