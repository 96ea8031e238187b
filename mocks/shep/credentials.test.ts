import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/clock.ts';
import { seededRandom } from '../random.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { CREDENTIALS_COLLECTION, registerOrganisationCredentials, StoreCredentialRegistry } from './credentials.ts';

let store: SqliteStore;
let now: number;
let registry: StoreCredentialRegistry;
const clock = new VirtualClock({ frozenAtMs: 1_750_000_000_000 });

function makeRegistry(random = seededRandom(1)): StoreCredentialRegistry {
  return new StoreCredentialRegistry(store, { random, clock, cacheTtlMs: 1000, monotonicNow: () => now });
}

beforeEach(() => {
  store = new SqliteStore(':memory:');
  now = 0;
  registry = makeRegistry();
});

afterEach(async () => {
  await store.close();
});

describe('T-SHEP-3 R12 StoreCredentialRegistry', () => {
  it('T-SHEP-3 tells a valid credential, a wrong password, a missing one and an unknown sender apart', async () => {
    await registry.register({ environment: 'test', senderId: 'bank', password: 'pw' });
    expect(await registry.verify('bank', 'pw', 'test')).toEqual({ ok: true });
    expect(await registry.verify('bank', 'PW', 'test')).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await registry.verify('bank', 'pw ', 'test')).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await registry.verify('bank', undefined, 'test')).toEqual({ ok: false, reason: 'missing-password' });
    expect(await registry.verify('bank', '', 'test')).toEqual({ ok: false, reason: 'missing-password' });
    expect(await registry.verify('nobody', 'pw', 'test')).toEqual({ ok: false, reason: 'unknown-sender' });
  });

  it('T-SHEP-3 names the holder of a verified credential, from the store and from the cache alike', async () => {
    await registry.register({ environment: 'test', senderId: 'bank', password: 'pw', owner: '990340001234' });
    expect(await registry.verify('bank', 'pw', 'test')).toEqual({ ok: true, owner: '990340001234' });
    expect(await registry.verify('bank', 'pw', 'test')).toEqual({ ok: true, owner: '990340001234' });
  });

  it('R12 recognises a credential of the other environment', async () => {
    await registry.register({ environment: 'test', senderId: 'bank-test', password: 'tp' });
    expect(await registry.verify('bank-test', 'tp', 'prod')).toEqual({ ok: false, reason: 'other-environment' });
    // Without the right password it is just unknown here: nothing is revealed about the other side.
    expect(await registry.verify('bank-test', 'nope', 'prod')).toEqual({ ok: false, reason: 'unknown-sender' });
    expect(await registry.verify('bank-test', undefined, 'prod')).toEqual({ ok: false, reason: 'unknown-sender' });
  });

  it('R12 keeps one senderId with two passwords, one per environment', async () => {
    await registry.register({ environment: 'test', senderId: 'twin', password: 'a' });
    await registry.register({ environment: 'prod', senderId: 'twin', password: 'b' });
    expect(await registry.verify('twin', 'a', 'test')).toEqual({ ok: true });
    expect(await registry.verify('twin', 'b', 'prod')).toEqual({ ok: true });
    expect(await registry.verify('twin', 'b', 'test')).toEqual({ ok: false, reason: 'other-environment' });
    expect(await registry.verify('twin', 'a', 'prod')).toEqual({ ok: false, reason: 'other-environment' });
    expect(await registry.verify('twin', 'c', 'prod')).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('stores a salted hash, never the password, with a fresh salt per credential', async () => {
    await registry.register({ environment: 'test', senderId: 'a', password: 'same-password', owner: '990140000011' });
    await registry.register({ environment: 'test', senderId: 'b', password: 'same-password' });
    const docs = await store.collection<Record<string, string>>(CREDENTIALS_COLLECTION).find();
    expect(JSON.stringify(docs)).not.toContain('same-password');
    expect(docs[0]).toMatchObject({
      environment: 'test',
      senderId: 'a',
      owner: '990140000011',
      algorithm: 'hmac-sha256',
      registeredAt: clock.nowMs(),
    });
    expect(docs[0]!.salt).not.toBe(docs[1]!.salt);
    expect(docs[0]!.hash).not.toBe(docs[1]!.hash);
  });

  it('replaces a credential on re-registration and forgets it on revocation, at once on this instance', async () => {
    await registry.register({ environment: 'test', senderId: 'bank', password: 'old' });
    expect(await registry.verify('bank', 'old', 'test')).toEqual({ ok: true });
    await registry.register({ environment: 'test', senderId: 'bank', password: 'new' });
    expect(await registry.verify('bank', 'old', 'test')).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await registry.verify('bank', 'new', 'test')).toEqual({ ok: true });
    expect(await registry.revoke('test', 'bank')).toBe(true);
    expect(await registry.verify('bank', 'new', 'test')).toEqual({ ok: false, reason: 'unknown-sender' });
    expect(await registry.revoke('test', 'bank')).toBe(false);
  });

  it('sees changes made by another instance sharing the store once its cache entry expires', async () => {
    const other = makeRegistry(seededRandom(2));
    expect(await registry.verify('late', 'pw', 'test')).toEqual({ ok: false, reason: 'unknown-sender' });
    await other.register({ environment: 'test', senderId: 'late', password: 'pw' });
    expect(await registry.verify('late', 'pw', 'test')).toEqual({ ok: false, reason: 'unknown-sender' });
    now += 1001;
    expect(await registry.verify('late', 'pw', 'test')).toEqual({ ok: true });
    await other.revoke('test', 'late');
    now += 1001;
    expect(await registry.verify('late', 'pw', 'test')).toEqual({ ok: false, reason: 'unknown-sender' });
  });

  it('refuses to register an empty senderId or password, a padded senderId or an unknown environment', async () => {
    await expect(registry.register({ environment: 'test', senderId: '', password: 'x' })).rejects.toThrow(TypeError);
    await expect(registry.register({ environment: 'test', senderId: ' a', password: 'x' })).rejects.toThrow(TypeError);
    await expect(registry.register({ environment: 'test', senderId: 'a', password: '' })).rejects.toThrow(TypeError);
    await expect(registry.register({ environment: 'staging' as 'test', senderId: 'a', password: 'x' })).rejects.toThrow(
      TypeError,
    );
  });

  it("loads fixture organisations' test and prod credentials", async () => {
    await registerOrganisationCredentials(registry, [
      {
        bin: '990140000011',
        credentials: {
          test: { senderId: 'org1-test', password: 't1' },
          prod: { senderId: 'org1-prod', password: 'p1' },
        },
      },
      {
        bin: '990140000022',
        credentials: { test: { senderId: 'org2', password: 't2' }, prod: { senderId: 'org2', password: 'p2' } },
      },
    ]);
    expect(await registry.verify('org1-test', 't1', 'test')).toEqual({ ok: true, owner: '990140000011' });
    expect(await registry.verify('org1-prod', 'p1', 'prod')).toEqual({ ok: true, owner: '990140000011' });
    expect(await registry.verify('org1-test', 't1', 'prod')).toEqual({ ok: false, reason: 'other-environment' });
    expect(await registry.verify('org2', 'p2', 'prod')).toEqual({ ok: true, owner: '990140000022' });
    expect(await store.collection(CREDENTIALS_COLLECTION).count()).toBe(4);
  });

  it('survives a flood of made-up senderIds (bounded cache)', async () => {
    for (let i = 0; i < 12_000; i++) await registry.verify(`ghost-${i}`, 'x', 'test');
    await registry.register({ environment: 'test', senderId: 'real', password: 'pw' });
    expect(await registry.verify('real', 'pw', 'test')).toEqual({ ok: true });
  });
});
