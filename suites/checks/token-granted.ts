import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { grantedTokens, isDataService, view } from '../exchange.ts';
import type { ExchangesInput } from './context.ts';

/** R3: every data-service call presents an access token the state service granted this sender before. */
export const tokenGranted = defineCheck<ExchangesInput>({
  name: 'token-granted',
  summary: 'every data-service call presents a token the state service granted earlier',
  run({ exchanges }) {
    const views = exchanges.map(view);
    const calls = views.filter((v) => isDataService(v.x.service) && v.info);
    if (calls.length === 0) return skipped('no data-service call');
    const bad: string[] = [];
    for (const c of calls) {
      const token = c.fields.kdpToken?.trim();
      const grants = grantedTokens(
        views.filter((v) => v.x.sender === c.x.sender && v.x.environment === c.x.environment),
      );
      const grant = token ? grants.get(token) : undefined;
      if (!token) bad.push(`${c.x.evidenceId}: no kdpToken`);
      else if (!grant || grant.at > c.x.at) bad.push(`${c.x.evidenceId}: a kdpToken the state service never granted`);
    }
    return bad.length
      ? failed(
          `${bad.length} of ${calls.length} data-service calls without a granted token: ${listSome(bad)}`,
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(
          `${calls.length} data-service calls, each with a granted token`,
          calls.map((c) => c.x.evidenceId),
        );
  },
});
