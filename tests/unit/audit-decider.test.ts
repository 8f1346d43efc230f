import test from 'ava';
import { auditDecider, type AuditCommand } from '../../domain/audit/audit.decide.js';
import { auditStream, withRecordRedacted, type RefusalRecord } from '../../domain/audit/audit.js';
import { routeOf } from '../../domain/commands.js';
import { authorize, API_SERVER } from '../../application/commands/authorize.js';
import { summaryOf } from '../../application/queries/event-summaries.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(auditDecider);
const record: RefusalRecord = {
  actor: 'system:node:w1', source: '127.0.0.1', code: 403, reason: 'Forbidden', message: 'no', count: 1, firstAt: AT, lastAt: AT,
  asked: { verb: 'delete', apiGroup: '', resource: 'nodes', subresource: '', namespace: '', name: 'x', path: '' },
};
const refusal = (data: RefusalRecord): AuditCommand => ({ type: 'RecordRefusal', data, metadata: meta(API_SERVER) });

test('a refusal is recorded as RequestRefused, whatever was recorded before', (t) => {
  spec(t).given([{ type: 'RequestRefused', data: record }]).when(refusal(record)).then([{ type: 'RequestRefused', data: record }]);
});

test('a refusal without an actor, with a count below 1 or a code outside 4xx is invalid', (t) => {
  spec(t).given([]).when(refusal({ ...record, actor: '' })).thenThrows('Invalid', /actor: Required value/);
  spec(t).given([]).when(refusal({ ...record, count: 0 })).thenThrows('Invalid', /count/);
  spec(t).given([]).when(refusal({ ...record, code: 200 })).thenThrows('Invalid', /code/);
});

test('dropped refusals are recorded with their count', (t) => {
  spec(t).given([]).when({ type: 'RecordDroppedRefusals', data: { count: 7, firstAt: AT, lastAt: AT }, metadata: meta(API_SERVER) })
    .then([{ type: 'RefusalsDropped', data: { count: 7, firstAt: AT, lastAt: AT } }]);
});

test('audit records go to the stream of their day, and only the API server may send them, not even an admin', (t) => {
  t.is(routeOf(refusal(record)).stream, auditStream(AT));
  t.is(auditStream('2026-11-27T10:00:00.000Z'), 'audit-2026-11-27');
  t.notThrows(() => authorize(refusal(record)));
  const error = t.throws(() => authorize({ ...refusal(record), metadata: meta('kubernetes-admin') })) as Error & { reason: string };
  t.is(error.reason, 'Forbidden');
  t.regex(error.message, /only the API server records refused requests/);
});

test('kesctl history and events summarize audit records, also those a reader sees without their data', (t) => {
  t.is(summaryOf('RequestRefused', record), 'system:node:w1 refused delete nodes/x: 403 Forbidden');
  t.is(summaryOf('RequestRefused', { ...record, count: 3 }), 'system:node:w1 refused delete nodes/x: 403 Forbidden (3 times)');
  t.is(summaryOf('RequestRefused', {}), 'request refused');
  t.is(summaryOf('RequestRefused', withRecordRedacted({ type: 'RequestRefused', data: record }).data), 'request refused');
  t.is(summaryOf('RefusalsDropped', { count: 9 }), '9 refusals over the audit rate cap, counted only');
});
