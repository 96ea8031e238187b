import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/clock.ts';
import { ExchangeJournal } from '../journal/journal.ts';
import { seededRandom } from '../random.ts';
import type { Runtime } from '../runtime.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { testRuntime } from '../testing.ts';
import { DEFAULT_KDP_PROFILE } from './profile.ts';
import { KdpTokens, samePublicKey, type IssueInput, type Presentation } from './tokens.ts';

const IIN = '900101300016';
const OTHER_IIN = '850505400028';
const BIN = '110140252784';
const OTHER_BIN = '100340331624';

let rt: Runtime & { clock: VirtualClock };
let tokens: KdpTokens;

beforeEach(() => {
  rt = testRuntime(3);
  tokens = new KdpTokens(rt);
});
afterEach(async () => {
  await rt.store.close();
});

const input = (over: Partial<IssueInput> = {}): IssueInput => ({
  environment: 'test',
  iin: IIN,
  cbin: BIN,
  accessName: 'GBDFLUniversal_token',
  way: 'sms',
  requestId: 'req-1',
  lifetimeMs: 600_000,
  ...over,
});

const presentation = (code: string | undefined, over: Partial<Presentation> = {}): Presentation => ({
  environment: 'test',
  service: 'GBDFLUniversal_token',
  iin: IIN,
  initiatorBin: BIN,
  token: code,
  ...over,
});

function refused(p: Promise<unknown>, errorCode: string) {
  return expect(p).rejects.toMatchObject({ code: errorCode });
}

describe('issue (T-KDP-4, R2.8)', () => {
  it('T-KDP-4 code is an ES256 JWT of type kdp-access+jwt, bound to subject, initiator, service and environment; public-key is PEM SPKI', async () => {
    const { code, publicKey, record } = await tokens.issue(input());
    const header = decodeProtectedHeader(code);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'kdp-access+jwt' });
    expect(header.kid).toEqual(expect.any(String));
    const claims = decodeJwt(code);
    expect(claims).toMatchObject({
      iss: 'urn:kdp-conformance:test:kdp',
      sub: IIN,
      aud: 'GBDFLUniversal_token',
      cbin: BIN,
      env: 'test',
      way: 'sms',
      rid: 'req-1',
      jti: record.jti,
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims.nbf).toBe(claims.iat);
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
    // Anyone holding public-key can verify it.
    await expect(
      jwtVerify(code, await importSPKI(publicKey, 'ES256'), { currentDate: rt.clock.now() }),
    ).resolves.toBeDefined();
  });

  it('R2.8 every token is unique', async () => {
    const a = await tokens.issue(input());
    const b = await tokens.issue(input());
    expect(a.record.jti).not.toBe(b.record.jti);
    expect(a.code).not.toBe(b.code);
  });

  it('R12 test and prod have different keys', async () => {
    expect(await tokens.publicKeyPem('test')).not.toBe(await tokens.publicKeyPem('prod'));
  });

  it('T-KDP-7 issue and use are recorded in the store and the journal', async () => {
    const { code, record } = await tokens.issue(input());
    await tokens.verify(presentation(code));
    await refused(tokens.verify(presentation(code, { iin: OTHER_IIN })), 'KDP-404');
    expect((await tokens.eventsFor(record.jti)).map((e) => [e.event, e.outcome])).toEqual([
      ['issued', 'ok'],
      ['used', 'ok'],
      ['refused', 'KDP-404'],
    ]);
    expect((await rt.journal.query({ channel: 'kdp' })).map((r) => r.outcome)).toEqual([
      'token-issued',
      'token-used',
      'KDP-404',
    ]);
  });
});

