import type { Command } from 'commander';
import { ApiError, during } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { addCreateDataCommands } from './create-data.js';
import { addFileOptions, manifestsOf, type FileOptions } from './manifests.js';
import { collectionPath, lookupResource, qualifiedName, withQuery } from './resources.js';

/** What kubectl 1.32 sends with `create`. */
const CREATE_QUERY = { fieldManager: 'kubectl-create', fieldValidation: 'Strict' };

export function addCreateCommand(program: Command, io: KesctlIo): void {
  const create = program.command('create').description('Create objects from YAML or JSON manifests (POST only), or a namespace, secret or configmap');
  addFileOptions(create, 'to create').action(action(io, createFromFiles));
  create
    .command('namespace')
    .alias('ns')
    .description('Create a namespace with the given name')
    .argument('<name>', 'the namespace')
    .action(action(io, createNamespace));
  addCreateDataCommands(create, io);
}

/** POSTs each object; one that exists already is an AlreadyExists error, as with kubectl, and the rest go on. */
async function createFromFiles(context: KesctlContext, options: FileOptions): Promise<number> {
  const manifests = await manifestsOf(context, options);
  const client = context.client();
  let failed = false;
  for (const m of manifests) {
    try {
      await client.post(withQuery(collectionPath(m.resource, m.namespace), CREATE_QUERY), m.object).catch(during(`error when creating "${m.source}"`));
      context.out(`${qualifiedName(m.resource)}/${m.name} created\n`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

async function createNamespace(context: KesctlContext, name: string): Promise<void> {
  const namespaces = lookupResource('namespaces');
  const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  await context.client().post(withQuery(collectionPath(namespaces), CREATE_QUERY), body);
  context.out(`namespace/${name} created\n`);
}
