import { CommandRefused } from './errors.js';
import { controllerOf, type ObjectMeta, type OwnerReference } from './object-meta.js';

/**
 * Kubernetes' adoption rule, for a controller taking an object whose labels match its selector: an object
 * without a controller may be adopted (true); adopting it again is a no-op (false); an object another
 * controller holds is refused with a Conflict naming both.
 */
export function adoptionDue(meta: Pick<ObjectMeta, 'ownerReferences'>, owner: OwnerReference, resource: string, name: string): boolean {
  const controller = controllerOf(meta);
  if (controller?.uid === owner.uid) return false;
  if (controller)
    throw new CommandRefused('Conflict', `${resource} "${name}" is controlled by ${controller.kind} "${controller.name}", not ${owner.kind} "${owner.name}"`, { kind: resource, name });
  return owner.controller;
}

/** `meta` with `owner` as its controller. */
export const withController = <M extends Pick<ObjectMeta, 'ownerReferences'>>(meta: M, owner: OwnerReference): M => ({
  ...meta,
  ownerReferences: [...meta.ownerReferences.filter((o) => o.uid !== owner.uid), owner],
});
