import test from 'ava';
import { oneWrite } from '../../application/projections/one-write.js';

const change = (type: 'ADDED' | 'MODIFIED' | 'DELETED', before: string | undefined, view: string) => ({ type, before, view });

test('the changes of one write are one: from the view before the first to the view after the last', (t) => {
  t.deepEqual(oneWrite(undefined, change('MODIFIED', 'a', 'b')), change('MODIFIED', 'a', 'b'), 'nothing held: the change itself');
  t.deepEqual(oneWrite(change('ADDED', undefined, 'a'), change('MODIFIED', 'a', 'b')), change('ADDED', undefined, 'b'), 'a create stays ADDED');
  t.deepEqual(oneWrite(change('MODIFIED', 'a', 'b'), change('MODIFIED', 'b', 'c')), change('MODIFIED', 'a', 'c'));
  t.deepEqual(oneWrite(change('MODIFIED', 'a', 'b'), change('DELETED', 'b', 'b')), change('DELETED', 'a', 'b'));
  t.is(oneWrite(change('ADDED', undefined, 'a'), change('DELETED', 'a', 'a')), undefined, 'made and gone in one write: nothing anyone saw');
  t.deepEqual(oneWrite(change('DELETED', 'a', 'a'), change('ADDED', undefined, 'b')), change('MODIFIED', 'a', 'b'), 'gone and made again: changed');
});
