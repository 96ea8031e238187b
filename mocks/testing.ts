import { VirtualClock } from './clock/clock.ts';
import { ExchangeJournal } from './journal/journal.ts';
import { seededRandom } from './random.ts';
import type { Runtime } from './runtime.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/**
 * A runtime for the cores' tests: an in-memory store, a seeded random source and a virtual
 * clock whose "real" time stands still, so only advance() moves it and every expiry is exact.
 */
export function testRuntime(seed = 7): Runtime & { clock: VirtualClock } {
  const realNow = Date.UTC(2026, 2, 2, 4, 0, 0);
  const clock = new VirtualClock({}, () => realNow);
  const random = seededRandom(seed);
  const store = new SqliteStore(':memory:');
  const journal = new ExchangeJournal(store, clock, () => random.uuid());
  return { clock, random, store, journal };
}
