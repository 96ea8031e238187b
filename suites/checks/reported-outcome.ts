import type { AccessRequestPhase } from '../driver/protocol.ts';
import { defineCheck, failed, passed, review } from '../check.ts';

export interface ReportedOutcomeInput {
  expected: readonly AccessRequestPhase[];
  /** The error code the user must be shown, when the outcome is a refusal. */
  expectedErrorCode?: string;
  observed: { phase: string; reason?: string; errorCode?: string; tokenHeld?: boolean } | undefined;
  /** 'person': what a person said the system showed (interactive): a person judges it. */
  source: 'driver' | 'person';
  evidence: string[];
}

/** The SUT shows its user the outcome that happened (granted, declined, expired, locked, failed + code). */
export const reportedOutcome = defineCheck<ReportedOutcomeInput>({
  name: 'reported-outcome',
  summary: 'the SUT reports the outcome (and error code) its user must see',
  run({ expected, expectedErrorCode, observed, source, evidence }) {
    const want = `${expected.join(' or ')}${expectedErrorCode ? ` with ${expectedErrorCode}` : ''}`;
    if (!observed) return failed(`the SUT reported nothing; expected ${want}`, evidence);
    const shown = `${observed.phase}${observed.errorCode ? ` ${observed.errorCode}` : ''}${observed.reason ? ` ("${observed.reason}")` : ''}`;
    if (source === 'person') return review(`expected ${want}; the person saw: ${shown}`, evidence);
    if (!expected.includes(observed.phase as AccessRequestPhase))
      return failed(`reported ${shown}; expected ${want}`, evidence);
    if (expectedErrorCode && observed.errorCode !== expectedErrorCode)
      return failed(`reported ${shown} without the error code ${expectedErrorCode}`, evidence);
    if (observed.phase !== 'granted' && observed.tokenHeld)
      return failed(`reported ${shown} yet holds a token`, evidence);
    if (observed.phase !== 'granted' && observed.phase !== 'pending' && !observed.reason)
      return failed(`reported ${observed.phase} with no reason for the user`, evidence);
    return passed(`reported ${shown}`, evidence);
  },
});
