import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { view } from '../exchange.ts';
import { isXsdDateTime } from '../wire.ts';
import type { ExchangesInput } from './context.ts';

const KZ_OFFSETS = ['+05:00', '+06:00'];

/** messageDate: an xs:dateTime with Kazakhstan's offset, close to the gateway's clock. */
export const messageDate = defineCheck<ExchangesInput>({
  name: 'message-date',
  summary: "messageDate is an xs:dateTime in Kazakhstan time (+05:00/+06:00) within the skew of the gateway's clock",
  run({ exchanges, context }) {
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
      else if (!KZ_OFFSETS.includes(offset)) why = `"${d}" is not in Kazakhstan time (${offset})`;
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
      : passed(`${judged} messageDates in Kazakhstan time within ${context.maxSkewMs / 1000} s`);
  },
});
