import test from 'ava';
import { nestsDeeperThan } from '../../adapters/http/k8s/json-depth.js';

const nested = (levels: number) => '{"a":'.repeat(levels) + '[]' + '}'.repeat(levels);

test('nesting is counted over objects and arrays together, up to the limit and one past it', (t) => {
  t.false(nestsDeeperThan(nested(9), 10), '9 objects and an array are 10 levels');
  t.true(nestsDeeperThan(nested(10), 10));
  t.false(nestsDeeperThan('[[],[],{"a":[]}]', 3));
  t.true(nestsDeeperThan('[[],[[]]]', 2));
});

test('brackets inside strings do not count, escaped quotes included; a 100,000-level body is found without recursing', (t) => {
  t.false(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" \\\\', c: ['"[[[['] }), 3));
  t.true(nestsDeeperThan(JSON.stringify({ a: 'ends with a backslash \\' }) + '[[[[', 3), 'an even run of backslashes does not escape the quote');
  t.true(nestsDeeperThan(`{"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 500));
});
