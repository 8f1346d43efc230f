import test from 'ava';
import { SharedJson } from '../../adapters/http/k8s/shared-json.js';

test('what many watches send is rendered and serialized once per source, the least recently used dropped past the size', async (t) => {
  const shared = new SharedJson(2);
  let renders = 0;
  const render = (name: string) => () => (renders++, { metadata: { name } });
  const [a, b] = [{}, {}];
  t.is(await shared.of(a, render('a')), '{"metadata":{"name":"a"}}');
  for (let i = 0; i < 100; i++) t.is(await shared.of(a, render('not used')), '{"metadata":{"name":"a"}}');
  t.is(renders, 1);
  await shared.of(b, render('b'));
  await shared.of(a, render('a'));
  await shared.of({}, render('c')); // b is the least recently used: dropped
  await shared.of(a, render('a'));
  t.is(renders, 3);
  t.is(await shared.of(b, render('b again')), '{"metadata":{"name":"b again"}}');
  t.is(renders, 4);
});
