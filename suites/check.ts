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

export interface Check<I> {
  /** Its file name under suites/checks/, without .ts. */
  name: string;
  /** One line for `kdp-conformance plans`. */
  summary: string;
  run(input: I): CheckOutcome | Promise<CheckOutcome>;
}

export function defineCheck<I>(check: Check<I>): Check<I> {
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
