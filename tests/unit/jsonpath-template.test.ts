import test from 'ava';
import { parseCustomColumns, printCustomColumns } from '../../adapters/cli/printers/custom-columns.js';
import { findValues, printTemplate, TemplateError } from '../../adapters/cli/printers/jsonpath-template.js';
import { sortByField } from '../../adapters/cli/printers/sort-by.js';

const list = {
  kind: 'List',
  items: [
    { metadata: { name: 'b', labels: { 'app.kubernetes.io/name': 'shop' } }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Other', status: 'False' }] }, spec: { containers: [{ image: 'x' }, { image: 'y' }] } },
    { metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'False' }] }, spec: { containers: [{ image: 'z' }] } },
  ],
};

test('a template prints its text and each expression, several values space-separated', (t) => {
  t.is(printTemplate('names: {.items[*].metadata.name}!', list), 'names: b a!');
  t.is(printTemplate('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', list), 'shop');
  t.is(printTemplate('{.items[-1].metadata.name}', list), 'a');
  t.is(printTemplate('{$.kind}', list), 'List');
  t.is(printTemplate('{.items[0].metadata.labels}', list), '{"app.kubernetes.io/name":"shop"}');
  t.is(printTemplate('{.items[*].nothing}', list), '');
});

test('range repeats its body for each value, relative to it; filters pick by field', (t) => {
  t.is(printTemplate('{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.image},{end}{"\\n"}{end}', list), 'b:x,y,\na:z,\n');
  t.is(printTemplate('{.items[*].status.conditions[?(@.type=="Ready")].status}', list), 'True False');
  t.deepEqual(findValues('{..image}', list), ['x', 'y', 'z']);
});

test('a template that does not parse is refused with what is wrong', (t) => {
  t.throws(() => printTemplate('{.items[*]', list), { instanceOf: TemplateError, message: /unclosed action/ });
  t.throws(() => printTemplate('{range .items[*]}{.a}', list), { instanceOf: TemplateError, message: /has no \{end\}/ });
  t.throws(() => printTemplate('{.a}{end}', list), { instanceOf: TemplateError, message: /unexpected \{end\}/ });
  t.throws(() => parseCustomColumns('NAME'), { instanceOf: TemplateError, message: /expected <header>:<json-path-expr>/ });
});

test('custom columns: a row per object, <none> where nothing is found, lists and maps as Go prints them', (t) => {
  const columns = parseCustomColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image,LABELS:.metadata.labels,X:.x');
  t.is(
    printCustomColumns(columns, list.items, true),
    [
      'NAME   IMAGES   LABELS                             X',
      'b      x,y      map[app.kubernetes.io/name:shop]   <none>',
      'a      z        <none>                             <none>',
      '',
    ].join('\n'),
  );
  t.is(printCustomColumns(columns, list.items, false).split('\n')[0], 'b     x,y   map[app.kubernetes.io/name:shop]   <none>');
});

test('sort-by orders by the value found, missing first, strings byte by byte, numbers by value', (t) => {
  const items = [{ n: 10, s: 'pod-9' }, { n: 9, s: 'pod-10' }, {}];
  t.deepEqual(sortByField(items, '.n', (i) => i), [{}, { n: 9, s: 'pod-10' }, { n: 10, s: 'pod-9' }]);
  t.deepEqual(sortByField(items, '{.s}', (i) => i).map((i) => i.s), [undefined, 'pod-10', 'pod-9']);
});
