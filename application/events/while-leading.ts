import { distinctUntilChanged } from 'rxjs';
import type { LeaderElection } from '../ports/leader-election.js';

/** Something that runs until stopped: a relay, a set of reconcilers. */
export type Stoppable = Readonly<{ stop: () => Promise<void> }>;

/**
 * Runs `start` each time this process comes to hold the lease `name`, and stops what it started when the lease is
 * lost; `stop` stops it and gives the lease up. Starts and stops happen one after the other, never overlapping.
 */
export function whileLeading(election: LeaderElection, name: string, start: () => Stoppable): Stoppable {
  let running: Stoppable | undefined;
  let turns: Promise<void> = Promise.resolve();
  const take = (turn: () => void | Promise<void>) => (turns = turns.then(turn).catch(() => undefined));
  const stopRunning = () => take(async () => {
    const stopped = running;
    running = undefined;
    await stopped?.stop();
  });
  const campaign = election.campaign(name).pipe(distinctUntilChanged()).subscribe((leading) =>
    leading ? void take(() => void (running ??= start())) : void stopRunning());
  return {
    stop: async () => {
      campaign.unsubscribe();
      await stopRunning();
    },
  };
}
