/**
 * Time as every mock sees it. Nothing in mocks/ reads Date.now() directly: a virtual clock lets a
 * test (or an integrator, through the environment API) expire a one-time code or reach a review
 * deadline without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch, in virtual time. */
  nowMs(): number;
  now(): Date;
}

export interface VirtualClockState {
  /** Virtual minus real time, in ms, while running. */
  offsetMs: number;
  /** When set, time stands still at this virtual instant. */
  frozenAtMs: number | null;
}

/** 2200-01-01T00:00:00Z: the latest instant virtual time may reach. */
export const LATEST_VIRTUAL_MS = Date.UTC(2200, 0, 1);

/**
 * Real time shifted by an offset that only grows when advanced, or frozen at an instant.
 * `realNow` is injectable so that the clock itself is testable.
 */
export class VirtualClock implements Clock {
  private state: VirtualClockState;
  private readonly listeners = new Set<(state: VirtualClockState) => void>();

  constructor(
    initial: Partial<VirtualClockState> = {},
    private readonly realNow: () => number = Date.now,
  ) {
    this.state = { offsetMs: initial.offsetMs ?? 0, frozenAtMs: initial.frozenAtMs ?? null };
  }

  nowMs(): number {
    return this.state.frozenAtMs ?? this.realNow() + this.state.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Moves virtual time forward; moving it back would let a used code or token come back to life. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('the clock only advances by a finite, non-negative amount');
    // Past the year 2200 nothing in the environment has a meaning (calendars, token lifetimes), and
    // past ±8.64e15 ms a Date cannot even be written.
    if (this.nowMs() + ms > LATEST_VIRTUAL_MS)
      throw new RangeError(`the clock cannot go past ${new Date(LATEST_VIRTUAL_MS).toISOString()}`);
    if (this.state.frozenAtMs !== null) this.state = { ...this.state, frozenAtMs: this.state.frozenAtMs + ms };
    else this.state = { ...this.state, offsetMs: this.state.offsetMs + ms };
    this.emit();
  }

  freeze(): void {
    this.state = { ...this.state, frozenAtMs: this.nowMs() };
    this.emit();
  }

  resume(): void {
    if (this.state.frozenAtMs === null) return;
    this.state = { offsetMs: this.state.frozenAtMs - this.realNow(), frozenAtMs: null };
    this.emit();
  }

  /** Back to real time (environment reset). */
  reset(): void {
    this.state = { offsetMs: 0, frozenAtMs: null };
    this.emit();
  }

  snapshot(): VirtualClockState {
    return { ...this.state };
  }

  /** Lets the environment persist the offset, so a restart does not revive expired codes. */
  onChange(listener: (state: VirtualClockState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.snapshot());
  }
}
