import type { Observable } from 'rxjs';

/**
 * Named leases, one holder each: a relay, a scheduler or a controller manager acts only while it holds its lease,
 * so however many run, one acts, and another takes over within the lease's duration when it dies.
 */
export interface LeaderElection {
  /** true once this process holds the lease `name`, false once it has lost it; unsubscribing gives it up. */
  campaign(name: string): Observable<boolean>;
}
export const LeaderElection = Symbol.for('kes.LeaderElection');
