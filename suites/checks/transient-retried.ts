import { defineCheck, failed, passed, skipped } from '../check.ts';
import { view } from '../exchange.ts';
import type { Exchange } from '../exchange.ts';

export const RETRY_BUDGET = 5;

/**
 * After a transient fault (faultcode Server) the SUT sends the message again, with a new messageId,
 * until it gets through, within a budget of attempts.
 */
export const transientRetried = defineCheck<{ exchanges: readonly Exchange[]; service: string }>({
  name: 'transient-retried',
  summary: `a Server fault is retried with a new messageId, at most ${RETRY_BUDGET} times`,
  run({ exchanges, service }) {
    const vs = exchanges
      .map(view)
      .filter((v) => v.x.service === service)
      .sort((a, b) => a.x.at - b.x.at);
    const firstFault = vs.findIndex((v) => v.faultKind === 'Server');
    if (firstFault < 0) return skipped(`no transient fault on ${service} to recover from`);
    const after = vs.slice(firstFault);
    const ids = after.map((v) => v.x.evidenceId);
    const faults = after.filter((v) => v.faultKind === 'Server').length;
    const recovered = after.find((v) => v.x.outcome === 'SCSS001');
    if (!recovered) return failed(`${faults} transient faults on ${service}, never sent again successfully`, ids);
    const sentBefore = after.slice(0, after.indexOf(recovered) + 1);
    const messageIds = sentBefore.map((v) => v.info?.messageId);
    if (new Set(messageIds).size !== messageIds.length)
      return failed('a retry reused the messageId of the faulted message', ids);
    if (sentBefore.length - 1 > RETRY_BUDGET)
      return failed(`${sentBefore.length - 1} retries: more than the budget of ${RETRY_BUDGET}`, ids);
    return passed(`recovered after ${sentBefore.length - 1} retries, each with a new messageId`, ids);
  },
});
