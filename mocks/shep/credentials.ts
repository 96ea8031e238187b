import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Organisation } from '../../fixtures/types.ts';
import type { Clock } from '../clock/clock.ts';
import type { RandomSource } from '../random.ts';
import type { Store } from '../store/store.ts';
import type { ShepEnvironment } from './environments.ts';

/**
 * Who may send through the gateway. The seam the gateway depends on is `verify` only; the
 * Store-backed registry below also issues credentials (`register`), which is how Smart Bridge
 * issues them (for test on approval of an application, for prod after the testing act: R4, R12),
 * the fixture organisations' included.
 */
export type CredentialRefusal =
  /** No credential for this senderId in this environment (nor a matching one in the other). */
  | 'unknown-sender'
  | 'wrong-password'
  | 'missing-password'
  /** The senderId and password are a valid credential, but of the other environment (R12). */
  | 'other-environment';

/** `owner` is who holds the credential (an organisation's BIN): services bind requests to it. */
export type CredentialVerdict = { ok: true; owner?: string } | { ok: false; reason: CredentialRefusal };

export interface CredentialRegistry {
  verify(senderId: string, password: string | undefined, environment: ShepEnvironment): Promise<CredentialVerdict>;
  /**
   * Who holds senderId in this environment, without a password: for a message whose Body
   * signature, verified against the holder's registered keys, authenticates it instead.
   */
  holderOf?(senderId: string, environment: ShepEnvironment): Promise<CredentialVerdict>;
}

export interface ShepCredentialGrant {
  environment: ShepEnvironment;
  senderId: string;
  password: string;
  /** Who holds it (an organisation's BIN, an application id): evidence only. */
  owner?: string;
}

export interface CredentialIssuer {
  /** Creates or replaces the sender's credential in that environment. */
  register(grant: ShepCredentialGrant): Promise<void>;
  revoke(environment: ShepEnvironment, senderId: string): Promise<boolean>;
}

export const CREDENTIALS_COLLECTION = 'shep-credentials';

interface StoredCredential {
  environment: ShepEnvironment;
  senderId: string;
  owner?: string;
  algorithm: 'hmac-sha256';
  /** base64 */
  salt: string;
  /** base64 of HMAC-SHA256(key = salt, password) */
  hash: string;
  /** Virtual time of registration. */
  registeredAt: number;
}

export interface StoreCredentialRegistryOptions {
  random: RandomSource;
  clock: Clock;
  /**
   * How long a credential read from the store is reused without reading it again (real ms).
   * Registering or revoking through this instance takes effect at once; a change made by another
   * instance sharing the store is seen after at most this long.
   */
  cacheTtlMs?: number;
  /** Monotonic real time for the cache; injectable for tests. */
  monotonicNow?: () => number;
}

const CACHE_MAX_ENTRIES = 10_000;

interface CacheEntry {
  record: StoredCredential | undefined;
  /** The password that last matched `record`, as UTF-8: a repeat is checked without hashing. */
  verified?: Buffer;
  until: number;
}

function otherEnvironment(env: ShepEnvironment): ShepEnvironment {
  return env === 'test' ? 'prod' : 'test';
}

/**
 * Credentials in the Store, passwords as salted HMAC-SHA256, compared in constant time.
 *
 * Why not scrypt/argon2: the gateway verifies a password on every message and the bench measures
 * its throughput; a memory-hard KDF (tens of ms per check) would make the benchmark measure the KDF
 * and cap the mock at a few dozen messages per second per core. These are credentials of a test
 * environment issued by the harness itself, not people's passwords: a per-credential random salt
 * and a keyed hash are enough to keep them out of a dumped store file in clear.
 *
 * The cache holds the stored record and, once a password has matched it, that password (in memory
 * only, where it passed anyway): a client repeating its credential, which is every client, is then
 * checked by one constant-time comparison instead of a store read and an HMAC. Anything else takes
 * the full path.
 */
