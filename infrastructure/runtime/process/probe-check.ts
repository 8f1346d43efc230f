import { spawn } from 'node:child_process';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { connect } from 'node:net';
import type { Probe } from '../../../domain/pod/pod-spec.js';
import { POD_IP } from './env.js';

/** Where a container's probes run: its directory and environment, and the host ports of its declared ports. */
export type ProbeTarget = Readonly<{
  container: string;
  cwd: string;
  env: Readonly<Record<string, string>>;
  /** The host port of a declared port, by its containerPort number or its name. */
  hostPort: (port: number | string) => number | undefined;
  /** Where an exec runs and as whom, when not in cwd as this process's user (a lifecycle hook runs as its container). */
  workingDir?: string;
  uid?: number;
  gid?: number;
}>;

export type ProbeOutcome = Readonly<{ ok: boolean; message?: string }>;

const OUTPUT_LIMIT = 10 * 1024;

function execCheck(command: readonly string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const [file, ...args] = command;
    let output = '';
    const user = { ...(target.uid !== undefined ? { uid: target.uid } : {}), ...(target.gid !== undefined ? { gid: target.gid } : {}) };
    const child = spawn(file ?? '', args, { cwd: target.workingDir ?? target.cwd, env: target.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(0, OUTPUT_LIMIT));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      resolve({ ok: false, message: `command ${JSON.stringify(command.join(' '))} timed out` });
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `exec ${JSON.stringify(file)} failed: ${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      killGroup();
      resolve(code === 0 ? { ok: true } : { ok: false, message: output.trim() || `command ${JSON.stringify(command.join(' '))} exited with ${code}` });
    });
  });
}

function httpCheck(url: URL, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const options = { timeout: timeoutMs, headers: { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' }, rejectUnauthorized: false };
    const answered = (res: IncomingMessage) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? { ok: true } : { ok: false, message: `HTTP probe failed with statuscode: ${status}` });
    };
    const req = url.protocol === 'https:' ? httpsGet(url, options, answered) : httpGet(url, options, answered);
    req.once('timeout', () => req.destroy(new Error(`Get "${url.href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    req.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, message: error.code ? `Get "${url.href}": dial tcp ${url.host}: connect: ${error.code}` : error.message }),
    );
  });
}

function tcpCheck(port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: POD_IP, port, timeout: timeoutMs });
    const done = (outcome: ProbeOutcome) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => done({ ok: true }));
    socket.once('timeout', () => done({ ok: false, message: `dial tcp ${POD_IP}:${port}: i/o timeout` }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, message: `dial tcp ${POD_IP}:${port}: connect: ${error.code ?? error.message}` }));
  });
}

/** A port of the probe: the host port of the container's declared port, or the number itself (host network). */
function probePort(port: number | string, target: ProbeTarget): number | string {
  const mapped = target.hostPort(port);
  if (mapped !== undefined) return mapped;
  if (typeof port === 'number') return port;
  return /^\d+$/.test(port) ? Number(port) : `port "${port}" is not a declared port of container ${target.container}`;
}

/** Runs one check of a probe's handler, bounded by its timeout. */
export function checkProbe(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = Math.max(1, probe.timeoutSeconds) * 1000;
  const handler = probe.handler;
  if ('exec' in handler) return execCheck(handler.exec.command, target, timeoutMs);
  const port = probePort('httpGet' in handler ? handler.httpGet.port : 'grpc' in handler ? handler.grpc.port : handler.tcpSocket.port, target);
  if (typeof port === 'string') return Promise.resolve({ ok: false, message: port });
  // No gRPC health client here: a gRPC probe passes when its port accepts connections (the pod is warned of it).
  if ('tcpSocket' in handler || 'grpc' in handler) return tcpCheck(port, timeoutMs);
  const scheme = handler.httpGet.scheme === 'HTTPS' ? 'https' : 'http';
  const path = handler.httpGet.path.startsWith('/') ? handler.httpGet.path : `/${handler.httpGet.path}`;
  return httpCheck(new URL(`${scheme}://${POD_IP}:${port}${path}`), timeoutMs);
}
