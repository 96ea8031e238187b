import type { FetchResult } from '../driver/protocol.ts';
import { defineCheck, failed, passed, review } from '../check.ts';

/** Asked to fetch: with a good token the data, without one a refusal shown to the user (and no data). */
export const fetchOutcome = defineCheck<{
  expectData: boolean;
  /** A value the data must hold (the subject's IIN), to tell data from an error page. */
  mustContain?: string;
  result: FetchResult | { person: string } | undefined;
  evidence: string[];
  /** The code the data service refused with, when the SUT called it: the SUT must report it. */
  errorCode?: string;
}>({
  name: 'fetch-outcome',
  summary: 'fetch returns the data with a valid token and a refusal without one',
  run({ expectData, mustContain, result, evidence, errorCode }) {
    if (!result) return failed('the SUT gave no answer to fetch', evidence);
    if ('person' in result)
      return review(`expected ${expectData ? 'the data' : 'a refusal'}; the person saw: ${result.person}`, evidence);
    if (expectData) {
      if (!result.ok)
        return failed(`no data: ${result.reason}${result.errorCode ? ` (${result.errorCode})` : ''}`, evidence);
      if (mustContain && !JSON.stringify(result.data ?? null).includes(mustContain))
        return failed("the data returned are not the subject's", evidence);
      return passed('the data were fetched', evidence);
    }
    if (!result.ok && errorCode && result.errorCode !== errorCode)
      return failed(
        `refused, but without the data service's code ${errorCode}: ${result.reason}${result.errorCode ? ` (${result.errorCode})` : ''}`,
        evidence,
      );
    return result.ok
      ? failed('the SUT returned data where it held no valid token', evidence)
      : passed(`refused: ${result.reason}${result.errorCode ? ` (${result.errorCode})` : ''}`, evidence);
  },
});
