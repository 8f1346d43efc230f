import type { Command } from 'commander';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { collectionPath, lookupResource, withQuery } from './resources.js';

/** `kesctl create secret generic` and `kesctl create configmap`: objects made from literals and files, as kubectl makes them. */

const CREATE_QUERY = { fieldManager: 'kubectl-create', fieldValidation: 'Strict' };

type DataOptions = { fromLiteral: string[]; fromFile: string[] };
type Entry = Readonly<{ key: string; value: Buffer }>;

const repeatable = (value: string, all: string[]) => [...all, value];

function dataOptions(command: Command): Command {
  return command
    .option('--from-literal <key=value>', 'a key and its literal value; repeatable', repeatable, [])
    .option('--from-file <[key=]source>', 'a file (its name the key, unless given) or a directory (one key per file); repeatable', repeatable, []);
}

function splitPair(text: string, flag: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliError(`${flag} ${text} must be in the form key=value`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function fromFile(spec: string): Entry[] {
  const eq = spec.indexOf('=');
  const [key, path] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [undefined, spec];
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new CliError(`error reading ${path}: no such file or directory`);
  }
  if (!isDirectory) return [{ key: key ?? basename(path), value: readFileSync(path) }];
  if (key !== undefined) throw new CliError(`cannot give a key name for a directory path: ${spec}`);
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => ({ key: entry.name, value: readFileSync(join(path, entry.name)) }));
}

/** Every key once, from the literals then the files, as kubectl adds them. */
function entriesOf(options: DataOptions): Entry[] {
  const entries = [
    ...options.fromLiteral.map((text) => splitPair(text, '--from-literal')).map(([key, value]) => ({ key, value: Buffer.from(value, 'utf8') })),
    ...options.fromFile.flatMap(fromFile),
  ];
  const seen = new Set<string>();
  for (const { key } of entries) {
    if (seen.has(key)) throw new CliError(`cannot add key ${key}, another key by that name already exists`);
    seen.add(key);
  }
  return entries;
}

const isUtf8 = (bytes: Buffer) => Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);

async function create(context: KesctlContext, resourceName: string, object: { kind: string; metadata: { name: string }; [field: string]: unknown }): Promise<void> {
  const resource = lookupResource(resourceName);
  const namespace = context.namespace();
  const body = { apiVersion: 'v1', ...object, metadata: { ...object.metadata, namespace } };
  await context.client().post(withQuery(collectionPath(resource, namespace), CREATE_QUERY), body);
  context.out(`${resource.singular}/${object.metadata.name} created\n`);
}

async function createSecret(context: KesctlContext, name: string, options: DataOptions & { type?: string }): Promise<void> {
  const data = Object.fromEntries(entriesOf(options).map(({ key, value }) => [key, value.toString('base64')]));
  await create(context, 'secrets', { kind: 'Secret', metadata: { name }, ...(options.type ? { type: options.type } : {}), data });
}

/** Text goes to `data`; bytes that are not UTF-8 go to `binaryData`, base64, as kubectl does. */
async function createConfigMap(context: KesctlContext, name: string, options: DataOptions): Promise<void> {
  const entries = entriesOf(options);
  const data = Object.fromEntries(entries.filter((e) => isUtf8(e.value)).map(({ key, value }) => [key, value.toString('utf8')]));
  const binary = entries.filter((e) => !isUtf8(e.value));
  const binaryData = Object.fromEntries(binary.map(({ key, value }) => [key, value.toString('base64')]));
  await create(context, 'configmaps', { kind: 'ConfigMap', metadata: { name }, data, ...(binary.length > 0 ? { binaryData } : {}) });
}

export function addCreateDataCommands(create: Command, io: KesctlIo): void {
  const secret = create.command('secret').description('Create a secret (generic: from literals and files)');
  dataOptions(secret.command('generic').description('Create a secret from literal values and files').argument('<name>', 'the secret'))
    .option('--type <type>', 'the type of the secret (default Opaque)')
    .action(action(io, createSecret));
  dataOptions(create.command('configmap').alias('cm').description('Create a configmap from literal values and files').argument('<name>', 'the configmap'))
    .action(action(io, createConfigMap));
}
