import { kindNamed, kindOfResource, objectOfStream, STREAMED_KINDS, type StreamedKind } from '../../../application/queries/streamed-kinds.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import { CliError } from './api-client.js';

/** `a,b , c` → ['a', 'b', 'c']; undefined when the flag was not given. */
export const listOf = (flag: string | undefined): string[] | undefined => flag?.split(',').map((s) => s.trim()).filter(Boolean);

/** A kind as Kubernetes names it (`Deployment`) or as kubectl takes it (`deployments`, `deploy`, `deployments.apps`). */
function kindOf(name: string): StreamedKind {
  const kind = kindNamed(name) ?? kindOfResource(name.toLowerCase().split('.')[0]);
  if (kind) return kind;
  const known = STREAMED_KINDS.map((k) => k.kind).join(', ');
  throw new CliError(`unknown kind "${name}" for --kind: use one of ${known}, or a name kubectl takes for one (pods, deploy, cm, …)`);
}

/** Which events to print: those of objects of the given kinds and of the given types; every event when neither is given. */
export function eventFilter(kinds: readonly string[] | undefined, types: readonly string[] | undefined): (event: RecordedEvent) => boolean {
  const wantedKinds = kinds && new Set(kinds.map((name) => kindOf(name).kind));
  const wantedTypes = types && new Set(types);
  return (event) => {
    if (wantedTypes && !wantedTypes.has(event.type)) return false;
    if (!wantedKinds) return true;
    const object = objectOfStream(event.stream);
    return object !== undefined && wantedKinds.has(object.kind.kind);
  };
}
