import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/** A directory only its owner may enter: data directories hold the log, keys and credentials. */
export const OWNER_ONLY_DIRECTORY = 0o700;
/** A file only its owner may read or write. */
export const OWNER_ONLY_FILE = 0o600;

/**
 * Creates `dir` (and missing parents) mode 0700; chmod as well, because mkdir's mode only applies to a directory
 * it creates, so one that already existed with a looser mode (made by hand, or by an older kes) stays loose.
 */
export function ensureOwnerOnlyDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIRECTORY });
  chmodSync(dir, OWNER_ONLY_DIRECTORY);
}

/** Creates `file` empty if missing; either way it ends 0600, whatever the umask or its mode before. */
export function ensureOwnerOnlyFile(file: string): void {
  closeSync(openSync(file, 'a', OWNER_ONLY_FILE));
  chmodSync(file, OWNER_ONLY_FILE);
}

/** Makes `file` 0600 if it exists; a missing one is left missing. */
export function restrictToOwnerIfPresent(file: string): void {
  if (existsSync(file)) chmodSync(file, OWNER_ONLY_FILE);
}
