import type { Command } from 'commander';
import { ApiError, during, MERGE_PATCH, type ApiClient } from './api-client.js';
import { LAST_APPLIED, lastApplied, threeWayMergePatch, withLastApplied, type JsonObject } from './apply-patch.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import type { KubeObject } from './fetch.js';
import { addFileOptions, manifestsOf, type FileOptions, type Manifest } from './manifests.js';
import { collectionPath, objectPath, qualifiedName, withQuery } from './resources.js';

/** What kubectl 1.32 sends with client-side apply: its field manager, and strict field validation by the server. */
const APPLY_QUERY = { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' };

type Outcome = 'created' | 'configured' | 'unchanged';

export function addApplyCommand(program: Command, io: KesctlIo): void {
  const command = program
    .command('apply')
    .description('Create or update objects from YAML or JSON manifests, remembering what was applied (client-side apply)');
  addFileOptions(command, 'to apply').action(action(io, apply));
}

/** Each object in turn: a failure is reported and the rest still applied; the exit code says whether all went well. */
async function apply(context: KesctlContext, options: FileOptions): Promise<number> {
  const manifests = await manifestsOf(context, options);
  const client = context.client();
  let failed = false;
  for (const manifest of manifests) {
    try {
      const outcome = await applyOne(context, client, manifest);
      context.out(`${qualifiedName(manifest.resource)}/${manifest.name} ${outcome}\n`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/**
 * GET the object; POST it with its last-applied annotation when it is missing; otherwise PATCH the three-way
 * merge patch between the last-applied manifest, this one and the live object, or nothing when that is empty.
 */
async function applyOne(context: KesctlContext, client: ApiClient, m: Manifest): Promise<Outcome> {
  const path = objectPath(m.resource, m.namespace, m.name);
  const modified = withLastApplied(m.object);
  let current: KubeObject | undefined;
  try {
    current = await client.get<KubeObject>(path);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (!err.notFound) throw err.during(`error when retrieving current configuration of ${qualifiedName(m.resource)}/${m.name} from "${m.source}"`);
  }
  if (current === undefined) {
    await client.post(withQuery(collectionPath(m.resource, m.namespace), APPLY_QUERY), modified).catch(during(`error when creating "${m.source}"`));
    return 'created';
  }
  const original = lastApplied(current);
  if (original === undefined) context.err(missingAnnotationWarning(m));
  const patch = threeWayMergePatch(original, modified as unknown as JsonObject, current as unknown as JsonObject);
  if (Object.keys(patch).length === 0) return 'unchanged';
  await client.patch(withQuery(path, APPLY_QUERY), patch, MERGE_PATCH).catch(during(`error when patching "${m.source}"`));
  return 'configured';
}

function missingAnnotationWarning(m: Manifest): string {
  return (
    `Warning: resource ${m.resource.resource}/${m.name} is missing the ${LAST_APPLIED} annotation which is required by kesctl apply. ` +
    'kesctl apply should only be used on resources created declaratively by either kesctl create --save-config or kesctl apply. ' +
    'The missing annotation will be patched automatically.\n'
  );
}
