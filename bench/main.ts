import 'reflect-metadata';
import { distributedBench } from './distributed.js';
import { historyBench } from './history.js';
import { nodeBench } from './node.js';
import { schedulerBench } from './scheduler.js';
import { storeBench } from './store.js';
import { watchesBench } from './watches.js';
import { formatReport, UsageError, type BenchReport } from './support/report.js';
import { rerunWithFlags, V8_FLAGS } from './support/v8-flags.js';

type Bench = Readonly<{ flags: string; run: (args: readonly string[]) => Promise<BenchReport> }>;

/** The benchmarks by name; each parses its own flags. */
const BENCHES: Readonly<Record<string, Bench>> = {
  store: { flags: '[--events N (default 1000000)]', run: storeBench },
  scheduler: { flags: '[--nodes N (default 5000)] [--pods N (default 10000)]', run: schedulerBench },
  distributed: { flags: '[--nodes N (100)] [--pods N (2000)] [--rounds N (3)] [--rate PODS_PER_S (100)] [--events N (50000)]', run: distributedBench },
  history: { flags: '[--events N (1000000)] [--snapshot-every N (10000)] [--watches N (1000)]', run: historyBench },
  node: { flags: '[--pods N (default 100)] [--rate PODS_PER_S (10)] [--seconds S (5)] [--connections N (32)]', run: nodeBench },
  watches: { flags: '[--events N (100000)] [--watches N (1000)] [--back CHANGES (10)]', run: watchesBench },
};

const USAGE = [
  'usage: npm run bench -- <name> [--json] [flags]',
  ...Object.entries(BENCHES).map(([name, bench]) => `  ${name} ${bench.flags}`),
  '--json also prints every figure as one JSON object, on the last line of stdout.',
].join('\n');

async function main(argv: readonly string[]): Promise<number> {
  const rerun = rerunWithFlags(V8_FLAGS);
  if (rerun !== undefined) return rerun;
  const [name, ...rest] = argv;
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    process.stderr.write(`${name ? `no benchmark named "${name}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const json = rest.includes('--json');
  const report = await bench.run(rest.filter((arg) => arg !== '--json'));
  process.stdout.write(`${formatReport(report)}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ bench: name, ...report.figures, notes: report.notes })}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
