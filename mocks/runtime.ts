import type { Clock } from './clock/clock.ts';
import type { ExchangeJournal } from './journal/journal.ts';
import type { RandomSource } from './random.ts';
import type { Store } from './store/store.ts';

/** What every domain core is given instead of reaching for globals: time, randomness, storage, evidence. */
export interface Runtime {
  clock: Clock;
  random: RandomSource;
  store: Store;
  journal: ExchangeJournal;
}