describe("the verdict of a signature is remembered for the token's lifetime (T-KDP-9)", () => {
  it("R2.8 verifies a token's signature once; binding, revocation and expiry are still checked on every use", async () => {
    const { code, record } = await tokens.issue(input());
    await tokens.verify(presentation(code));
    await tokens.verify(presentation(code));
    await tokens.verify(presentation(code));
    expect(tokens.signatureChecks).toBe(1);
    // A remembered signature does not make the token good for another subject or service.
    await refused(tokens.verify(presentation(code, { iin: OTHER_IIN })), 'KDP-404');
    await refused(tokens.verify(presentation(code, { service: 'MCDB_SERVICE' })), 'KDP-406');
    expect(tokens.signatureChecks).toBe(1);
    // Revocation is read from the store on every use.
    await tokens.revoke(record.jti, 'rev-1');
    await refused(tokens.verify(presentation(code)), 'KDP-403');
  });

  it('T-KDP-5 a token lives at least its lifetime, though JWT times are whole seconds', async () => {
    // Issued 900 ms into a second: rounding the end from iat would leave it 1.1 s of its 2 s.
    rt.clock.advance(1000 - (rt.clock.nowMs() % 1000) + 900);
    const issuedAt = rt.clock.nowMs();
    const { code } = await tokens.issue(input({ lifetimeMs: 2000 }));
    const { exp } = decodeJwt(code);
    expect(exp! * 1000).toBeGreaterThanOrEqual(issuedAt + 2000);
    expect(exp! * 1000).toBeLessThan(issuedAt + 3000);
    rt.clock.advance(1900);
    await tokens.verify(presentation(code));
  });

  it('R2.8 a remembered token still expires on the virtual clock', async () => {
    const { code } = await tokens.issue(input({ lifetimeMs: 60_000 }));
    await tokens.verify(presentation(code));
    rt.clock.advance(61_000);
    await refused(tokens.verify(presentation(code)), 'KDP-402');
  });

  it('R12 a verdict made with a key that was since replaced counts for nothing', async () => {
    const { code } = await tokens.issue(input());
    await tokens.verify(presentation(code));
    // An environment reset empties the store; another instance then writes its own key.
    await rt.store.clear();
    const other = new KdpTokens(rt);
    await other.publicKeyPem('test');
    await refused(tokens.verify(presentation(code)), 'KDP-401');
  });
});

describe('verify at a data service (T-KDP-9, R3, R2.8)', () => {
  it('R3 a valid token passes', async () => {
    const { code, publicKey, record } = await tokens.issue(input());
    await expect(tokens.verify(presentation(code, { publicKey }))).resolves.toMatchObject({ jti: record.jti });
    // publicKey may come without PEM armour.
    const bare = publicKey.replace(/-----[A-Z ]+-----|\s/g, '');
    await expect(tokens.verify(presentation(code, { publicKey: bare }))).resolves.toBeDefined();
  });

  it('R2.8 no token, or not a JWT', async () => {
    await refused(tokens.verify(presentation(undefined)), 'KDP-400');
    await refused(tokens.verify(presentation('not-a-jwt')), 'KDP-401');
  });

  it('T-KDP-9 a token signed by a key the requester brings, with its own publicKey, is refused', async () => {
    const { code } = await tokens.issue(input());
    const evil = await generateKeyPair('ES256', { extractable: true });
    const forged = await new SignJWT(decodeJwt(code))
      .setProtectedHeader(decodeProtectedHeader(code) as { alg: string })
      .sign(evil.privateKey);
    await refused(tokens.verify(presentation(forged, { publicKey: await exportSPKI(evil.publicKey) })), 'KDP-401');
  });

  it('R2.8 alg none is refused', async () => {
    const { code } = await tokens.issue(input());
    const [, payload] = code.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'kdp-access+jwt' })).toString('base64url');
    await refused(tokens.verify(presentation(`${header}.${payload}.`)), 'KDP-401');
  });

  it('R2.8 HS256 keyed with the public key is refused', async () => {
    const { code, publicKey } = await tokens.issue(input());
    const hs = await new SignJWT(decodeJwt(code))
      .setProtectedHeader({ alg: 'HS256', typ: 'kdp-access+jwt' })
      .sign(new TextEncoder().encode(publicKey));
    await refused(tokens.verify(presentation(hs, { publicKey })), 'KDP-401');
  });

  it('R2.8 a tampered payload is refused', async () => {
    const { code } = await tokens.issue(input());
    const [h, p, s] = code.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: OTHER_IIN })).toString('base64url');
    await refused(tokens.verify(presentation(`${h}.${tampered}.${s}`, { iin: OTHER_IIN })), 'KDP-401');
  });

  it('R2.8 mis-bound: another subject, initiator, service or environment', async () => {
    const { code } = await tokens.issue(input());
    await refused(tokens.verify(presentation(code, { iin: OTHER_IIN })), 'KDP-404');
    await refused(tokens.verify(presentation(code, { initiatorBin: OTHER_BIN })), 'KDP-405');
    await refused(tokens.verify(presentation(code, { initiatorBin: undefined })), 'KDP-405');
    await refused(tokens.verify(presentation(code, { service: 'MCDB_SERVICE' })), 'KDP-406');
    await refused(tokens.verify(presentation(code, { environment: 'prod' })), 'KDP-407');
  });

  it('R2.8 expired', async () => {
    const { code } = await tokens.issue(input());
    rt.clock.advance(600_000);
    await refused(tokens.verify(presentation(code)), 'KDP-402');
  });

  it('T-KDP-11 revoked: stops at once', async () => {
    const { code, record } = await tokens.issue(input());
    await tokens.verify(presentation(code));
    expect(await tokens.revoke(record.jti, 'rev-1')).toBe(true);
    expect(await tokens.revoke(record.jti, 'rev-1')).toBe(false);
    await refused(tokens.verify(presentation(code)), 'KDP-403');
  });

  it('R2.8 a well-signed token the state service has no record of is refused', async () => {
    const { code, record } = await tokens.issue(input());
    await tokens.records.delete(record.jti);
    await refused(tokens.verify(presentation(code)), 'KDP-408');
  });

  it("T-KDP-9 a publicKey that is not the state service's is refused even with a valid token", async () => {
    const { code } = await tokens.issue(input());
    const other = await exportSPKI((await generateKeyPair('ES256')).publicKey);
    await refused(tokens.verify(presentation(code, { publicKey: other })), 'KDP-409');
  });

  it('samePublicKey ignores armour and line breaks only', () => {
    expect(samePublicKey('-----BEGIN PUBLIC KEY-----\nAB\nCD\n-----END PUBLIC KEY-----\n', 'ABCD')).toBe(true);
    expect(samePublicKey('ABCD', 'ABCE')).toBe(false);
  });
});

