import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { askedRequestId, FINAL_STATUSES, view, type ExchangeView } from '../exchange.ts';
import { isKdpRequest } from './per-message.ts';
import type { ExchangesInput } from './context.ts';

export const MIN_POLL_INTERVAL_MS = 200;
/** A cadence of a second or more is a plateau the back-off may settle on. */
export const PLATEAU_MS = 1000;
/**
 * How many intervals under a second a back-off may take before it reaches the plateau: from the
 * 200 ms minimum, doubling reaches a second after three (200, 400, 800); one more is slack.
 */
export const MAX_SHORT_INTERVALS = 4;

/**
 * Polls of one request wait at least 200 ms, back off (do not stay under a second), and stop at a
 * final status. Judged on what the SUT chose, never on how regular the arrivals are: the gateway
 * stamps a poll when it arrives, and a poller waits for the answer before it sleeps, so a loaded
 * machine (or a slow gateway) can only lengthen an interval, never shorten it. Both rules are
 * therefore lower bounds that load cannot break: no interval below the minimum, and no more than
 * a few intervals below the plateau. A poller that does not wait at all breaks both.
 */
export const pollingBackoff = defineCheck<ExchangesInput>({
  name: 'polling-backoff',
  summary: `polls ≥ ${MIN_POLL_INTERVAL_MS} ms apart, at most ${MAX_SHORT_INTERVALS} intervals under ${PLATEAU_MS / 1000} s, none after a final status`,
  run({ exchanges }) {
    const byRequest = new Map<string, ExchangeView[]>();
    for (const v of exchanges.map(view).filter(isKdpRequest)) {
      const id = askedRequestId(v) ?? (v.answer?.status === 'PENDING' ? v.answer.requestId : undefined);
      if (id) byRequest.set(id, [...(byRequest.get(id) ?? []), v]);
    }
    const polled = [...byRequest.values()].filter((vs) => vs.length > 1);
    if (polled.length === 0) return skipped('no request was polled');
    const bad: string[] = [];
    const ids = new Set<string>();
    for (const vs of polled) {
      vs.sort((a, b) => a.x.at - b.x.at);
      const final = vs.findIndex((v) => (FINAL_STATUSES as readonly string[]).includes(v.answer?.status ?? ''));
      const after = final >= 0 ? vs[final + 1] : undefined;
      if (after) {
        bad.push(`${after.x.evidenceId}: polled again after ${vs[final]!.answer?.status} (${vs[final]!.x.evidenceId})`);
        ids.add(after.x.evidenceId);
      }
      const gaps = vs.slice(1).map((v, i) => ({ v, ms: v.x.at - vs[i]!.x.at }));
      const tooClose = gaps.filter((g) => g.ms < MIN_POLL_INTERVAL_MS);
      if (tooClose.length) {
        bad.push(
          `${tooClose[0]!.v.x.evidenceId}: ${tooClose.length} of ${gaps.length} polls came under ${MIN_POLL_INTERVAL_MS} ms after the one before (shortest ${Math.min(...tooClose.map((g) => g.ms))} ms)`,
        );
        for (const g of tooClose) ids.add(g.v.x.evidenceId);
      }
      const short = gaps.filter((g) => g.ms < PLATEAU_MS);
      if (short.length > MAX_SHORT_INTERVALS) {
        bad.push(
          `${short[MAX_SHORT_INTERVALS]!.v.x.evidenceId}: ${short.length} intervals under ${PLATEAU_MS} ms (${listSome(
            short.map((g) => `${g.ms} ms`),
            6,
          )}): no back-off`,
        );
        for (const g of short.slice(MAX_SHORT_INTERVALS)) ids.add(g.v.x.evidenceId);
      }
    }
    return bad.length
      ? failed(listSome(bad), [...ids])
      : passed(`${polled.length} polled requests backed off and stopped at a final status`);
  },
});
