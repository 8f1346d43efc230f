import { runKesctl } from '../../adapters/cli/kesctl/program.js';

export function kesctl(argv: readonly string[]): Promise<number> {
  return runKesctl([...argv], { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
