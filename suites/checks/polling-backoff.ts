import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { askedRequestId, FINAL_STATUSES, view, type ExchangeView } from '../exchange.ts';
import { isKdpRequest } from './per-message.ts';
import type { ExchangesInput } from './context.ts';

export const MIN_POLL_INTERVAL_MS = 200;
/** Arrival times jitter: an interval may fall this much below the one before it. */
const JITTER_MS = 250;
/** A cadence of a second or more is a plateau the back-off may settle on (and latency may bend). */
export const PLATEAU_MS = 1000;

/** Polls of one request come at least 200 ms apart, never closer than before while under a second, and stop at a final status. */
export const pollingBackoff = defineCheck<ExchangesInput>({
  name: 'polling-backoff',
  summary: 'polls ≥ 200 ms apart, intervals not shrinking below 1 s, none after a final status',
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
      let last = 0;
      let finalAt: ExchangeView | undefined;
      for (let i = 0; i < vs.length; i++) {
        const v = vs[i]!;
        if (finalAt) {
          bad.push(`${v.x.evidenceId}: polled again after ${finalAt.answer?.status} (${finalAt.x.evidenceId})`);
          ids.add(v.x.evidenceId);
          break;
        }
        if (i > 0) {
          const gap = v.x.at - vs[i - 1]!.x.at;
          if (gap < MIN_POLL_INTERVAL_MS || gap + JITTER_MS < Math.min(last, PLATEAU_MS)) {
            bad.push(
              `${v.x.evidenceId}: polled ${gap} ms after the previous poll${last ? ` (before: ${last} ms)` : ''}`,
            );
            ids.add(v.x.evidenceId);
          }
          last = gap;
        }
        if ((FINAL_STATUSES as readonly string[]).includes(v.answer?.status ?? '')) finalAt = v;
      }
    }
    return bad.length
      ? failed(listSome(bad), [...ids])
      : passed(`${polled.length} polled requests backed off and stopped at a final status`);
  },
});
