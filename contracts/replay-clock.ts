import { VirtualClock } from './wire.ts';

/**
 * The verification environment's clock. It runs as the environment's virtual clock does, except
 * while a provider state has switched replay mode on: then it reads the instant a pact was recorded
 * at, so that time-bound fields of a recorded request (an ovt's iat and exp) are judged at that
 * time. Only contract verification composes it; `up` never does.
 */
export class ReplayClock extends VirtualClock {
  private replayAtMs: number | null = null;

  override nowMs(): number {
    return this.replayAtMs ?? super.nowMs();
  }

  replayAt(ms: number): void {
    this.replayAtMs = ms;
  }

  endReplay(): void {
    this.replayAtMs = null;
  }

  get replaying(): boolean {
    return this.replayAtMs !== null;
  }
}
