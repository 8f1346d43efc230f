import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { KES_GROUP } from '../../../application/auth/paths.js';
import { failure } from '../status.js';

/** A draft-07 JSON Schema of one event type's `data` (or of the envelope, `KesEvent`), self-contained. */
export type EventSchema = Readonly<{ $id: string; title: string; description: string; [keyword: string]: unknown }>;

export type EventSchemaList = Readonly<{
  kind: 'EventSchemaList';
  /** The schema of `/kes/v1/events` items: id, type, stream, revision, position, data and metadata. */
  envelope: string;
  items: readonly Readonly<{ type: string; $id: string; description: string }>[];
}>;

/** What `npm run build` generates from domain/events.ts (scripts/event-schemas.mjs), in dist/ beside the compiled code. */
const GENERATED = new URL('../../../event-schemas.json', import.meta.url);

type Catalogue = Readonly<{ list: EventSchemaList; byType: ReadonlyMap<string, EventSchema> }>;

let catalogue: Catalogue | undefined;

function loadCatalogue(): Catalogue {
  let generated: { envelope: EventSchema; events: EventSchema[] };
  try {
    generated = JSON.parse(readFileSync(GENERATED, 'utf8'));
  } catch (error) {
    throw new Error(`the event schemas are missing (${(error as Error).message}): run \`npm run build\`, which generates them`);
  }
  const items = generated.events.map((s) => ({ type: s.title, $id: s.$id, description: s.description }));
  const byType = new Map([generated.envelope, ...generated.events].map((s) => [s.title, s]));
  return { list: { kind: 'EventSchemaList', envelope: generated.envelope.$id, items }, byType };
}

const eventSchemas = () => (catalogue ??= loadCatalogue());

/** The JSON Schema of every event type's data, for integrators who read the event feed or KES_EVENTS. */
export function schemaRoutes(app: FastifyInstance): void {
  app.get('/kes/v1/schemas', async () => eventSchemas().list);

  app.get<{ Params: { name: string } }>('/kes/v1/schemas/:name', async (request, reply) => {
    const { name } = request.params;
    const schema = eventSchemas().byType.get(name);
    if (!schema)
      return reply.code(404).send(failure('NotFound', `kes records no event of type "${name}": GET /kes/v1/schemas lists them`, { name, group: KES_GROUP, kind: 'schemas' }));
    return schema;
  });
}
