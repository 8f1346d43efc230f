import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { failure } from './status.js';

/**
 * The longest path parameter the router takes. Object names are at most 253 characters and namespaces 63, so
 * this only bounds what the router copies; a longer one names nothing there is (the router's own default,
 * 100, refused names Kubernetes allows, so an object created with a 150-character name could not be read).
 */
export const MAX_PARAM_LENGTH = 2048;

/**
 * What the router answers itself, before any route or hook runs — a path that does not decode, a parameter
 * over MAX_PARAM_LENGTH — as a Kubernetes Status saying what was wrong, rather than fastify's own error body.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = (request.raw.url ?? '').split('?')[0];
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    reply.code(404).send(failure('NotFound', `the server could not find the requested resource: a segment of the path ${path.slice(0, 80)}… is longer than ${MAX_PARAM_LENGTH} characters, and no name is longer than 253`));
  else if (error.code === 'FST_ERR_BAD_URL')
    reply.code(400).send(failure('BadRequest', `the request path ${JSON.stringify(path)} is not a valid URL: a '%' must start a percent-encoded byte (%XX, two hex digits) of valid UTF-8`));
  else reply.code(400).send(failure('BadRequest', error.message));
}
