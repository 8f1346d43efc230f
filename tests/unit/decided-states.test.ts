import test from 'ava';
import { DecidedStates } from '../../application/commands/decided-states.js';

const at = (revision: number) => ({ state: { revision }, revision, position: revision + 1 });

test('the least recently used stream is dropped first when full', (t) => {
  const states = new DecidedStates(2);
  states.set('a', at(0));
  states.set('b', at(0));
  states.get('a');
  states.set('c', at(0));
  t.truthy(states.get('a'));
  t.is(states.get('b'), undefined);
  t.truthy(states.get('c'));
  t.is(states.size, 2);
});

test('an older revision never replaces a newer one', (t) => {
  const states = new DecidedStates();
  states.set('a', at(3));
  states.set('a', at(2));
  t.is(states.get('a')?.revision, 3);
  states.set('a', at(4));
  t.is(states.get('a')?.revision, 4);
  states.forget('a');
  t.is(states.get('a'), undefined);
});
