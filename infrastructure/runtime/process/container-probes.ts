import type { Container, Probe } from '../../../domain/pod/pod-spec.js';
import { Prober, type ProbeKind } from './prober.js';
import type { ProbeTarget } from './probe-check.js';

export type ProbeEvents = Readonly<{
  /** The startup probe passed: liveness and readiness probes begin. */
  started: () => void;
  readiness: (ready: boolean) => void;
  /** The liveness or startup probe failed: the container is to be killed. */
  failed: (probe: 'liveness' | 'startup', message?: string) => void;
}>;

/**
 * The probes of one run of a container: the startup probe first, if there is one, then liveness and readiness
 * (their initial delays counted from the container's start, as the kubelet counts them).
 */
export class ContainerProbes {
  private probers: Prober[] = [];

  constructor(
    private readonly container: Container,
    private readonly target: ProbeTarget,
    private readonly startedAtMs: number,
    private readonly events: ProbeEvents,
  ) {
    if (!container.startupProbe) {
      this.afterStartup();
      return;
    }
    const startup = this.begin('Startup', container.startupProbe, undefined, (passing, message) => {
      if (!passing) return events.failed('startup', message);
      startup?.stop();
      events.started();
      this.afterStartup();
    });
  }

  stop(): void {
    this.probers.forEach((p) => p.stop());
    this.probers = [];
  }

  private afterStartup(): void {
    this.begin('Liveness', this.container.livenessProbe, true, (passing, message) => passing || this.events.failed('liveness', message));
    this.begin('Readiness', this.container.readinessProbe, false, (passing) => this.events.readiness(passing));
  }

  private begin(kind: ProbeKind, probe: Probe | undefined, initial: boolean | undefined, onVerdict: (passing: boolean, message?: string) => void) {
    if (!probe) return undefined;
    const prober = new Prober(kind, probe, this.target, initial, (v) => onVerdict(v.passing, v.message));
    this.probers.push(prober);
    prober.start(this.startedAtMs);
    return prober;
  }
}
