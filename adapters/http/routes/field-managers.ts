import type { FastifyRequest } from 'fastify';
import type { PlannedCommand } from '../../../application/commands/prepared-command.js';
import { applyMerge } from '../../../domain/shared/apply-merge.js';
import { sameJson } from '../../../domain/shared/canonical-json.js';
import {
  changedFields, conflictsOf, droppedFields, fieldSetOf, leaves, managersAfter, pathText, removeFields, setOfPaths, type Conflict, type FieldPath,
} from '../../../domain/shared/managed-fields.js';
import type { ManagedFieldsEntry } from '../../../domain/shared/object-meta.js';
import { failure, type StatusBody } from '../status.js';
import type { KindNames } from './object-requests.js';

/**
 * Field managers at the API's edge: who is writing (`?fieldManager=`, or a name from the User-Agent as
 * kube-apiserver derives it), server-side apply's conflicts as kube-apiserver words them, and the
 * ChangeManagedFields command that records who owns what after a write. The field sets themselves are
 * domain/shared/managed-fields.ts.
 */

type Json = Record<string, unknown>;

export const APPLY_PATCH = 'application/apply-patch+yaml';
export const isApply = (request: FastifyRequest) => request.method === 'PATCH' && (request.headers['content-type'] ?? '').split(';')[0].trim() === APPLY_PATCH;

/**
 * `?fieldManager=`, else the User-Agent's program name (`kubectl/v1.32 …` → `kubectl`), as kube-apiserver defaults it:
 * every write is some manager's. (kubectl names itself: kubectl-client-side-apply, kubectl-edit, kubectl-patch, ….)
 */
export function fieldManagerOf(request: FastifyRequest): string {
  const given = (request.query as { fieldManager?: unknown } | undefined)?.fieldManager;
  if (typeof given === 'string' && given !== '') return given;
  const agent = String(request.headers['user-agent'] ?? 'unknown');
  return agent.split('/')[0].slice(0, 128) || 'unknown';
}

/** What a write to the object itself sets: kube-apiserver keeps its status as it was (the status is written through …/status). */
const mainResource = (object: Json): Json => {
  const { status: _status, ...rest } = object;
  return rest;
};

const forced = (request: FastifyRequest) => String((request.query as { force?: unknown } | undefined)?.force ?? '') === 'true';

/** kube-apiserver's 409 for an apply that would change fields other managers own: each field and its manager. */
export function conflictStatus(names: KindNames, name: string, conflicts: readonly Conflict[], entries: readonly ManagedFieldsEntry[]): StatusBody {
  const using = (manager: string) => `"${manager}" using ${entries.find((e) => e.manager === manager)?.apiVersion ?? 'v1'}`;
  const managers = [...new Set(conflicts.map((c) => c.manager))];
  const message = conflicts.length === 1
    ? `Apply failed with 1 conflict: conflict with ${using(conflicts[0].manager)}: ${pathText(conflicts[0].path)}`
    : `Apply failed with ${conflicts.length} conflicts: ${managers.map((m) =>
      `conflicts with ${using(m)}:\n${conflicts.filter((c) => c.manager === m).map((c) => `- ${pathText(c.path)}`).join('\n')}`).join('\n')}`;
  return failure('Conflict', message, {
    name, kind: names.plural, ...(names.group ? { group: names.group } : {}),
    causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${using(c.manager)}`, field: pathText(c.path) })),
  });
}

type Target = Readonly<{ kind: string; namespace: string; name: string }>;

/** A ChangeManagedFields when the managers' field sets differ from those recorded (a new `time` alone is no change). */
export function managedFieldsCommand(target: Target, before: readonly ManagedFieldsEntry[], after: readonly ManagedFieldsEntry[]): PlannedCommand[] {
  const untimed = (entries: readonly ManagedFieldsEntry[]) => entries.map(({ time: _time, ...rest }) => rest);
  return sameJson(untimed(before), untimed(after)) ? [] : [{ type: 'ChangeManagedFields', data: { ...target, managedFields: after } }];
}

export type Written = Readonly<{ desired: Json; managedFields: ManagedFieldsEntry[] }>;

/**
 * Server-side apply on an existing object: refused with the conflicts unless forced; otherwise the applied
 * configuration merged into the object (list items by their keys), the fields the manager no longer applies and no one else owns
 * removed, and the manager's Apply entry set to what it applied (forced: taken from the others).
 */
export function applied(
  request: FastifyRequest,
  context: Readonly<{ names: KindNames; current: Json & { metadata: { name: string; managedFields?: ManagedFieldsEntry[] }; apiVersion?: string }; time: string }>,
): Written | StatusBody {
  const { current, names, time } = context;
  const configuration = request.body as Json;
  const manager = fieldManagerOf(request);
  const entries = current.metadata.managedFields ?? [];
  const conflicts = forced(request) ? [] : conflictsOf(entries, manager, configuration, current);
  if (conflicts.length > 0) return conflictStatus(names, current.metadata.name, conflicts, entries);
  const desired = removeFields(applyMerge(current, configuration), droppedFields(entries, manager, configuration));
  const owned = fieldSetOf(configuration);
  const apiVersion = String(configuration.apiVersion ?? current.apiVersion ?? 'v1');
  return { desired, managedFields: managersAfter(entries, { manager, operation: 'Apply', apiVersion, time, owned, taken: leaves(owned) }) };
}

/** An update's managers: the writer's Update entry gains the fields it changed, which the others lose. */
export function updated(request: FastifyRequest, current: Json & { metadata: { managedFields?: ManagedFieldsEntry[] }; apiVersion?: string }, desired: Json, time: string): ManagedFieldsEntry[] {
  const entries = current.metadata.managedFields ?? [];
  const changed = changedFields(mainResource(current), mainResource(desired));
  if (changed.length === 0) return [...entries];
  return managersAfter(entries, { manager: fieldManagerOf(request), operation: 'Update', apiVersion: String(current.apiVersion ?? 'v1'), time, owned: setOfPaths(changed), taken: changed });
}

/**
 * The managers of a new object: its creator owns every field it gave (Apply for a server-side apply, else Update),
 * recorded with the create whether or not it named a manager, as kube-apiserver records every write. Its status is
 * not its own unless the kind is created with one (`keepsStatus`: a Node, as its kubelet registers it).
 */
export function createdBy(request: FastifyRequest, body: Json, time: string, keepsStatus = false): ManagedFieldsEntry[] {
  const owned = fieldSetOf(keepsStatus ? body : mainResource(body));
  if (leaves(owned).length === 0) return [];
  return [{ manager: fieldManagerOf(request), operation: isApply(request) ? 'Apply' : 'Update', apiVersion: String(body.apiVersion ?? 'v1'), time, fieldsType: 'FieldsV1', fieldsV1: owned }];
}

/**
 * A write through a subresource (`…/scale`): the writer's Update entry for that subresource gains the fields of the
 * object it changed (`spec.replicas`), which the others lose.
 */
export function updatedThrough(
  request: FastifyRequest, write: Readonly<{ subresource: string; entries: readonly ManagedFieldsEntry[]; apiVersion: string; changed: FieldPath[]; time: string }>,
): ManagedFieldsEntry[] {
  const { entries, changed } = write;
  if (changed.length === 0) return [...entries];
  return managersAfter(entries, { ...write, manager: fieldManagerOf(request), operation: 'Update', owned: setOfPaths(changed), taken: changed });
}
