import type { FastifyBodyParser } from 'fastify';
import { decodeKubernetesProtobuf, isUnreadKind, UnreadableProtobuf } from './protobuf-body.js';

/**
 * The API server's parser for `application/vnd.kubernetes.protobuf`. A kind kes has no message for is refused
 * (415) only on a route that exists; on a path no route serves (`kubectl create job` when kes has no Jobs) the
 * body is left unread, so the answer is the 404 that names the resource, never a complaint about the encoding.
 * An empty DELETE body is no DeleteOptions.
 */
export const kubernetesProtobufParser: FastifyBodyParser<Buffer> = (request, body, done) => {
  // A DELETE without a body has no DeleteOptions, whatever its content type says (client libraries send one).
  if (request.method === 'DELETE' && body.length === 0) return done(null, undefined);
  try {
    const object = decodeKubernetesProtobuf(body);
    if (isUnreadKind(object) && !request.is404)
      throw new UnreadableProtobuf(`kes reads no Kubernetes protobuf for ${object.kind} (${object.apiVersion}) on ${request.method} ${request.url.split('?')[0]}: send it as JSON`);
    done(null, object);
  } catch (error) {
    done(error as Error, undefined);
  }
};
