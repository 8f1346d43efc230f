import type { Table } from '../../http/k8s/k8s-types.js';
import { printTable } from '../printers/table-printer.js';
import { ApiError, TABLE_ACCEPT, type ApiClient } from './api-client.js';
import type { KesctlContext } from './context.js';
import { listPath, withKind, type KubeObject, type ListQuery, type Scope } from './fetch.js';
import { printObjects, tableOptions, type GetOutput } from './get-output.js';
import type { GetOptions } from './get.js';
import { collectionPath, qualifiedName, withQuery, type ResourceRequest } from './resources.js';

type WatchLine = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: unknown };
type Watching = { scope: Scope; query: ListQuery; output: GetOutput; options: GetOptions; resourceVersion?: string };

/**
 * `get -w`: follows the listed objects from the list's resourceVersion and prints each change as `get` prints an
 * object (a Table row, or the `-o` format), until the server ends the watch or kesctl is stopped. With
 * `--watch-only` nothing was printed before: the watch starts where a list ends, and the first row comes with the header.
 */
export async function watchResource(context: KesctlContext, client: ApiClient, { resource, names }: ResourceRequest, watching: Watching): Promise<void> {
  const { scope, query, output, options, resourceVersion } = watching;
  const byName = names[0] === undefined ? [] : [`metadata.name=${names[0]}`];
  const fieldSelector = [...byName, ...(query.fieldSelector ? [query.fieldSelector] : [])].join(',') || undefined;
  const from = resourceVersion ?? (await client.get<{ metadata?: { resourceVersion?: string } }>(listPath(resource, scope, { ...query, fieldSelector }))).metadata?.resourceVersion;
  const path = withQuery(collectionPath(resource, scope.allNamespaces ? undefined : scope.namespace), { ...query, fieldSelector, watch: 'true', resourceVersion: from });
  let header = options.watchOnly === true && options.headers !== false;
  for await (const line of client.jsonLines<WatchLine>(path, output.table ? TABLE_ACCEPT : 'application/json')) {
    if (line.type === 'BOOKMARK') continue;
    if (line.type === 'ERROR') throw new ApiError(line.object as ConstructorParameters<typeof ApiError>[0]);
    const withNamespace = resource.namespaced && scope.allNamespaces === true;
    if (output.table) context.out(printTable(line.object as Table, { ...tableOptions(options, withNamespace), headers: header }));
    else context.out(printObjects([{ object: withKind(resource, line.object as KubeObject), kind: qualifiedName(resource) }], output, true, header));
    header = false;
  }
}
