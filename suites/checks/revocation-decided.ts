import { defineCheck, failed, passed, review } from '../check.ts';
import { view, type Exchange } from '../exchange.ts';

/** A revocation request as the state service's environment API shows it. */
export interface RevocationSeen {
  id: string;
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  reason?: string;
  evidence: string[];
}

/**
 * T-INIT-17: the SUT learnt of the subject's revocation from KDP_LIST_TO_REVOKE and decided it
 * itself with KDP_SEND_SOLUTION. ACCEPT passes; a REJECT is a person's call (a legal obligation
 * may keep the access), so REVIEW with its reason; undecided, or decided by anyone but the SUT,
 * fails.
 */
export const revocationDecided = defineCheck<{ revocation: RevocationSeen; exchanges: readonly Exchange[] }>({
  name: 'revocation-decided',
  summary: "the SUT lists the subject's revocation (KDP_LIST_TO_REVOKE) and decides it with KDP_SEND_SOLUTION",
  run({ revocation, exchanges }) {
    const views = exchanges.map(view);
    const solutions = views.filter(
      (v) => v.x.service === 'KDP_SEND_SOLUTION' && v.fields.request_id?.trim() === revocation.id && !v.faultCode,
    );
    const solution = solutions[0];
    const listed = solution
      ? views.find((v) => v.x.service === 'KDP_LIST_TO_REVOKE' && !v.faultCode && v.x.at <= solution.x.at)
      : undefined;
    const evidence = [
      ...revocation.evidence,
      ...(listed ? [listed.x.evidenceId] : []),
      ...solutions.map((v) => v.x.evidenceId),
    ];
    if (revocation.status === 'PENDING')
      return failed('the revocation request is still pending: the SUT never decided it', evidence);
    if (!solution)
      return failed(`the revocation is ${revocation.status}, but no KDP_SEND_SOLUTION of the SUT decided it`, evidence);
    if (!listed) return failed('the SUT decided a revocation it never listed (no KDP_LIST_TO_REVOKE before)', evidence);
    const sent = solution.fields.solution?.trim();
    if (revocation.status === 'REJECTED')
      return review(
        `the SUT rejected the revocation (${revocation.reason ?? 'no reason'}): only a legal obligation justifies it`,
        evidence,
      );
    return sent === 'ACCEPT'
      ? passed('listed by KDP_LIST_TO_REVOKE and accepted by KDP_SEND_SOLUTION', evidence)
      : failed(`the revocation is ACCEPTED but the SUT sent solution ${sent ?? '(none)'}`, evidence);
  },
});