describe('persistence (T-KDP-6)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdp-tokens-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('T-KDP-6 the signing key and the tokens survive a restart', async () => {
    const file = join(dir, 'kdp.db');
    const clock = new VirtualClock({ frozenAtMs: Date.UTC(2026, 0, 5) });
    const open = () => {
      const store = new SqliteStore(file);
      const random = seededRandom(Date.now());
      return {
        store,
        clock,
        random,
        journal: new ExchangeJournal(store, clock, () => random.uuid()),
      } satisfies Runtime;
    };
    const first = open();
    const before = new KdpTokens(first, DEFAULT_KDP_PROFILE);
    const { code, publicKey } = await before.issue(input());
    await first.store.close();

    const second = open();
    const after = new KdpTokens(second, DEFAULT_KDP_PROFILE);
    expect(await after.publicKeyPem('test')).toBe(publicKey);
    await expect(after.verify(presentation(code))).resolves.toBeDefined();
    await second.store.close();
  });

  it('T-KDP-6 a token issued after an environment reset (store emptied, key still cached) survives a restart', async () => {
    const file = join(dir, 'kdp.db');
    const clock = new VirtualClock({ frozenAtMs: Date.UTC(2026, 0, 5) });
    const open = () => {
      const store = new SqliteStore(file);
      const random = seededRandom(Date.now());
      return {
        store,
        clock,
        random,
        journal: new ExchangeJournal(store, clock, () => random.uuid()),
      } satisfies Runtime;
    };
    const first = open();
    const before = new KdpTokens(first, DEFAULT_KDP_PROFILE);
    const { publicKey: keyBeforeReset } = await before.issue(input());
    // The reset empties every collection, kdp.keys included, while this instance keeps running.
    await first.store.clear();
    const { code, publicKey } = await before.issue(input({ requestId: 'req-after-reset' }));
    expect(publicKey).toBe(keyBeforeReset);
    await first.store.close();

    const second = open();
    const after = new KdpTokens(second, DEFAULT_KDP_PROFILE);
    expect(await after.publicKeyPem('test')).toBe(publicKey);
    await expect(after.verify(presentation(code))).resolves.toMatchObject({ requestId: 'req-after-reset' });
    await second.store.close();
  });

  it('T-KDP-6 after a reset, a key another instance stored on the shared store is the key', async () => {
    const a = new KdpTokens(rt, DEFAULT_KDP_PROFILE);
    const b = new KdpTokens(rt, DEFAULT_KDP_PROFILE);
    const pemA = await a.publicKeyPem('test');
    expect(await b.publicKeyPem('test')).toBe(pemA);
    await rt.store.clear();
    // b has not looked since the reset and a new instance creates a fresh key first…
    const c = new KdpTokens(rt, DEFAULT_KDP_PROFILE);
    const pemC = await c.publicKeyPem('test');
    // …which both older instances then use, so every token verifies everywhere.
    expect(await a.publicKeyPem('test')).toBe(pemC);
    expect(await b.publicKeyPem('test')).toBe(pemC);
    const { code } = await a.issue(input());
    await expect(b.verify(presentation(code))).resolves.toBeDefined();
  });
});
