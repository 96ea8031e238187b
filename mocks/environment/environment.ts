import type { VirtualClock, VirtualClockState } from '../clock/clock.ts';
import type { ExchangeJournal, JournalQuery } from '../journal/journal.ts';
import type { JsonArrayPage, Store } from '../store/store.ts';
import { EnvironmentError } from './errors.ts';
import type { FaultPlan, FaultSettings } from './faults.ts';

/**
 * The environment's own controls: the virtual clock, fault injection, reset and the evidence
 * journal. The clock's offset is persisted, so a restart does not bring an expired code back.
 */
export interface EnvironmentOptions {
  store: Store;
  clock: VirtualClock;
  faults: FaultPlan;
  journal: ExchangeJournal;
  /** Re-seeds what a fresh environment holds (fixture credentials, keys) after a reset. */
  seed: () => Promise<void>;
  /**
   * Runs after the clock moved, so that what fell due (an expired 1414 request, a pending consent)
   * is settled and its subscribers told at once, not on the next look.
   */
  afterTimeMoved?: () => Promise<void>;
  /** Runs once the store is emptied by a reset: state kept beside the store forgets it too. */
  onClear?: () => void;
}

interface ClockDoc extends VirtualClockState {}

const CLOCK_ID = 'clock';

export class Environment {
  private persisting: Promise<void> = Promise.resolve();
  private resetting: Promise<void> = Promise.resolve();

  constructor(private readonly opts: EnvironmentOptions) {}

  private get settings() {
    return this.opts.store.collection<ClockDoc>('environment');
  }

  /** Restores the persisted clock and starts persisting its changes. */
  async open(): Promise<void> {
    const saved = await this.settings.get(CLOCK_ID);
    if (saved) {
      // The offset was saved against real time then; keep virtual time from going backwards.
      const { clock } = this.opts;
      clock.reset();
      if (saved.frozenAtMs !== null) {
        clock.advance(Math.max(0, saved.frozenAtMs - clock.nowMs()));
        clock.freeze();
      } else if (saved.offsetMs > 0) {
        clock.advance(saved.offsetMs);
      }
    }
    this.opts.clock.onChange((state) => {
      this.persisting = this.persisting.then(() => this.settings.put(CLOCK_ID, state));
    });
  }

  /** Resolves once every clock change so far is on disk. */
  flush(): Promise<void> {
    return this.persisting;
  }

  clockState(): { now: string; nowMs: number; offsetMs: number; frozen: boolean } {
    const { clock } = this.opts;
    const s = clock.snapshot();
    return {
      now: clock.now().toISOString(),
      nowMs: clock.nowMs(),
      offsetMs: s.frozenAtMs === null ? s.offsetMs : s.frozenAtMs - Date.now(),
      frozen: s.frozenAtMs !== null,
    };
  }

  async advance(ms: number) {
    try {
      this.opts.clock.advance(ms);
    } catch (err) {
      if (err instanceof RangeError) throw invalidDuration(err.message);
      throw err;
    }
    await this.flush();
    await this.opts.afterTimeMoved?.();
    return this.clockState();
  }

  async freeze() {
    this.opts.clock.freeze();
    await this.flush();
    return this.clockState();
  }

  async resume() {
    this.opts.clock.resume();
    await this.flush();
    await this.opts.afterTimeMoved?.();
    return this.clockState();
  }

  faults(): FaultSettings {
    return this.opts.faults.get();
  }

  setFaults(patch: Partial<FaultSettings>): FaultSettings {
    return this.opts.faults.update(patch);
  }

  clearFaults(): FaultSettings {
    this.opts.faults.clear();
    return this.opts.faults.get();
  }

  /** Forgets every exchange, consent, token and message; the fixtures come back as seeded. */
  reset(): Promise<void> {
    // One reset at a time: two interleaved would seed the fixtures twice over one emptied store.
    const run = this.resetting.then(() => this.resetNow());
    this.resetting = run.catch(() => {});
    return run;
  }

  private async resetNow(): Promise<void> {
    await this.flush();
    await this.opts.store.clear();
    this.opts.onClear?.();
    this.opts.faults.clear();
    this.opts.clock.reset();
    await this.flush();
    await this.opts.seed();
  }

  /**
   * A page of the journal as the bytes of a JSON array (the records' stored text, never parsed
   * here), the cursor of the next, and how many old exchanges a ring dropped. On a file store it is
   * read in a worker thread, so no request waits behind it.
   */
  async journal(query: JournalQuery): Promise<JsonArrayPage & { dropped: number }> {
    return { ...(await this.opts.journal.pageJsonArray(query)), dropped: this.opts.journal.dropped };
  }
}

/** Parses '90s', '15m', '2h', '10d', an ISO 8601 duration (PT15M, P10D) or a number of ms. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') return input;
  const s = input.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const short = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(s);
  if (short) return Number(short[1]) * UNIT_MS[short[2]!]!;
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
  if (iso && s !== 'P' && !s.endsWith('T')) {
    const [, w, d, h, m, sec] = iso;
    return (
      (Number(w ?? 0) * 7 * 86_400 +
        Number(d ?? 0) * 86_400 +
        Number(h ?? 0) * 3600 +
        Number(m ?? 0) * 60 +
        Number(sec ?? 0)) *
      1000
    );
  }
  throw invalidDuration(`not a duration: ${input} (use ms, 90s, 15m, 2h, 10d or ISO 8601 like PT15M)`);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function invalidDuration(message: string): EnvironmentError {
  return new EnvironmentError('invalid-duration', 'Invalid duration', message, { errors: [{ field: 'by', message }] });
}
