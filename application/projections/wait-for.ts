import { filter, firstValueFrom, map, startWith, timeout } from 'rxjs';
import type { ReadModels } from './read-models.js';

/** Resolves once the read models have applied `position` (read-your-writes after a command). */
export async function caughtUp(models: ReadModels, position: number, withinMs = 10_000): Promise<void> {
  if (models.position >= position) return;
  await firstValueFrom(
    models.applied.pipe(
      map(() => models.position),
      startWith(models.position),
      filter((p) => p >= position),
      timeout(withinMs),
    ),
  );
}
