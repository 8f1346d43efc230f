/**
 * Cleanups that must run however the bench ends: normally (the caller undoes them itself), by an
 * uncaught error (process 'exit'), or by Ctrl-C / SIGTERM. Each must be synchronous.
 */
const cleanups = new Set<() => void>();
let installed = false;

/** Registers `cleanup`; returns the function that unregisters it. */
export function atExit(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function runAll(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // the others still run
    }
  }
  cleanups.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const)
    process.once(signal, () => {
      runAll();
      process.exit(code);
    });
}