export class StoreCredentialRegistry implements CredentialRegistry, CredentialIssuer {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly ttl: number;
  private readonly monotonicNow: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: StoreCredentialRegistryOptions,
  ) {
    this.ttl = options.cacheTtlMs ?? 5_000;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
  }

  private get records() {
    return this.store.collection<StoredCredential>(CREDENTIALS_COLLECTION);
  }

  private static key(environment: ShepEnvironment, senderId: string): string {
    return JSON.stringify([environment, senderId]);
  }

  async register(grant: ShepCredentialGrant): Promise<void> {
    if (grant.environment !== 'test' && grant.environment !== 'prod')
      throw new TypeError(`unknown environment: ${String(grant.environment)}`);
    if (!grant.senderId || grant.senderId.trim() !== grant.senderId)
      throw new TypeError('senderId must be non-empty, without surrounding spaces');
    if (!grant.password) throw new TypeError('password must be non-empty');
    const salt = Buffer.from(this.options.random.bytes(16));
    const record: StoredCredential = {
      environment: grant.environment,
      senderId: grant.senderId,
      ...(grant.owner !== undefined ? { owner: grant.owner } : {}),
      algorithm: 'hmac-sha256',
      salt: salt.toString('base64'),
      hash: hash(salt, grant.password).toString('base64'),
      registeredAt: this.options.clock.nowMs(),
    };
    const key = StoreCredentialRegistry.key(grant.environment, grant.senderId);
    await this.records.put(key, record);
    this.cache.delete(key);
  }

  async revoke(environment: ShepEnvironment, senderId: string): Promise<boolean> {
    const key = StoreCredentialRegistry.key(environment, senderId);
    this.cache.delete(key);
    return this.records.delete(key);
  }

  /** Forgets cached records (after an environment reset that emptied the store). */
  clearCache(): void {
    this.cache.clear();
  }

  async verify(
    senderId: string,
    password: string | undefined,
    environment: ShepEnvironment,
  ): Promise<CredentialVerdict> {
    if (password) {
      const hit = this.cache.get(StoreCredentialRegistry.key(environment, senderId));
      if (hit?.verified && hit.until > this.monotonicNow()) {
        const presented = Buffer.from(password, 'utf8');
        if (presented.length === hit.verified.length && timingSafeEqual(presented, hit.verified))
          return ownerOf(hit.record);
      }
    }
    const mine = await this.lookup(environment, senderId);
    if (mine) {
      if (password === undefined || password === '') return { ok: false, reason: 'missing-password' };
      if (matches(mine, password)) {
        const entry = this.cache.get(StoreCredentialRegistry.key(environment, senderId));
        if (entry && entry.record === mine) entry.verified = Buffer.from(password, 'utf8');
        return ownerOf(mine);
      }
      // The same senderId may exist in both environments with different passwords.
      const theirs = await this.lookup(otherEnvironment(environment), senderId);
      return theirs && matches(theirs, password)
        ? { ok: false, reason: 'other-environment' }
        : { ok: false, reason: 'wrong-password' };
    }
    if (password) {
      const theirs = await this.lookup(otherEnvironment(environment), senderId);
      if (theirs && matches(theirs, password)) return { ok: false, reason: 'other-environment' };
    }
    return { ok: false, reason: 'unknown-sender' };
  }

  async holderOf(senderId: string, environment: ShepEnvironment): Promise<CredentialVerdict> {
    const mine = await this.lookup(environment, senderId);
    if (mine) return ownerOf(mine);
    return (await this.lookup(otherEnvironment(environment), senderId))
      ? { ok: false, reason: 'other-environment' }
      : { ok: false, reason: 'unknown-sender' };
  }

  private async lookup(environment: ShepEnvironment, senderId: string): Promise<StoredCredential | undefined> {
    const key = StoreCredentialRegistry.key(environment, senderId);
    const now = this.monotonicNow();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.record;
    const record = await this.records.get(key);
    // Unknown senders are cached too, or a flood of made-up senderIds would hit the store each time;
    // the size cap keeps such a flood from growing the map without bound.
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { record, until: now + this.ttl });
    return record;
  }
}

function ownerOf(record: StoredCredential | undefined): CredentialVerdict {
  return record?.owner !== undefined ? { ok: true, owner: record.owner } : { ok: true };
}

function hash(salt: Buffer, password: string): Buffer {
  return createHmac('sha256', salt).update(password, 'utf8').digest();
}

function matches(record: StoredCredential, password: string): boolean {
  const expected = Buffer.from(record.hash, 'base64');
  const actual = hash(Buffer.from(record.salt, 'base64'), password);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Loads organisations' credentials (credentials.test and credentials.prod) straight into a registry,
 * for tests of the gateway on its own; the composed environment has Smart Bridge issue them.
 */
export async function registerOrganisationCredentials(
  issuer: CredentialIssuer,
  organisations: Iterable<Pick<Organisation, 'bin' | 'credentials'>>,
): Promise<void> {
  for (const org of organisations) {
    for (const environment of ['test', 'prod'] as const) {
      const c = org.credentials[environment];
      await issuer.register({ environment, senderId: c.senderId, password: c.password, owner: org.bin });
    }
  }
}
