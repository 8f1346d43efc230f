import test from 'ava';
import { UuidIds, uuidV7 } from '../../infrastructure/crypto/uuid-ids.js';

const ids = new UuidIds();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('new ids are v7 and sort by creation time', (t) => {
  const earlier = uuidV7(1_700_000_000_000);
  const later = uuidV7(1_700_000_000_001);
  t.regex(earlier, UUID);
  t.is(earlier[14], '7');
  t.true(earlier < later);
  t.not(ids.newId(), ids.newId());
});

test('derived ids are deterministic, distinct per part, and keep a v7 parent time prefix', (t) => {
  const command = uuidV7(1_700_000_000_000);
  const first = ids.derivedId(command, 0);
  t.is(first, ids.derivedId(command, 0));
  t.not(first, ids.derivedId(command, 1));
  t.regex(first, UUID);
  t.is(first.slice(0, 13), command.slice(0, 13));
  t.regex(ids.derivedId('any-string', 3), UUID, 'a non-v7 parent gives a plain v5 id');
  t.is(ids.derivedId('any-string', 3)[14], '5');
});

test('derived ids stay what earlier versions of kes derived, so a command retried across an upgrade is still a no-op', (t) => {
  const command = '01890a5d-ac96-774b-bcce-b302099a8057';
  t.is(ids.derivedId(command, 0), '01890a5d-ac96-8ece-990b-659317702753');
  t.is(ids.derivedId(command, 1), '01890a5d-ac96-8d3e-874c-63b3b9e6824a');
  t.is(ids.derivedId('pod', 'default', 'web-0'), '37468bdc-965c-5aab-a276-8d0a83994100');
});
