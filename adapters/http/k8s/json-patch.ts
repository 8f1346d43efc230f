import jsonpatch from 'fast-json-patch';
import { failure, type StatusBody } from '../status.js';

type JsonObject = { [key: string]: unknown };

/**
 * A JSON patch (RFC 6902, `kubectl patch --type=json`, and what `kubectl rollout undo` sends) applied to a copy of
 * `current`. Each operation is checked before any is applied; a malformed one, a path that does not resolve or a
 * failed `test` is a 422 naming the operation, and nothing changes.
 */
export function applyJsonPatch(current: unknown, operations: unknown): JsonObject | StatusBody {
  if (!Array.isArray(operations)) return failure('BadRequest', 'a JSON patch must be an array of operations, e.g. [{"op":"replace","path":"/spec/replicas","value":3}]');
  try {
    const document = jsonpatch.deepClone(current) as JsonObject;
    const { newDocument } = jsonpatch.applyPatch(document, operations as jsonpatch.Operation[], true, true, true);
    if (newDocument === null || typeof newDocument !== 'object' || Array.isArray(newDocument)) return failure('Invalid', 'the JSON patch must leave an object');
    return newDocument;
  } catch (error) {
    const { message, index } = error as { message?: string; index?: number };
    const where = index === undefined ? '' : ` (operation ${index}: ${JSON.stringify((operations as unknown[])[index])})`;
    return failure('Invalid', `the JSON patch cannot be applied${where}: ${(message ?? String(error)).split('\n')[0]}`);
  }
}
