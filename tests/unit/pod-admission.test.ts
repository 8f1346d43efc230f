import test from 'ava';
import { admitPod } from '../../domain/pod/admission.js';
import { podSpec } from '../support/world.js';
import type { PodSpec } from '../../domain/pod/pod-spec.js';

const spec = (cpuMillis: number) => podSpec(cpuMillis) as unknown as PodSpec;
const node = { cpuMillis: 2000, memoryBytes: 4 * 2 ** 30, pods: 3 };

test('given what the node runs, when a pod still fits, then it is admitted', (t) => {
  t.deepEqual(admitPod(spec(1000), node, [spec(500), spec(500)]), { admitted: true });
});

test('given a node whose cpu is taken, when a pod asks for more, then it is rejected OutOfcpu as Kubernetes words it', (t) => {
  t.deepEqual(admitPod(spec(1500), node, [spec(1000)]), {
    admitted: false,
    reason: 'OutOfcpu',
    message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000",
  });
});

test('given a full node, when another pod comes, then it is rejected OutOfpods before anything else', (t) => {
  t.like(admitPod(spec(5000), node, [spec(0), spec(0), spec(0)]), { admitted: false, reason: 'OutOfpods' });
});

test('given a pod that requests nothing, then only the pod count can reject it', (t) => {
  t.deepEqual(admitPod(spec(0), { ...node, cpuMillis: 0 }, [spec(0)]), { admitted: true });
});
