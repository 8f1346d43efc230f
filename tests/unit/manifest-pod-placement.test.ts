import test from 'ava';
import { parseDeploymentManifest, parsePodManifest, type ParsedManifest } from '../../application/manifests/parse-manifest.js';
import { podSpecObject } from '../../adapters/http/k8s/objects/pod-spec-object.js';
import { unenactedFields } from '../../domain/pod/unenacted-fields.js';
import type { FieldCause } from '../../domain/shared/errors.js';

/** Pod affinity, anti-affinity, topology spread constraints and priority in manifests: typed, validated as kube-apiserver does, returned. */

const OPTIONS = { namespace: 'default', uid: 'uid-1' };
const manifest = (spec: object) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
});

function dataOf<T>(result: ParsedManifest<T>): T {
  if (!result.ok) throw new Error(`expected a pod, got ${JSON.stringify(result)}`);
  return result.data;
}
const causesOf = (body: unknown): string[] => {
  const result = parsePodManifest(body, OPTIONS);
  if (result.ok) throw new Error('expected a refusal');
  return result.causes.map((c: FieldCause) => `${c.field}: ${c.message}`);
};

const PLACEMENT = {
  affinity: {
    podAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['cache'] }] }, topologyKey: 'topology.kubernetes.io/zone' } }],
    },
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['default'], matchLabelKeys: ['pod-template-hash'] }],
    },
  },
  topologySpreadConstraints: [
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, minDomains: 2, nodeTaintsPolicy: 'Honor' },
  ],
  priorityClassName: 'system-cluster-critical',
};

test('pod affinity, anti-affinity, spread constraints and the priority class have typed views, kept nowhere else, and come back as given', (t) => {
  const { spec } = dataOf(parsePodManifest(manifest(PLACEMENT), OPTIONS));
  t.deepEqual(spec.affinity?.podAntiAffinity?.required, [
    { labelSelector: { matchLabels: { app: 'web' } }, namespaces: ['default'], topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['pod-template-hash'] },
  ]);
  t.is(spec.affinity?.podAffinity?.preferred[0]?.weight, 50);
  t.like(spec.topologySpreadConstraints?.[0], { maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', minDomains: 2, nodeTaintsPolicy: 'Honor' });
  t.is(spec.priorityClassName, 'system-cluster-critical');
  t.is(spec.unmodelled, undefined, 'nothing left unmodelled');
  t.deepEqual(unenactedFields(spec), [], 'the scheduler enacts them: no Warning');
  const returned = JSON.parse(JSON.stringify(podSpecObject(spec)));
  t.deepEqual(returned.affinity, PLACEMENT.affinity);
  t.deepEqual(returned.topologySpreadConstraints, PLACEMENT.topologySpreadConstraints);
  t.is(returned.priorityClassName, 'system-cluster-critical');
});

test('a Deployment template keeps them too', (t) => {
  const body = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: manifest(PLACEMENT).spec } },
  };
  const { template } = dataOf(parseDeploymentManifest(body, OPTIONS));
  t.is(template.spec.affinity?.podAntiAffinity?.required[0]?.topologyKey, 'kubernetes.io/hostname');
  t.is(template.spec.topologySpreadConstraints?.length, 1);
});

test('a term without topologyKey, a weight out of range and a bad selector are refused with kube-apiserver\'s messages', (t) => {
  const anti = 'spec.affinity.podAntiAffinity';
  t.deepEqual(causesOf(manifest({ affinity: { podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }],
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'bad key!' } }],
  } } })), [
    `${anti}.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    `${anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty`,
    `${anti}.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100`,
    `${anti}.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "bad key!": name part "bad key!" must be 1-63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
  ]);
});

test('spread constraints: maxSkew above 0, a topologyKey, a known action, minDomains only with DoNotSchedule, no duplicates', (t) => {
  const at = 'spec.topologySpreadConstraints';
  t.deepEqual(causesOf(manifest({ topologySpreadConstraints: [
    { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
    { maxSkew: 1, whenUnsatisfiable: 'Sometimes' },
    { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2, nodeAffinityPolicy: 'Always' },
    { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['app'] },
  ] })), [
    `${at}[0].maxSkew: Invalid value: 0: must be greater than zero`,
    `${at}[1].topologyKey: Required value: can not be empty`,
    `${at}[1].whenUnsatisfiable: Unsupported value: "Sometimes": supported values: "DoNotSchedule", "ScheduleAnyway"`,
    `${at}[2].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`,
    `${at}[2].nodeAffinityPolicy: Unsupported value: "Always": supported values: "Honor", "Ignore"`,
    `${at}[3].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector`,
    `${at}[3]: Duplicate value: "{zone, DoNotSchedule}"`,
  ]);
});

test('values of the wrong kind are refused before their values are looked at', (t) => {
  t.deepEqual(causesOf(manifest({ topologySpreadConstraints: [{ maxSkew: '1', topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }], priority: 'high' })).sort(), [
    'spec.priority: Invalid value: "high": must be an integer',
    'spec.topologySpreadConstraints[0].maxSkew: Invalid value: "1": must be an integer',
  ]);
});
