import { createHash } from 'node:crypto';
import type { ExchangeJournal } from '../journal/journal.ts';
import type { Collection } from '../store/store.ts';
import type { ShepEnvironment } from './environments.ts';

/** Where stores before 0.2 kept used messageIds, one row each: still honoured when present. */
export const LEGACY_MESSAGE_IDS_COLLECTION = 'shep-message-ids';

/** Keys longer than this are hashed: an attacker's 1 MB messageId must not become an index entry. */
const MAX_PLAIN_KEY = 200;

/**
 * Which (environment, sender, messageId) a message has consumed (router.ts). No row of its own:
 * the exchange's journal record carries the key (ExchangeRecord.messageKey, indexed), so one
 * durable row per exchange suffices. Between the claim and that record being written (while the
 * service runs) the key is held in memory, so a twin sent concurrently is refused all the same.
 */
/** A messageId taken by one exchange; by identity, so a claim from before a reset is told apart. */
export interface MessageIdClaim {
  readonly key: string;
}

export class UsedMessageIds {
  private readonly inFlight = new Map<string, MessageIdClaim>();

  constructor(
    private readonly journal: Pick<ExchangeJournal, 'hasMessageKey'>,
    /** The old per-id rows of a store written before 0.2 (checked only when it holds any). */
    private readonly legacy?: Collection<unknown>,
  ) {}

  private legacyInUse: Promise<boolean> | undefined;

  static key(environment: ShepEnvironment, senderId: string, messageId: string): string {
    const plain = JSON.stringify([environment, senderId, messageId]);
    return plain.length <= MAX_PLAIN_KEY ? plain : `sha256:${createHash('sha256').update(plain).digest('base64url')}`;
  }

  /** The claim, now the caller's, when the messageId was free; undefined when it was used before or is in flight. */
  async claim(environment: ShepEnvironment, senderId: string, messageId: string): Promise<MessageIdClaim | undefined> {
    const key = UsedMessageIds.key(environment, senderId, messageId);
    if (this.inFlight.has(key)) return undefined;
    // Taken before the first await: a concurrent twin finds it in flight.
    const claim: MessageIdClaim = { key };
    this.inFlight.set(key, claim);
    try {
      if ((await this.journal.hasMessageKey(key)) || (await this.usedBefore(environment, senderId, messageId))) {
        this.release(claim);
        return undefined;
      }
    } catch (err) {
      this.release(claim);
      throw err;
    }
    return claim;
  }

  /** Whether the claim still stands: false once the environment was reset while its exchange ran. */
  holds(claim: MessageIdClaim): boolean {
    return this.inFlight.get(claim.key) === claim;
  }

  /** The claiming exchange's record carries the key now: the journal answers for it from here on. */
  settle(claim: MessageIdClaim): void {
    this.release(claim);
  }

  /** The environment reset: the messageIds of exchanges still running are not spent in the new one. */
  forget(): void {
    this.inFlight.clear();
  }

  private release(claim: MessageIdClaim): void {
    if (this.holds(claim)) this.inFlight.delete(claim.key);
  }

  private async usedBefore(environment: ShepEnvironment, senderId: string, messageId: string): Promise<boolean> {
    const legacy = this.legacy;
    if (!legacy) return false;
    this.legacyInUse ??= legacy.count().then((n) => n > 0);
    if (!(await this.legacyInUse)) return false;
    return (await legacy.get(JSON.stringify([environment, senderId, messageId]))) !== undefined;
  }
}
