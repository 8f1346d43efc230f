import test from 'ava';
import { NodeTable } from '../../domain/scheduling/node-table.js';
import { type NodeDescription, type SchedulingNode } from '../../domain/scheduling/scheduling-input.js';
import { GiB, readyNode } from '../support/scheduling-fixtures.js';

const node = (name: string, overrides: Partial<NodeDescription> = {}): SchedulingNode => readyNode(name, 4000, 8, overrides);

/** Every column of node `name`'s row, to compare with what the node itself says. */
function row(table: NodeTable, name: string) {
  const index = table.nodes.findIndex((n) => n.name === name);
  const c = table.columns;
  return {
    free: [c.freeCpuMillis[index], c.freeMemoryBytes[index], c.freePods[index]],
    allocatable: [c.allocatableCpuMillis[index], c.allocatableMemoryBytes[index]],
    open: c.open[index],
    tainted: c.tainted[index],
  };
}

test('a node set in the table has its columns: what is free and allocatable, open, tainted', (t) => {
  const table = NodeTable.of([node('a', { requested: { cpuMillis: 1500, memoryBytes: GiB, pods: 3 } }), node('b', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })]);
  t.deepEqual(row(table, 'a'), { free: [2500, 7 * GiB, 107], allocatable: [4000, 8 * GiB], open: 1, tainted: 0 });
  t.deepEqual(row(table, 'b'), { free: [4000, 8 * GiB, 110], allocatable: [4000, 8 * GiB], open: 0, tainted: 1 });
});

test('setting a node of the same name replaces its row; deleting moves the last node into the hole', (t) => {
  const table = NodeTable.of([node('a'), node('b'), node('c')]);
  table.set(node('b', { ready: false, requested: { cpuMillis: 4000, memoryBytes: 0, pods: 1 } }));
  t.is(table.size, 3);
  t.deepEqual(row(table, 'b'), { free: [0, 8 * GiB, 109], allocatable: [4000, 8 * GiB], open: 0, tainted: 0 });
  table.delete('a');
  table.delete('missing');
  t.deepEqual(table.nodes.map((n) => n.name), ['c', 'b']);
  t.is(table.get('a'), undefined);
  t.is(table.get('c')?.name, 'c');
  t.deepEqual(row(table, 'c'), { free: [4000, 8 * GiB, 110], allocatable: [4000, 8 * GiB], open: 1, tainted: 0 });
});

test('the columns grow with the table and keep every row', (t) => {
  const table = NodeTable.of(Array.from({ length: 300 }, (_, i) => node(`n${i}`, { requested: { cpuMillis: i, memoryBytes: 0, pods: 0 } })));
  t.is(table.size, 300);
  t.true(table.columns.freeCpuMillis.length >= 300);
  for (const i of [0, 63, 64, 200, 299]) t.is(table.columns.freeCpuMillis[table.nodes.findIndex((n) => n.name === `n${i}`)], 4000 - i);
});

test('rank is the place of a name in name order, after additions and deletions too', (t) => {
  const table = NodeTable.of(['w10', 'w2', 'w1'].map((name) => node(name)));
  const ranks = () => Object.fromEntries(table.nodes.map((n, i) => [n.name, table.rank(i)]));
  t.deepEqual(ranks(), { w1: 0, w10: 1, w2: 2 });
  table.set(node('w0'));
  table.delete('w10');
  t.deepEqual(ranks(), { w0: 0, w1: 1, w2: 2 });
});
