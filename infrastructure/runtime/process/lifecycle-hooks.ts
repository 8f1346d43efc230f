import type { LifecycleHandler } from '../../../domain/pod/pod-spec.js';
import { checkProbe, type ProbeOutcome, type ProbeTarget } from './probe-check.js';

export type HookName = 'PostStart' | 'PreStop';

/**
 * Runs a lifecycle hook in the container's place (its directory, environment and user; an httpGet to its port
 * on the pod's address), bounded by timeoutMs: a sleep ends early then, a command is killed.
 */
export function runHook(handler: LifecycleHandler, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  if ('sleep' in handler)
    return new Promise((resolve) => setTimeout(() => resolve({ ok: true }), Math.max(0, Math.min(handler.sleep.seconds * 1000, timeoutMs))));
  const timing = { initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)), successThreshold: 1, failureThreshold: 1 };
  return checkProbe({ handler, ...timing }, target);
}

/** The kubelet's words for a failed hook (its FailedPostStartHook / FailedPreStopHook events). */
export function hookFailure(hook: HookName, handler: LifecycleHandler, container: string, pod: string, output = ''): string {
  const message = output.length > 600 ? `${output.slice(0, 600)}…` : output;
  if ('exec' in handler) return `${hook} hook: Exec lifecycle hook (${JSON.stringify(handler.exec.command)}) for Container "${container}" in Pod "${pod}" failed - error: ${message}`;
  if ('httpGet' in handler) return `${hook} hook: HTTP lifecycle hook (${handler.httpGet.path}) for Container "${container}" in Pod "${pod}" failed - error: ${message}`;
  return `${hook} hook for Container "${container}" in Pod "${pod}" failed - error: ${message}`;
}
