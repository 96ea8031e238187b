import type { RandomSource } from '../random.ts';

/**
 * Faults an integrator asks the environment to inject, to prove its system copes with a slow or
 * failing gateway and a lossy SMS channel. The gateway and the SMS gateway consult this plan; the
 * environment API edits it.
 */
export interface ShepFaultRule {
  /** serviceId it applies to, or '*' for every service. */
  serviceId: string;
  errorCode: string;
  errorMessage: string;
  /** How many more messages it hits; null: until cleared. */
  remaining: number | null;
}

export interface FaultSettings {
  /** Added to every SHEP round trip. */
  shepLatencyMs: number;
  shepFaults: ShepFaultRule[];
  /** Delay before an SMS reaches the virtual phone. */
  smsDelayMs: number;
  /** Probability [0,1] that an SMS is lost (never delivered). */
  smsLossRate: number;
  /** Probability [0,1] that an SMS is delivered twice. */
  smsDuplicateRate: number;
}

export const NO_FAULTS: FaultSettings = {
  shepLatencyMs: 0,
  shepFaults: [],
  smsDelayMs: 0,
  smsLossRate: 0,
  smsDuplicateRate: 0,
};

export class FaultPlan {
  private settings: FaultSettings = structuredClone(NO_FAULTS);

  constructor(private readonly random: RandomSource) {}

  get(): FaultSettings {
    return structuredClone(this.settings);
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    const next = structuredClone(patch);
    // A rule without a count is a rule until cleared, however the caller left it out.
    if (next.shepFaults) next.shepFaults = next.shepFaults.map((r) => ({ ...r, remaining: r.remaining ?? null }));
    this.settings = { ...this.settings, ...next };
    return this.get();
  }

  clear(): void {
    this.settings = structuredClone(NO_FAULTS);
  }

  /** The injected SOAP fault for this message, if any; consumes one use of a counted rule. */
  takeShepFault(serviceId: string): ShepFaultRule | undefined {
    const rule = this.settings.shepFaults.find(
      (r) => (r.serviceId === serviceId || r.serviceId === '*') && (r.remaining === null || r.remaining > 0),
    );
    if (rule && rule.remaining !== null) rule.remaining--;
    return rule;
  }

  shepLatencyMs(): number {
    return this.settings.shepLatencyMs;
  }

  /** How an SMS travels: dropped, delivered after a delay, or delivered twice. */
  smsFate(): { lost: boolean; delayMs: number; copies: 1 | 2 } {
    const s = this.settings;
    const lost = s.smsLossRate > 0 && this.random.int(1_000_000) < s.smsLossRate * 1_000_000;
    const dup = s.smsDuplicateRate > 0 && this.random.int(1_000_000) < s.smsDuplicateRate * 1_000_000;
    return { lost, delayMs: s.smsDelayMs, copies: dup ? 2 : 1 };
  }
}
