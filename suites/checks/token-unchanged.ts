import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { grantedTokens, isDataService, view } from '../exchange.ts';
import type { ExchangesInput } from './context.ts';

const pem = (s: string | undefined) => (s ?? '').replace(/\r\n/g, '\n').trim();

/** kdpToken is the code and publicKey the public-key, as the state service wrote them. */
export const tokenUnchanged = defineCheck<ExchangesInput>({
  name: 'token-unchanged',
  summary: 'kdpToken and publicKey passed exactly as the state service issued code and public-key',
  run({ exchanges }) {
    const views = exchanges.map(view);
    const grants = grantedTokens(views);
    const calls = views.filter((v) => isDataService(v.x.service) && v.fields.kdpToken);
    const judged = calls.filter((c) => grants.has(c.fields.kdpToken!.trim()));
    if (judged.length === 0) return skipped('no data-service call with a granted token');
    const bad: string[] = [];
    for (const c of judged) {
      const g = grants.get(c.fields.kdpToken!.trim())!;
      if (c.fields.kdpToken !== c.fields.kdpToken!.trim())
        bad.push(`${c.x.evidenceId}: kdpToken padded with whitespace`);
      if (c.fields.publicKey === undefined) bad.push(`${c.x.evidenceId}: publicKey not passed`);
      else if (pem(c.fields.publicKey) !== pem(g.publicKey))
        bad.push(`${c.x.evidenceId}: publicKey differs from public-key`);
    }
    return bad.length
      ? failed(
          listSome(bad),
          bad.map((b) => b.split(':')[0]!),
        )
      : passed(
          `${judged.length} calls pass kdpToken and publicKey unchanged`,
          judged.map((c) => c.x.evidenceId),
        );
  },
});
