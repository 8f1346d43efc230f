import { controllerOf } from '../../domain/shared/object-meta.js';
import type { PodView } from './workload-views.js';

/** Pod keys by node, by controlling owner's uid, by namespace, and of pods without a controller by namespace, kept in step with the pod views. */
export class PodIndex {
  readonly byNode = new Map<string, Set<string>>();
  readonly byOwner = new Map<string, Set<string>>();
  readonly byNamespace = new Map<string, Set<string>>();
  readonly orphansByNamespace = new Map<string, Set<string>>();

  update(key: string, before: PodView | undefined, after: PodView | undefined): void {
    if (before) this.move(key, before, (index, value) => remove(index, value, key));
    if (after) this.move(key, after, (index, value) => add(index, value, key));
  }

  private move(_key: string, pod: PodView, change: (index: Map<string, Set<string>>, value: string) => void): void {
    if (pod.nodeName) change(this.byNode, pod.nodeName);
    const owner = controllerOf(pod.meta);
    if (owner) change(this.byOwner, owner.uid);
    else change(this.orphansByNamespace, pod.meta.namespace);
    change(this.byNamespace, pod.meta.namespace);
  }
}

function add(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (keys) keys.add(key);
  else index.set(value, new Set([key]));
}

function remove(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(value);
}
