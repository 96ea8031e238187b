import { defineCheck, failed, passed, review } from '../check.ts';
import type { AccessRequestState } from '../driver/protocol.ts';
import type { Observed } from '../sut.ts';

/** The SUT says it no longer holds the token (revoked, or refused by the data service). */
export const tokenDropped = defineCheck<{ state: Observed<AccessRequestState> }>({
  name: 'token-dropped',
  summary: 'the SUT no longer holds a token that was revoked or refused',
  run({ state }) {
    const { value, evidence } = state;
    if (!value) return failed('the SUT gave no state for the access request', evidence);
    if (state.source === 'person')
      return review(`a person reported the state: ${value.reason ?? value.phase}`, evidence);
    return value.tokenHeld
      ? failed(`the SUT still holds the token (phase ${value.phase})`, evidence)
      : passed(`the token is no longer held${value.reason ? `: ${value.reason}` : ''}`, evidence);
  },
});
