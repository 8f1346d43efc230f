#!/usr/bin/env node
// Build step (after tsc): a JSON Schema of each kes event type's `data`, generated from domain/events.ts
// (KesEvent), and one of the envelope /kes/v1/events serves, written to dist/event-schemas.json for the API
// server's /kes/v1/schemas. Fails when an event type yields no schema or a schema does not compile.
import { Ajv } from 'ajv';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createFormatter, createParser, createProgram, DEFAULT_CONFIG, SchemaGenerator } from 'ts-json-schema-generator';
import ts from 'typescript';

const OUTPUT = 'dist/event-schemas.json';
const SCHEMAS_PATH = '/kes/v1/schemas';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
/** ts-json-schema-generator names instances of generic types after their source positions: no reader's name. */
const READABLE_NAME = /^[A-Za-z_][\w]*$/;

/**
 * `Readonly<T>` as T: readonly means nothing in JSON, and the generator's own reading of it as a mapped type
 * merges a union's members into one object that requires the keys of all (`Readonly<{ a } | { b }>` → `{ a, b }`).
 */
class ReadonlyAsItsArgument {
  constructor(childNodeParser) {
    this.childNodeParser = childNodeParser;
  }
  supportsNode(node) {
    return ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'Readonly' && node.typeArguments?.length === 1;
  }
  createType(node, context) {
    return this.childNodeParser.createType(node.typeArguments[0], context);
  }
}

/** ts-json-schema-generator's createGenerator, with the parser above. */
function createGenerator(given) {
  const config = { ...DEFAULT_CONFIG, ...given };
  const program = createProgram(config);
  const parser = createParser(program, config, (chain) => chain.addNodeParser(new ReadonlyAsItsArgument(chain)));
  return new SchemaGenerator(program, parser, createFormatter(config), config);
}

const started = Date.now();
const generator = createGenerator({ path: 'domain/events.ts', tsconfig: 'tsconfig.json', skipTypeCheck: true, jsDoc: 'extended' });
const union = generator.createSchema('KesEvent');
const envelopeSource = generator.createSchema('KesEventEnvelope');

const definitionName = (ref) => decodeURIComponent(ref.slice('#/definitions/'.length));

/** Each member of the union, through the aliases that name it (`NodeCordoned` → `Event<"NodeCordoned", …>`), with their doc comments. */
function members(definitions, name, described = []) {
  const definition = definitions[name];
  const descriptions = definition.description ? [...described, definition.description] : described;
  if (definition.anyOf?.every((s) => s.$ref)) return definition.anyOf.flatMap((s) => members(definitions, definitionName(s.$ref)));
  if (definition.$ref) return members(definitions, definitionName(definition.$ref), descriptions);
  const type = definition.properties?.type?.const;
  const data = definition.properties?.data;
  if (typeof type !== 'string' || !data) throw new Error(`event-schemas: ${name} in KesEvent is not an event with a literal type and data`);
  return [{ type, data, descriptions }];
}

/** The definitions `schema` refers to, and theirs, in the generator's order. */
function definitionsUsed(definitions, schema) {
  const used = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    if (typeof node.$ref === 'string' && !used.has(definitionName(node.$ref))) {
      used.add(definitionName(node.$ref));
      visit(definitions[definitionName(node.$ref)]);
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  const unreadable = [...used].filter((name) => !READABLE_NAME.test(name));
  if (unreadable.length > 0) console.warn(`event-schemas: give these types a name of their own: ${unreadable.join(', ')}`);
  return Object.fromEntries(Object.keys(definitions).filter((name) => used.has(name)).map((name) => [name, definitions[name]]));
}

function selfContained(id, title, description, schema, definitions) {
  const used = definitionsUsed(definitions, schema);
  return { $schema: DRAFT_07, $id: `${SCHEMAS_PATH}/${id}`, title, description, ...schema, ...(Object.keys(used).length ? { definitions: used } : {}) };
}

/** A schema that is only a reference (`ClusterInitialized` → `ClusterConfig`) has it in its place: draft-07 ignores what sits beside a `$ref`. */
function dereferenced(schema, definitions) {
  if (!schema.$ref) return schema;
  const { description, ...referenced } = definitions[definitionName(schema.$ref)];
  return { ...referenced, ...(description ? { description } : {}) };
}

function dataSchema({ type, data, descriptions }) {
  const { description: ofData, ...schema } = dereferenced(data, union.definitions);
  const described = [...descriptions, ...(ofData ? [ofData] : [])];
  return selfContained(type, type, described.length ? described.join(' ') : `Data of ${type} events.`, schema, union.definitions);
}

/** The same type in several members (LabelsChanged of each kind of object) must mean the same data. */
function oneSchemaPerType(all) {
  const byType = new Map();
  for (const member of all) {
    const seen = byType.get(member.type);
    if (seen && !isDeepStrictEqual(seen.data, member.data)) throw new Error(`event-schemas: ${member.type} has different data in different members of KesEvent`);
    byType.set(member.type, seen ?? member);
  }
  return [...byType.values()].map(dataSchema);
}

function envelopeSchema() {
  const definitions = envelopeSource.definitions;
  const { $ref, description } = definitions.KesEventEnvelope;
  const { description: _generic, ...recorded } = definitions[definitionName($ref)];
  const data = { ...recorded.properties.data, description: `The event type's data: its schema is ${SCHEMAS_PATH}/<type>.` };
  return selfContained('KesEvent', 'KesEvent', description, { ...recorded, properties: { ...recorded.properties, data } }, definitions);
}

const events = oneSchemaPerType(members(union.definitions, 'KesEvent'));
const envelope = envelopeSchema();

const types = events.map((s) => s.title);
const everyType = envelope.definitions.KesEventType.enum;
const missing = everyType.filter((type) => !types.includes(type));
if (missing.length > 0 || types.length !== everyType.length) throw new Error(`event-schemas: no schema for ${missing.join(', ')}`);
const ajv = new Ajv({ strict: true, allowUnionTypes: true });
for (const schema of [envelope, ...events]) ajv.compile(schema);

mkdirSync('dist', { recursive: true });
writeFileSync(OUTPUT, `${JSON.stringify({ envelope, events }, null, 2)}\n`);
console.log(`event-schemas: ${events.length} event types and the envelope → ${OUTPUT} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
