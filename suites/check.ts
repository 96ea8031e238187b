/**
 * A check: one small pure function over evidence that says PASSED, FAILED, REVIEW (a person's
 * answer must be judged by a person) or SKIPPED (nothing to judge), with the evidence ids it looked
 * at. It knows nothing of requirements or severity: the module that calls it cites both (as the
 * OpenID conformance suite does), so one check can serve several requirements.
 */
export type CheckStatus = 'PASSED' | 'FAILED' | 'REVIEW' | 'SKIPPED';

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  evidence: string[];
}

export interface Check<I, O extends CheckOutcome | Promise<CheckOutcome> = CheckOutcome | Promise<CheckOutcome>> {
  /** Its file name under suites/checks/, without .ts. */
  name: string;
  /** One line for `kdp-conformance plans`. */
  summary: string;
  run(input: I): O;
}

/** A synchronous check; an async one (a signature to verify) names its output type. */
export function defineCheck<I, O extends CheckOutcome | Promise<CheckOutcome> = CheckOutcome>(
  check: Check<I, O>,
): Check<I, O> {
  return check;
}

export const passed = (message: string, evidence: string[] = []): CheckOutcome => ({
  status: 'PASSED',
  message,
  evidence,
});
export const failed = (message: string, evidence: string[] = []): CheckOutcome => ({
  status: 'FAILED',
  message,
  evidence,
});
export const skipped = (message: string, evidence: string[] = []): CheckOutcome => ({
  status: 'SKIPPED',
  message,
  evidence,
});
export const review = (message: string, evidence: string[] = []): CheckOutcome => ({
  status: 'REVIEW',
  message,
  evidence,
});

/** At most a few offenders named in a message; the evidence list carries them all. */
export function listSome(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;
}
