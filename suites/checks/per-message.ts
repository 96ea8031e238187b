import { defineCheck, failed, listSome, passed, skipped, type Check, type CheckOutcome } from '../check.ts';
import { view, type ExchangeView } from '../exchange.ts';
import type { ExchangesInput, SenderContext } from './context.ts';

/**
 * The shape most passive checks share: pick the messages the check is about, judge each on its
 * own, fail naming the offenders. Each check stays one small file that says only what it picks
 * and how it judges.
 */
export function perMessageCheck(c: {
  name: string;
  summary: string;
  /** What the messages are called in the verdict ("KDP_SERVICE requests"). */
  noun: string;
  picks(v: ExchangeView): boolean;
  /** Why the message is wrong, or undefined. */
  judge(v: ExchangeView, context: SenderContext): string | undefined;
}): Check<ExchangesInput, CheckOutcome> {
  return defineCheck<ExchangesInput>({
    name: c.name,
    summary: c.summary,
    run({ exchanges, context }) {
      const picked = exchanges.map(view).filter(c.picks);
      if (picked.length === 0) return skipped(`no ${c.noun} to judge`);
      const bad: string[] = [];
      const ids: string[] = [];
      for (const v of picked) {
        const why = c.judge(v, context);
        if (why) {
          bad.push(`${v.x.evidenceId}: ${why}`);
          ids.push(v.x.evidenceId);
        }
      }
      return bad.length
        ? failed(`${bad.length} of ${picked.length} ${c.noun}: ${listSome(bad)}`, ids)
        : passed(
            `${picked.length} ${c.noun} right`,
            picked.map((v) => v.x.evidenceId),
          );
    },
  });
}

/** A KDP_SERVICE request the SUT wrote (a poll that names only a requestId is one too). */
export const isKdpRequest = (v: ExchangeView): boolean => v.x.service === 'KDP_SERVICE' && v.data !== undefined;
