import { StaleWrite } from '../../application/commands/stale-write.js';
import { isResourceRequest, type RequestAttributes } from '../../application/auth/request-attributes.js';
import { CommandRefused, type FieldCause, type RefusalReason } from '../../domain/shared/errors.js';

export type StatusBody = Readonly<{
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; group?: string; causes?: { field?: string; message: string; reason: string }[]; retryAfterSeconds?: number };
  code: number;
}>;

const CODES: Record<RefusalReason | 'Unauthorized' | 'UnsupportedMediaType' | 'MethodNotAllowed' | 'InternalError' | 'Timeout', number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  AlreadyExists: 409,
  Conflict: 409,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  Invalid: 422,
  InternalError: 500,
  Timeout: 504,
};

export type StatusReason = keyof typeof CODES;

export function failure(reason: StatusReason, message: string, details?: StatusBody['details']): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code: CODES[reason] };
}

export function success(kind: string, name: string): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind }, code: 200 };
}

/**
 * The details naming an object, from the domain's qualified name of its kind or resource (`Deployment.apps`,
 * `deployments.apps`, `pods`): the group is what follows the first dot, as no kind or resource holds one.
 */
export function detailsNaming(qualified: string, name: string | undefined): NonNullable<StatusBody['details']> {
  const dot = qualified.indexOf('.');
  const kind = dot < 0 ? qualified : qualified.slice(0, dot);
  const group = dot < 0 ? '' : qualified.slice(dot + 1);
  return { ...(name ? { name } : {}), ...(group ? { group } : {}), ...(kind ? { kind } : {}) };
}

/** A Kubernetes-style 422: `Node "x" is invalid: metadata.labels[…]: …`, details naming the kind (`Node`, `Deployment` in `apps`) and each bad field. */
export function invalidStatus(kind: string, name: string, causes: readonly FieldCause[]): StatusBody {
  const message = `${kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`;
  return failure('Invalid', message, {
    ...detailsNaming(kind, name),
    causes: causes.map((c) => ({ field: c.field, message: c.message, reason: 'FieldValueInvalid' })),
  });
}

/**
 * Every failure carries details, as kube-apiserver's do (clients such as `kubectl debug` read them without
 * looking): those the failure gave itself, else the group, resource and name the request was about, else none.
 */
export function withRequestDetails(status: StatusBody, request: RequestAttributes | undefined): StatusBody {
  const target = request && isResourceRequest(request) ? request : undefined;
  const fromRequest = target ? { ...(target.name ? { name: target.name } : {}), ...(target.apiGroup ? { group: target.apiGroup } : {}), kind: target.resource } : {};
  return status.details ? status : { ...status, details: fromRequest };
}

/**
 * Someone else wrote the object after the version the request was decided on: Kubernetes' 409 — a delete's
 * precondition failed, or "the object has been modified" for an update.
 */
function staleWriteStatus(error: StaleWrite, request: RequestAttributes | undefined): StatusBody {
  const target = request && isResourceRequest(request) ? request : undefined;
  const details = target ? { name: target.name, ...(target.apiGroup ? { group: target.apiGroup } : {}), kind: target.resource } : undefined;
  if (target?.verb === 'delete')
    return failure('Conflict', `Precondition failed: ResourceVersion in precondition: ${error.expectedPosition}, ResourceVersion in object meta: ${error.actualPosition}`, details);
  const resource = target ? `${target.apiGroup ? `${target.resource}.${target.apiGroup}` : target.resource} "${target.name}"` : error.stream;
  return failure('Conflict', `Operation cannot be fulfilled on ${resource}: the object has been modified; please apply your changes to the latest version and try again`, details);
}

/** The Status for an error a route let through; `request` (the request's attributes) names the object in a conflict. */
export function statusOf(error: unknown, request?: RequestAttributes): StatusBody {
  if (error instanceof StaleWrite) return staleWriteStatus(error, request);
  if (error instanceof CommandRefused) {
    if (error.reason === 'Invalid' && error.details.causes)
      return invalidStatus(error.details.kind ?? 'Object', error.details.name ?? '', error.details.causes);
    return failure(error.reason, error.message, detailsNaming(error.details.kind ?? '', error.details.name));
  }
  const message = error instanceof Error ? error.message : String(error);
  return failure('InternalError', `internal error: ${message}`);
}
