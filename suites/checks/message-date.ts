import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { view } from '../exchange.ts';
import { formatOffset, isStrictShepDate, isXsdDateTime } from '../wire.ts';
import type { ExchangesInput } from './context.ts';

/**
 * messageDate in the profile's form: yyyy-MM-dd'T'HH:mm:ss.SSS±HH:MM (the shape SHEP itself writes),
 * with the offset of the environment's profile (Kazakhstan's +05:00 unless it chose +06:00), close
 * to the gateway's clock. The gateway accepts any xs:dateTime; the form is what the profile asks.
 */
export const messageDate = defineCheck<ExchangesInput>({
  name: 'message-date',
  summary:
    "messageDate is yyyy-MM-dd'T'HH:mm:ss.SSS±HH:MM in the profile's Kazakhstan offset (+05:00), within the skew of the gateway's clock",
  run({ exchanges, context }) {
    const expected = formatOffset(context.utcOffsetMinutes);
    const bad: string[] = [];
    const ids: string[] = [];
    let judged = 0;
    for (const x of exchanges) {
      const d = view(x).info?.messageDate;
      if (d === undefined) continue;
      judged++;
      let why: string | undefined;
      const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(d)?.[1];
      if (!isXsdDateTime(d)) why = `"${d}" is not an xs:dateTime`;
      else if (!offset) why = `"${d}" has no offset`;
      else if (offset !== expected)
        why = `"${d}" is in ${offset}, not Kazakhstan time as the profile writes it (${expected})`;
      else if (!isStrictShepDate(d)) why = `"${d}" is not in the form yyyy-MM-dd'T'HH:mm:ss.SSS±HH:MM`;
      else {
        const skew = Date.parse(d) - x.at;
        if (Math.abs(skew) > context.maxSkewMs)
          why = `"${d}" is ${Math.round(skew / 1000)} s off the gateway's clock (${new Date(x.at).toISOString()})`;
      }
      if (why) {
        bad.push(`${x.evidenceId}: ${why}`);
        ids.push(x.evidenceId);
      }
    }
    if (judged === 0) return skipped('no readable message');
    return bad.length
      ? failed(listSome(bad), ids)
      : passed(`${judged} messageDates in the form …SS.SSS${expected} within ${context.maxSkewMs / 1000} s`);
  },
});
