import type { K8sPod } from '../../http/k8s/objects/workload-types.js';

/** kubectl drain's pod filters (k8s.io/kubectl/pkg/drain/filters.go), with its words. */

export type DrainFlags = Readonly<{ force: boolean; ignoreDaemonsets: boolean; deleteEmptydirData: boolean }>;

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

type Verdict = { evict: boolean; warning?: string; fatal?: string };
type Filter = (pod: K8sPod, flags: DrainFlags) => Verdict;

const OK: Verdict = { evict: true };

const finished = (pod: K8sPod) => pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
const controllerOf = (pod: K8sPod) => pod.metadata.ownerReferences?.find((o) => o.controller === true);

/**
 * kubectl also GETs the DaemonSet of a DaemonSet-owned pod and lets --force remove orphans; kes serves no
 * DaemonSets, so such a pod is judged by its owner reference alone.
 */
const daemonSetFilter: Filter = (pod, flags) => {
  if (controllerOf(pod)?.kind !== 'DaemonSet' || finished(pod)) return OK;
  return flags.ignoreDaemonsets ? { evict: false, warning: DAEMONSET_WARNING } : { evict: false, fatal: DAEMONSET_FATAL };
};

const mirrorPodFilter: Filter = (pod) => (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined ? { evict: false } : OK);

const localStorageFilter: Filter = (pod, flags) => {
  if (!(pod.spec.volumes ?? []).some((v) => v.emptyDir !== undefined) || finished(pod)) return OK;
  return flags.deleteEmptydirData ? { evict: true, warning: LOCAL_STORAGE_WARNING } : { evict: false, fatal: LOCAL_STORAGE_FATAL };
};

const unreplicatedFilter: Filter = (pod, flags) => {
  if (finished(pod) || controllerOf(pod)) return OK;
  return flags.force ? { evict: true, warning: UNMANAGED_WARNING } : { evict: false, fatal: UNMANAGED_FATAL };
};

const FILTERS: readonly Filter[] = [daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter];

export type DrainPlan = { evict: K8sPod[]; warning?: string; errors: string[] };

/**
 * Runs each pod through the filters in kubectl's order, stopping at the first that keeps it (the last verdict
 * stands); warnings and refusals name the pods `namespace/name`, grouped by reason in order of first appearance.
 */
export function planDrain(pods: readonly K8sPod[], flags: DrainFlags): DrainPlan {
  const warnings = new Map<string, string[]>();
  const fatals = new Map<string, string[]>();
  const evict: K8sPod[] = [];
  for (const pod of pods) {
    let verdict = OK;
    for (const filter of FILTERS) {
      verdict = filter(pod, flags);
      if (!verdict.evict) break;
    }
    const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (verdict.fatal) append(fatals, verdict.fatal, name);
    else if (verdict.warning) append(warnings, verdict.warning, name);
    if (verdict.evict) evict.push(pod);
  }
  const warning = [...warnings].map(([message, names]) => `${message}: ${names.join(', ')}`).join('; ');
  const errors = [...fatals].map(([message, names]) => `cannot delete ${message}: ${names.join(', ')}`);
  return { evict: fatals.size > 0 ? [] : evict, ...(warning ? { warning } : {}), errors };
}

function append(groups: Map<string, string[]>, key: string, name: string): void {
  groups.set(key, [...(groups.get(key) ?? []), name]);
}
