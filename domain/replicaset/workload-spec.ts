import type { FieldCause } from '../shared/errors.js';
import { annotationsProblems, dnsLabelProblem, labelKeyProblem, labelsProblems, labelValueProblem, objectNameProblem } from '../shared/labels.js';
import type { ObjectMeta } from '../shared/object-meta.js';
import { matchesSelector, toSelector, type LabelSelector, type Requirement, type Selector } from '../shared/selectors.js';
import type { PodTemplate } from '../pod/pod-spec.js';

/** ObjectMeta as a create command carries it: the decider stamps creationTimestamp from the command's `at`. */
export type NewObjectMeta = Omit<ObjectMeta, 'creationTimestamp'>;

export { toSelector, type LabelSelector };

/** Back to the manifest shape: single-value `In` requirements read as matchLabels. */
export function toLabelSelector(selector: Selector): Required<LabelSelector> {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Requirement[] = [];
  for (const r of selector) {
    if (r.operator === 'In' && r.values.length === 1 && !(r.key in matchLabels)) matchLabels[r.key] = r.values[0];
    else matchExpressions.push(r);
  }
  return { matchLabels, matchExpressions };
}

export function metaProblems(meta: NewObjectMeta): FieldCause[] {
  const nameProblem = objectNameProblem(meta.name);
  const namespaceProblem = dnsLabelProblem(meta.namespace);
  return [
    ...(nameProblem ? [{ field: 'metadata.name', message: nameProblem }] : []),
    ...(namespaceProblem ? [{ field: 'metadata.namespace', message: namespaceProblem }] : []),
    ...(meta.uid ? [] : [{ field: 'metadata.uid', message: 'Required value' }]),
    ...labelsProblems(meta.labels),
    ...annotationsProblems(meta.annotations),
  ];
}

/** A count such as spec.replicas or status.readyReplicas: an integer, at least 0. */
export function countProblems(value: number, field: string): FieldCause[] {
  if (!Number.isInteger(value)) return [{ field, message: `Invalid value: ${value}: must be an integer` }];
  return value < 0 ? [{ field, message: `Invalid value: ${value}: must be greater than or equal to 0` }] : [];
}

export function selectorProblems(selector: Selector, emptyMessage = 'Required value'): FieldCause[] {
  if (selector.length === 0) return [{ field: 'spec.selector', message: emptyMessage }];
  return selector.flatMap((r) => requirementProblems(r));
}

function requirementProblems(r: Requirement): FieldCause[] {
  const field = 'spec.selector';
  const keyProblem = labelKeyProblem(r.key);
  if (keyProblem) return [{ field, message: `invalid key "${r.key}": ${keyProblem}` }];
  if (r.operator !== 'In' && r.operator !== 'NotIn') return [];
  if (r.values.length === 0) return [{ field, message: `values for "${r.key}" must be specified when \`operator\` is 'In' or 'NotIn'` }];
  return r.values.flatMap((v) => {
    const problem = labelValueProblem(v);
    return problem ? [{ field, message: `invalid value for "${r.key}": ${problem}` }] : [];
  });
}

/** What Kubernetes checks of a ReplicaSet's, Deployment's or Job's pod template; a Job's pods may not restart `Always`. */
export function templateProblems(template: PodTemplate, selector: Selector, restartPolicies: readonly string[] = ['Always']): FieldCause[] {
  const labels = 'spec.template.metadata.labels';
  const { containers, restartPolicy } = template.spec;
  return [
    ...labelsProblems(template.labels, labels),
    ...(selector.length > 0 && !matchesSelector(selector, template.labels)
      ? [{ field: labels, message: 'Invalid value: `selector` does not match template `labels`' }]
      : []),
    ...(containers.length === 0 ? [{ field: 'spec.template.spec.containers', message: 'Required value' }] : []),
    ...(!restartPolicies.includes(restartPolicy)
      ? [{ field: 'spec.template.spec.restartPolicy', message: `Unsupported value: "${restartPolicy}": supported values: ${restartPolicies.map((p) => `"${p}"`).join(', ')}` }]
      : []),
  ];
}
