import type { Command } from 'commander';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError } from './api-client.js';
import type { KesctlContext } from './context.js';
import type { KubeObject } from './fetch.js';
import { qualifiedName, resourceForKind, type ResourceInfo } from './resources.js';

/** One object of a `-f` source, mapped to its resource, with the namespace it goes to (none for cluster-scoped kinds). */
export type Manifest = Readonly<{ object: KubeObject; source: string; resource: ResourceInfo; namespace: string; name: string }>;

export type ManifestOptions = Readonly<{
  files: readonly string[];
  recursive?: boolean;
  stdin: NodeJS.ReadableStream;
  namespace: string;
  explicitNamespace?: string;
}>;

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export type FileOptions = { filename?: string[]; recursive?: boolean };

/** kubectl's `-f FILE|DIR|-` (repeatable) and `-R`. */
export function addFileOptions(command: Command, what: string): Command {
  return command
    .option('-f, --filename <file>', `FILE, DIR or - (stdin) holding the objects ${what}; repeatable`, (v: string, all: string[]) => [...all, v], [])
    .option('-R, --recursive', 'read the directories given with -f recursively');
}

/** The manifests of the `-f` options, with the namespace from `-n` or the kubeconfig. */
export function manifestsOf(context: KesctlContext, options: FileOptions): Promise<Manifest[]> {
  return readManifests({
    files: options.filename ?? [],
    recursive: options.recursive,
    stdin: context.stdin(),
    namespace: context.namespace(),
    explicitNamespace: context.explicitNamespace(),
  });
}

/**
 * Every object of every `-f` source (FILE, DIR of .yaml/.yml/.json files in name order, or `-` for stdin), each
 * source parsed whole (YAML or JSON, `---`-separated documents, `kind: List` expanded) before anything is sent.
 */
export async function readManifests(options: ManifestOptions): Promise<Manifest[]> {
  if (options.files.length === 0) throw new CliError('must specify one of -f and -k');
  const manifests: Manifest[] = [];
  for (const file of options.files) {
    for (const [source, text] of await readSource(file, options)) {
      for (const object of parseDocuments(source, text)) manifests.push(toManifest(object, source, options));
    }
  }
  return manifests;
}

async function readSource(file: string, options: ManifestOptions): Promise<[string, string][]> {
  if (file === '-') return [['STDIN', await readAll(options.stdin)]];
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch {
    throw new CliError(`the path "${file}" does not exist`);
  }
  if (!isDirectory) return [[file, readFileSync(file, 'utf8')]];
  return listDirectory(file, options.recursive === true).map((path) => [path, readFileSync(path, 'utf8')]);
}

function listDirectory(dir: string, recursive: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return recursive ? listDirectory(path, true) : [];
      return MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase()) ? [path] : [];
    });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function parseDocuments(source: string, text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    const problem = document.errors[0];
    if (problem) throw new CliError(`error parsing ${source}: ${problem.message.split('\n')[0]}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new CliError(`error parsing ${source}: a document is not an object`);
    const object = value as KubeObject & { items?: unknown };
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) objects.push(...(object.items as KubeObject[]));
    else objects.push(object);
  }
  return objects;
}

function toManifest(object: KubeObject, source: string, options: ManifestOptions): Manifest {
  const missing = [...(object.apiVersion ? [] : ['apiVersion not set']), ...(object.kind ? [] : ['kind not set'])];
  if (missing.length > 0)
    throw new CliError(`error validating "${source}": error validating data: [${missing.join(', ')}]; kesctl cannot tell which resource it is`);
  const resource = resourceForKind(object.apiVersion, object.kind);
  if (!resource)
    throw new CliError(`resource mapping not found for name: "${object.metadata?.name ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '')
    throw new CliError(`error when processing ${qualifiedName(resource)} from "${source}": resource name may not be empty`);
  if (!resource.namespaced) return { object, source, resource, namespace: '', name };
  const given = object.metadata.namespace;
  if (given && options.explicitNamespace && given !== options.explicitNamespace)
    throw new CliError(
      `the namespace from the provided object "${given}" does not match the namespace "${options.explicitNamespace}". You must pass '--namespace=${given}' to perform this operation.`,
    );
  const namespace = given || options.namespace;
  return { object: { ...object, metadata: { ...object.metadata, namespace } }, source, resource, namespace, name };
}
