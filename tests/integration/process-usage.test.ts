import test from 'ava';
import { mkdirSync } from 'node:fs';
import { writePidFile } from '../../infrastructure/runtime/process/pid-file.js';
import { containerDir } from '../../infrastructure/runtime/process/pod-files.js';
import { ProcessUsageSampler } from '../../infrastructure/runtime/process/proc-usage.js';
import { spawnGuarded } from '../support/process-guard.js';
import { tempDir } from '../support/tmp.js';

test('a container is its process group: a busy loop shows CPU and resident memory, the node the whole machine', async (t) => {
  const dir = tempDir();
  const cwd = containerDir(dir.path, 'default.busy', 'spin');
  mkdirSync(cwd, { recursive: true });
  const child = spawnGuarded('sh', ['-c', 'while :; do :; done'], { cwd, detached: true, stdio: 'ignore' });
  t.teardown(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    dir.remove();
  });
  writePidFile(cwd, child.pid!);
  const sampler = new ProcessUsageSampler(dir.path, () => ['default.busy']);
  const usage = await sampler.sample();
  const [pod] = usage.pods;
  t.like(pod, { namespace: 'default', name: 'busy' });
  t.is(pod.containers[0].name, 'spin');
  t.true(pod.containers[0].cpuNanoCores > 0, `a spinning shell uses CPU: ${pod.containers[0].cpuNanoCores}n`);
  t.true(pod.containers[0].memoryBytes > 0);
  t.true(usage.cpuNanoCores >= pod.containers[0].cpuNanoCores * 0.5, 'the machine uses at least about what its container does');
  t.true(usage.memoryBytes > pod.containers[0].memoryBytes);
  t.true(usage.windowSeconds >= 1);
});
