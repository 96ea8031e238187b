import type { Collection } from '../store/store.ts';
import { kdpError } from './errors.ts';
import type { KdpProfile } from './profile.ts';
import type { ConsentRequest } from './state.ts';

/**
 * Per-subject limits (T-KDP-18): how many consent requests may wait for one subject at once, and
 * how many may reach the subject's phone in a minute of virtual time. A wrong code is tried against
 * every request waiting for the phone, so without the first an initiator that opens many requests
 * multiplies the attempt limit of the one-time code; without the second it can flood a phone.
 * Counted by phone across initiators and environments: one phone, one subject.
 */
export async function checkSubjectLimits(
  requests: Pick<Collection<ConsentRequest>, 'count'>,
  limits: KdpProfile['subjectLimits'],
  phone: string,
  now: number,
): Promise<void> {
  const recent = await requests.count({ where: { phone }, range: { field: 'createdAt', from: now - 60_000, to: now } });
  if (recent >= limits.smsPerMinute)
    throw kdpError(
      'KDP-118',
      `${recent} requests reached this subject in the last minute (limit ${limits.smsPerMinute})`,
      'uin',
    );
  // A request past its deadline is not open any more, even before the sweep records it.
  const open = await requests.count({
    where: { phone, status: 'PENDING' },
    range: { field: 'deadline', from: now + 1 },
  });
  if (open >= limits.openRequests)
    throw kdpError('KDP-117', `${open} requests already wait for this subject (limit ${limits.openRequests})`, 'uin');
}

/**
 * Runs one subject's submissions one after another, so that a burst of concurrent requests cannot
 * all pass the count before any of them is stored. Within this process only (docs/security.md).
 */
export class PerSubjectQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
