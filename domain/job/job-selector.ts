import type { PodTemplate } from '../pod/pod-spec.js';
import type { Labels } from '../shared/labels.js';
import { toSelector, type Selector } from '../shared/selectors.js';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
const LEGACY_JOB_NAME_LABEL = 'job-name';

/** The labels Kubernetes gives every pod of a Job (the new ones and the legacy ones), from its uid and name. */
export const jobPodLabels = (uid: string, name: string): Labels => ({
  [CONTROLLER_UID_LABEL]: uid,
  [JOB_NAME_LABEL]: name,
  [LEGACY_CONTROLLER_UID_LABEL]: uid,
  [LEGACY_JOB_NAME_LABEL]: name,
});

/** The selector Kubernetes generates for a Job: its pods by controller uid. */
export const generatedJobSelector = (uid: string): Selector => toSelector({ matchLabels: { [CONTROLLER_UID_LABEL]: uid } });

/**
 * As kube-apiserver's Job strategy on create: without a selector of its own, the Job selects its pods by its uid,
 * and its template carries the generated labels next to the user's.
 */
export function withGeneratedSelector(uid: string, name: string, template: PodTemplate, selector: Selector): { template: PodTemplate; selector: Selector } {
  if (selector.length > 0) return { template, selector };
  return { template: { ...template, labels: { ...template.labels, ...jobPodLabels(uid, name) } }, selector: generatedJobSelector(uid) };
}
