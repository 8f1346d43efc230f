import type { FastifyBodyParser, FastifyError } from 'fastify';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './k8s/json-depth.js';
import { UndecodableProtobuf } from './k8s/protobuf/protobuf-body.js';
import { failure, type StatusBody } from './status.js';

/** The largest request body the API server reads (Kubernetes takes 3 MiB of JSON; kes allows more). */
export const BODY_LIMIT = 8 * 1024 * 1024;

class BodyNestedTooDeep extends Error {
  readonly statusCode = 400;
}

/** A JSON body parser that first refuses bodies nested deeper than MAX_JSON_DEPTH, before anything recurses into them. */
export function depthLimited(parse: FastifyBodyParser<string>): FastifyBodyParser<string> {
  return (request, body, done) => {
    if (!nestsDeeperThan(body, MAX_JSON_DEPTH)) return parse(request, body, done);
    done(new BodyNestedTooDeep(`the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, the most this API server reads: send it less deeply nested`), undefined);
  };
}

/**
 * A DELETE with a JSON content type and no body (the JavaScript client sends its deletes so) carries no
 * DeleteOptions, as kube-apiserver reads it; other empty bodies are still refused as bad JSON.
 */
export function emptyDeleteBody(parse: FastifyBodyParser<string>): FastifyBodyParser<string> {
  return (request, body, done) => (request.method === 'DELETE' && body.trim() === '' ? done(null, undefined) : parse(request, body, done));
}

/** The Status for an error met while reading a request body; any other 4xx of fastify's is read as bad JSON. */
export function bodyRefusal(error: FastifyError): StatusBody | undefined {
  if (error.statusCode === 415) return failure('UnsupportedMediaType', error.message);
  if (error.statusCode === 413)
    return failure('RequestEntityTooLarge', `Request entity too large: the request body is larger than this API server's limit of ${BODY_LIMIT} bytes (${BODY_LIMIT / 2 ** 20} MiB)`);
  if (error instanceof BodyNestedTooDeep || error instanceof UndecodableProtobuf) return failure('BadRequest', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return failure('BadRequest', `the request body is not valid JSON: ${error.message}`);
  return undefined;
}
