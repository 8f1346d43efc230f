import type { FastifyRequest } from 'fastify';

/** kubectl's human output asks for a meta.k8s.io Table (KUBECTL-API.md, "Tables"). */
export function wantsTable(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.split(',').some((part) => part.includes('as=Table'));
}
