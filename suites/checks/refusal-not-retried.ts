import { defineCheck, failed, passed, skipped } from '../check.ts';
import { view, type Exchange } from '../exchange.ts';

/** A refusal (faultcode Client) on a subject's request is final: the same request is not sent again. */
export const refusalNotRetried = defineCheck<{ exchanges: readonly Exchange[]; service: string; iin: string }>({
  name: 'refusal-not-retried',
  summary: 'a Client fault (refusal) is not retried',
  run({ exchanges, service, iin }) {
    const vs = exchanges
      .map(view)
      .filter((v) => v.x.service === service && (v.fields.uin ?? v.fields.iin)?.trim() === iin)
      .sort((a, b) => a.x.at - b.x.at);
    const refusal = vs.findIndex((v) => v.faultKind === 'Client');
    if (refusal < 0) return skipped(`no refusal on ${service} for the subject`);
    const again = vs.slice(refusal + 1);
    const ids = vs.slice(refusal).map((v) => v.x.evidenceId);
    return again.length
      ? failed(`refused with ${vs[refusal]!.faultCode}, then sent ${again.length} more times`, ids)
      : passed(`refused with ${vs[refusal]!.faultCode} and not sent again`, ids);
  },
});
