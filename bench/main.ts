import 'reflect-metadata';
import { storeBench } from './store.js';
import { formatReport, type BenchReport } from './support/report.js';

/** The benchmarks by name; each takes its own flags. */
const BENCHES: Readonly<Record<string, (args: readonly string[]) => Promise<BenchReport>>> = {
  store: storeBench,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--json] [bench flags]\n`);
    return 2;
  }
  const json = rest.includes('--json');
  const report = await bench(rest.filter((arg) => arg !== '--json'));
  process.stdout.write(`${formatReport(report)}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ bench: name, ...report.figures, notes: report.notes })}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
