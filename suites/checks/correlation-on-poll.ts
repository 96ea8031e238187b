import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { askedRequestId, FINAL_STATUSES, view, type ExchangeView } from '../exchange.ts';
import { isKdpRequest } from './per-message.ts';
import type { ExchangesInput } from './context.ts';

/**
 * Asking for an outcome names the request (correlationId or <requestId>) and repeats its uin and
 * access_name; asking again for the same subject and service while a request is PENDING without
 * naming it is a second request, not a poll.
 */
export const correlationOnPoll = defineCheck<ExchangesInput>({
  name: 'correlation-on-poll',
  summary: 'a poll names the PENDING request by correlationId/<requestId> with the same uin and access_name',
  run({ exchanges }) {
    const views = exchanges
      .map(view)
      .filter(isKdpRequest)
      .sort((a, b) => a.x.at - b.x.at);
    const pending = new Map<string, ExchangeView>(); // requestId → the request that opened it
    const bad: string[] = [];
    const ids: string[] = [];
    let polls = 0;
    for (const v of views) {
      const asked = askedRequestId(v);
      const opened = asked ? pending.get(asked) : undefined;
      if (asked && opened) {
        polls++;
        for (const f of ['uin', 'access_name'] as const)
          if (v.fields[f] !== undefined && v.fields[f]!.trim() !== opened.fields[f]?.trim()) {
            bad.push(`${v.x.evidenceId}: the poll of ${asked} names another ${f}`);
            ids.push(v.x.evidenceId);
          }
      } else if (!asked || !opened) {
        const twin = [...pending.values()].find(
          (p) =>
            p.x.sender === v.x.sender &&
            p.fields.uin === v.fields.uin &&
            p.fields.access_name === v.fields.access_name &&
            v.answer?.requestId !== undefined &&
            p.answer?.requestId !== v.answer.requestId,
        );
        if (twin && v.answer?.status === 'PENDING') {
          bad.push(`${v.x.evidenceId}: asks again for the subject of ${twin.answer?.requestId} without naming it`);
          ids.push(v.x.evidenceId, twin.x.evidenceId);
        }
      }
      const id = v.answer?.requestId;
      if (id && v.answer?.status === 'PENDING' && !pending.has(id)) pending.set(id, v);
      if (id && (FINAL_STATUSES as readonly string[]).includes(v.answer?.status ?? '')) pending.delete(id);
    }
    if (views.length === 0) return skipped('no KDP_SERVICE request');
    return bad.length ? failed(listSome(bad), ids) : passed(`${polls} polls, each naming its request`);
  },
});
