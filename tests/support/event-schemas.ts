import { Ajv, type ValidateFunction } from 'ajv';
import type { EventSchema, EventSchemaList } from '../../adapters/http/routes/schemas.js';

/** The schemas an API server serves at /kes/v1/schemas: the index, the envelope and one per event type. */
export type ServedSchemas = Readonly<{ list: EventSchemaList; envelope: EventSchema; byType: ReadonlyMap<string, EventSchema> }>;

export async function servedSchemas(get: (path: string) => Promise<unknown>): Promise<ServedSchemas> {
  const list = (await get('/kes/v1/schemas')) as EventSchemaList;
  const envelope = (await get(list.envelope)) as EventSchema;
  const byType = new Map<string, EventSchema>();
  for (const item of list.items) byType.set(item.type, (await get(item.$id)) as EventSchema);
  return { list, envelope, byType };
}

/** What is wrong with an event by its schemas, in ajv's words; undefined when it validates. */
export type EventProblems = Readonly<{
  ofData: (type: string, data: unknown) => string | undefined;
  ofEnvelope: (event: unknown) => string | undefined;
}>;

/** As an integrator would check them: ajv, strict, with the union types (`number | string`) draft-07 allows. */
export function eventProblems(schemas: ServedSchemas): EventProblems {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  const validators = new Map([...schemas.byType].map(([type, schema]) => [type, ajv.compile(schema)]));
  const envelope = ajv.compile(schemas.envelope);
  const problems = (validate: ValidateFunction, value: unknown) => (validate(value) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'data' }));
  return {
    ofData: (type, data) => {
      const validate = validators.get(type);
      return validate ? problems(validate, data) : `no schema for ${type}`;
    },
    ofEnvelope: (event) => problems(envelope, event),
  };
}
