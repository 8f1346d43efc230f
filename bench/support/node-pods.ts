import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Polls `done` every 50 ms until it holds; rejects after `timeoutMs`, naming what it waited for. */
export async function untilTrue(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function onPath(program: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, program);
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return undefined;
}

/**
 * A long-lived program that costs next to nothing: `sleep 3600` (about 1 MB each) when it is on PATH, else an
 * idle Node (about 40 MB each). The path is resolved here: containers do not inherit the bench's PATH.
 */
export async function idleCommand(): Promise<string[]> {
  const sleep = await onPath('sleep');
  return sleep ? [sleep, '3600'] : [process.execPath, '-e', 'setInterval(() => {}, 1e6)'];
}

type Port = { name: string; containerPort: number; protocol: 'TCP' };

const container = (command: readonly string[], ports: Port[] = []) => ({
  name: 'main', image: 'kes/process', command, env: [], ports,
  resources: { requests: { cpuMillis: 1, memoryBytes: 2 ** 20 } }, volumeMounts: [],
});

/** A CreatePod command for one pod of the bench running `command`. */
export const podCommand = (name: string, command: readonly string[], labels: Record<string, string> = { bench: 'node' }, ports: Port[] = []) => ({
  type: 'CreatePod',
  data: {
    meta: { name, namespace: 'default', uid: `uid-${name}`, labels, annotations: {}, ownerReferences: [] },
    spec: { containers: [container(command, ports)], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 2 },
  },
});

/** A tiny HTTP server on $PORT (the host port the runtime gives its container port) answering a short body. */
const ECHO_SCRIPT = "require('node:http').createServer((q, s) => s.end('ok\\n')).listen(Number(process.env.PORT))";

export const echoPod = () => podCommand('echo', [process.execPath, '-e', ECHO_SCRIPT], { app: 'echo' }, [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);

/** The echo pod's NodePort Service: the API server allocates its cluster IP and node port. */
export const ECHO_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'echo', namespace: 'default' },
  spec: { type: 'NodePort', selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
};
