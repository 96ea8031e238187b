import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { isDataService, view } from '../exchange.ts';
import type { ExchangesInput } from './context.ts';

/** Once a data service refused a token (faultcode Client: revoked, expired…), the SUT stops presenting it. */
export const tokenRefusalFinal = defineCheck<ExchangesInput>({
  name: 'token-refusal-final',
  summary: 'a token a data service refused is not presented again',
  run({ exchanges }) {
    const calls = exchanges.map(view).filter((v) => isDataService(v.x.service) && v.fields.kdpToken);
    calls.sort((a, b) => a.x.at - b.x.at);
    const refused = new Map<string, string>();
    const bad: string[] = [];
    for (const c of calls) {
      const token = c.fields.kdpToken!.trim();
      const by = refused.get(token);
      if (by) bad.push(`${c.x.evidenceId}: presented again after ${by}`);
      if (c.faultKind === 'Client') refused.set(token, `${c.faultCode} in ${c.x.evidenceId}`);
    }
    if (refused.size === 0) return skipped('no token was refused');
    return bad.length
      ? failed(
          `${bad.length} retries of refused tokens: ${listSome(bad)}`,
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(`${refused.size} refused tokens, none presented again`);
  },
});
