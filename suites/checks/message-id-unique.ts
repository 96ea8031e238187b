import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { view } from '../exchange.ts';
import type { ExchangesInput } from './context.ts';

/** A messageId is used once per sender and environment, retries included (real SHEP: a unique constraint). */
export const messageIdUnique = defineCheck<ExchangesInput>({
  name: 'message-id-unique',
  summary: 'every messageId used once per sender and environment, retries included',
  run({ exchanges }) {
    const seen = new Map<string, string>();
    const dup: string[] = [];
    const ids = new Set<string>();
    let judged = 0;
    for (const x of exchanges) {
      const id = view(x).info?.messageId;
      if (!id) continue;
      judged++;
      const key = `${x.environment}\u0000${x.sender}\u0000${id}`;
      const before = seen.get(key);
      if (before) {
        dup.push(`${id} in ${before} and ${x.evidenceId}`);
        ids.add(before).add(x.evidenceId);
      } else seen.set(key, x.evidenceId);
    }
    if (judged === 0) return skipped('no readable message');
    return dup.length
      ? failed(`messageId reused: ${listSome(dup)}`, [...ids])
      : passed(`${judged} messageIds, each used once`);
  },
});
