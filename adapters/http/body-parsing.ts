import type { FastifyBodyParser, FastifyError, FastifyRequest } from 'fastify';
import { parseDocument } from 'yaml';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './k8s/json-depth.js';
import { duplicateFields, prototypeKey } from './k8s/json-keys.js';
import { UndecodableProtobuf, UnreadableProtobuf } from './k8s/protobuf/protobuf-body.js';
import { failure, type StatusBody } from './status.js';

/** The largest request body the API server reads (Kubernetes takes 3 MiB of JSON; kes allows more). */
export const BODY_LIMIT = 8 * 1024 * 1024;

/** What kube-apiserver reads a body as: JSON, YAML (creates and updates, and server-side applies) and protobuf. */
export const BODY_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

declare module 'fastify' {
  interface FastifyRequest {
    /** Fields the JSON body gives more than once (`metadata.name`): refused under fieldValidation=Strict, as Kubernetes does. */
    duplicateFields?: readonly string[];
  }
}

/** A body the API server cannot read: a 400 whose message says why. */
class UnreadableBody extends Error {
  readonly statusCode = 400;
}

const tooDeep = () =>
  new UnreadableBody(`the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, the most this API server reads: send it less deeply nested`);

const mediaType = (request: FastifyRequest) => (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/** A parsed body, unless it holds a key that reaches a prototype (refused whatever the format). */
function checked(body: unknown, format: string): unknown {
  const at = prototypeKey(body);
  if (at !== undefined)
    throw new UnreadableBody(`the request body's ${format} has the key "${at}": "__proto__" and "constructor.prototype" are not accepted as keys, rename or remove it`);
  return body;
}

/** JSON bodies (objects, merge and strategic-merge patches, JSON patches): too deep, not JSON, or prototype keys are a 400 saying which. */
export const jsonBody: FastifyBodyParser<string> = (request, text, done) => {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
  let body: unknown;
  try {
    body = checked(JSON.parse(text), 'JSON');
  } catch (error) {
    const why = error instanceof UnreadableBody ? error : new UnreadableBody(`the request body is not valid JSON (Content-Type ${mediaType(request)}): ${(error as Error).message}`);
    return done(why, undefined);
  }
  const duplicates = duplicateFields(text);
  if (duplicates.length > 0) request.duplicateFields = duplicates;
  done(null, body);
};

/** The value of text that is JSON; undefined for text that is not. */
function asJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * YAML bodies (`application/yaml` creates and updates, `application/apply-patch+yaml` server-side applies, which
 * kubectl sends as JSON, a subset): a key given twice, too many aliases or a syntax error is a 400 saying which.
 */
export const yamlBody: FastifyBodyParser<string> = (request, text, done) => {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
  // JSON is YAML, and what kubectl sends: read at JSON.parse's speed, a repeated key refused as YAML refuses it.
  const json = text.trimStart().startsWith('{') ? asJson(text) : undefined;
  try {
    if (json) {
      const duplicates = duplicateFields(text);
      if (duplicates.length > 0) throw new UnreadableBody(`the request body is not valid YAML (Content-Type ${mediaType(request)}): Map keys must be unique: ${duplicates.map((d) => JSON.stringify(d)).join(', ')}`);
      return done(null, checked(json.value, 'JSON'));
    }
    const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    const problem = document.errors[0];
    if (problem) return done(new UnreadableBody(`the request body is not valid YAML (Content-Type ${mediaType(request)}): ${problem.message}`), undefined);
    done(null, checked(document.toJS({ maxAliasCount: 100 }), 'YAML'));
  } catch (error) {
    done(error instanceof UnreadableBody ? error : new UnreadableBody(`the request body is not valid YAML (Content-Type ${mediaType(request)}): ${(error as Error).message}`), undefined);
  }
};

/**
 * A DELETE with a JSON content type and no body (the JavaScript client sends its deletes so) carries no
 * DeleteOptions, as kube-apiserver reads it; other empty bodies are still refused as bad JSON.
 */
export function emptyDeleteBody(parse: FastifyBodyParser<string>): FastifyBodyParser<string> {
  return (request, body, done) => (request.method === 'DELETE' && body.trim() === '' ? done(null, undefined) : parse(request, body, done));
}

/** The Status for an error met while reading a request body; any other 4xx of fastify's is read as bad JSON. */
export function bodyRefusal(error: FastifyError, request: FastifyRequest): StatusBody | undefined {
  if (error instanceof UnreadableProtobuf) return failure('UnsupportedMediaType', error.message);
  if (error.statusCode === 415) {
    const given = mediaType(request);
    const patches = request.method === 'PATCH' ? ', or for a PATCH application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json or application/apply-patch+yaml' : '';
    return failure('UnsupportedMediaType', `the body of the request was in an unknown format (Content-Type ${given ? `"${given}"` : 'missing'}): accepted media types include ${BODY_TYPES.join(', ')}${patches}`);
  }
  if (error.statusCode === 413)
    return failure('RequestEntityTooLarge', `Request entity too large: the request body is larger than this API server's limit of ${BODY_LIMIT} bytes (${BODY_LIMIT / 2 ** 20} MiB)`);
  if (error instanceof UnreadableBody || error instanceof UndecodableProtobuf) return failure('BadRequest', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return failure('BadRequest', `the request body cannot be read: ${error.message}`);
  return undefined;
}

/**
 * A body sent compressed (`Content-Encoding: gzip`): kube-apiserver reads request bodies as they are sent, so it is
 * a 415 saying so, rather than a JSON error about bytes nobody wrote.
 */
export function encodedBodyRefusal(request: FastifyRequest): StatusBody | undefined {
  const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return undefined;
  return failure('UnsupportedMediaType', `the request body has Content-Encoding "${encoding}", which this API server does not decode: send it uncompressed`);
}

type Versioned = { apiVersion?: unknown; kind?: unknown };

/**
 * A body that gives a field twice, refused under fieldValidation=Strict (kubectl's default) as kube-apiserver's
 * strict decoding refuses it; under Warn each goes back as a warning, under Ignore the last one counts.
 */
export function duplicateFieldsRefusal(request: FastifyRequest, warn: (warnings: string[]) => void): StatusBody | undefined {
  const duplicates = request.duplicateFields ?? [];
  if (duplicates.length === 0) return undefined;
  const validation = (request.query as { fieldValidation?: unknown } | undefined)?.fieldValidation;
  const named = duplicates.map((field) => `duplicate field ${JSON.stringify(field)}`);
  if (validation === 'Ignore') return undefined;
  if (validation === 'Warn') return void warn(named);
  const { apiVersion, kind } = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Versioned;
  const what = typeof kind === 'string' && kind !== '' ? kind : 'object';
  const version = typeof apiVersion === 'string' && apiVersion !== '' ? apiVersion.split('/').at(-1) : 'v1';
  return failure('BadRequest', `${what} in version "${version}" cannot be handled as a ${what}: strict decoding error: ${named.join(', ')}: give each field once`);
}
