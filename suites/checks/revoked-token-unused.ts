import { defineCheck, failed, passed } from '../check.ts';
import { isDataService, view, type Exchange } from '../exchange.ts';

/**
 * T-INIT-11, T-INIT-17: after the subject's consent was revoked, the SUT's data-service calls for
 * the subject. A SUT that accepted the revocation itself knew: none at all. One that was not told
 * learns from the data service's refusal: that one refused call, never a second.
 */
export const revokedTokenUnused = defineCheck<{
  exchanges: readonly Exchange[];
  iin: string;
  /** When the revocation took effect, in the journal's (virtual) milliseconds. */
  revokedAtMs: number;
  /** Whether the SUT decided the revocation itself (then it may not call at all). */
  knew: boolean;
}>({
  name: 'revoked-token-unused',
  summary: "no data-service call with a revoked token, beyond the one refusal that tells a SUT that wasn't told",
  run({ exchanges, iin, revokedAtMs, knew }) {
    const calls = exchanges
      .map(view)
      .filter((v) => isDataService(v.x.service) && v.fields.iin?.trim() === iin && v.x.at >= revokedAtMs)
      .sort((a, b) => a.x.at - b.x.at);
    const ids = calls.map((v) => v.x.evidenceId);
    if (calls.length === 0) return passed('no data-service call after the revocation');
    if (knew) return failed(`${calls.length} data-service calls after the SUT itself accepted the revocation`, ids);
    const [first] = calls;
    if (calls.length > 1)
      return failed(
        `the revoked token was presented ${calls.length} times: retried after ${first!.faultCode ?? 'its refusal'}`,
        ids,
      );
    return first!.faultKind === 'Client'
      ? passed(`one call, refused with ${first!.faultCode}; not retried`, ids)
      : failed('the one call after the revocation was not refused: the evidence does not show a revoked token', ids);
  },
});
