import {
  SignJWT,
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { ConsentWay } from '../../protocol/kdp/ways.ts';
import type { Runtime } from '../runtime.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import { maskPersonalData } from '../mask.ts';
import { KdpError, kdpError, type KdpFaultCode } from './errors.ts';
import { DEFAULT_KDP_PROFILE, forEnvironment, type KdpProfile } from './profile.ts';
import type { CollectionSpec } from '../store/store.ts';

/** A subject revokes by the short reference it was told. */
const TOKENS_SPEC: CollectionSpec = {
  fields: { iin: 'text', ref: 'text', issuedAt: 'integer' },
  indexes: [['iin', 'ref']],
};

/**
 * The state service's access tokens (T-KDP-4): what KDP_SERVICE answers as `code` + `public-key`,
 * and what GBDFLUniversal_token and MCDB_SERVICE check before releasing anything (R3, T-KDP-9).
 * Each environment has its own ES256 key, kept in the Store so that tokens outlive a restart and a
 * test token can never pass in production (R12).
 */

const ALG = 'ES256';
const ENVIRONMENTS: ShepEnvironment[] = ['test', 'prod'];

interface KeyDoc {
  environment: ShepEnvironment;
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: number;
}

const KEY_DOCS_SPEC: CollectionSpec = { fields: { environment: 'text', kid: 'text' } };

interface LoadedKey {
  /** What the Store holds for it: written back if the Store lost it (an environment reset). */
  doc: KeyDoc;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  spki: string;
}

/** The claims an access token carries beyond the registered ones. */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  aud: string;
  jti: string;
  cbin: string;
  env: ShepEnvironment;
  way: ConsentWay;
  /** The consent request it answers. */
  rid: string;
}

export interface TokenRecord {
  jti: string;
  environment: ShepEnvironment;
  iin: string;
  cbin: string;
  accessName: string;
  way: ConsentWay;
  requestId: string;
  /** Short reference the subject quotes to revoke it (T-KDP-11). */
  ref: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt?: number;
  revocationId?: string;
}

export interface TokenEvent {
  id: string;
  jti: string | null;
  event: 'issued' | 'used' | 'refused' | 'revoked';
  at: number;
  environment: ShepEnvironment;
  /** The data service or actor involved. */
  service?: string;
  /** The outcome: 'ok' or the KDP error code. */
  outcome: string;
}

export interface IssueInput {
  environment: ShepEnvironment;
  iin: string;
  cbin: string;
  accessName: string;
  way: ConsentWay;
  requestId: string;
  lifetimeMs: number;
}

export interface IssuedToken {
  code: string;
  publicKey: string;
  record: TokenRecord;
}

/** What a data service knows when a token is presented to it. */
export interface Presentation {
  environment: ShepEnvironment;
  service: string;
  iin: string;
  /** BIN of the organisation presenting the token (the gateway's senderBin). */
  initiatorBin: string | undefined;
  token: string | undefined;
  /** The publicKey field of the request: compared with ours, never used to verify. */
  publicKey?: string | undefined;
}

/** Signature verdicts remembered at once; a busy stand presents far fewer distinct live tokens. */
export const VERDICT_CACHE_SIZE = 10_000;

/** A token whose signature and issuer verified, with the key that verified it. */
interface Verdict {
  kid: string;
  claims: AccessTokenClaims;
}

export class KdpTokens {
  private readonly keys = new Map<ShepEnvironment, Promise<LoadedKey>>();
  /**
   * A token's signature never changes, so it is verified once and the verdict kept until the
   * token expires (LRU-bounded). Everything that can change (the clock against exp/nbf, the
   * binding to this request, revocation in the store) is still checked on every use.
   */
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly rt: Runtime,
    private readonly profile: KdpProfile = DEFAULT_KDP_PROFILE,
  ) {}

  private get keyDocs() {
    // kid is a column, so the per-call check that the stored key is still ours reads no JSON.
    return this.rt.store.collection<KeyDoc>('kdp.keys', KEY_DOCS_SPEC);
  }

  get records() {
    return this.rt.store.collection<TokenRecord>('kdp.tokens', TOKENS_SPEC);
  }

  /** The environment's public key, as KDP_SERVICE answers it in `public-key`. */
  async publicKeyPem(environment: ShepEnvironment): Promise<string> {
    return (await this.key(environment)).spki;
  }

  async issue(input: IssueInput): Promise<IssuedToken> {
    const key = await this.key(input.environment);
    const jti = this.rt.random.uuid();
    const nowMs = this.rt.clock.nowMs();
    const iat = Math.floor(nowMs / 1000);
    // JWT times are whole seconds: round the end up from the exact instant, so a token lives at
    // least the lifetime it was granted (rounding from iat would cut up to a second off it).
    const exp = Math.max(iat + 1, Math.ceil((nowMs + input.lifetimeMs) / 1000));
    const claims: Omit<AccessTokenClaims, 'sub' | 'aud' | 'jti'> = {
      cbin: input.cbin,
      env: input.environment,
      way: input.way,
      rid: input.requestId,
    };
    const code = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, typ: this.profile.token.typ, kid: key.kid })
      .setIssuer(forEnvironment(this.profile.token.issuer, input.environment))
      .setSubject(input.iin)
      .setAudience(input.accessName)
      .setJti(jti)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .sign(key.privateKey);
    const record: TokenRecord = {
      jti,
      environment: input.environment,
      iin: input.iin,
      cbin: input.cbin,
      accessName: input.accessName,
      way: input.way,
      requestId: input.requestId,
      ref: jti.replaceAll('-', '').slice(0, 8).toUpperCase(),
      issuedAt: iat * 1000,
      expiresAt: exp * 1000,
    };
    await this.records.put(jti, record);
    await this.note(
      { jti, event: 'issued', environment: input.environment, service: input.accessName, outcome: 'ok' },
      record,
    );
    return { code, publicKey: key.spki, record };
  }

  /**
   * Checks a presented token for a data service; resolves to its record only when everything holds,
   * otherwise throws the ShepFault that says what failed. Every call is recorded.
   */
  async verify(p: Presentation): Promise<TokenRecord> {
    try {
      const record = await this.check(p);
      await this.note(
        { jti: record.jti, event: 'used', environment: p.environment, service: p.service, outcome: 'ok' },
        record,
      );
      return record;
    } catch (err) {
      const code = err instanceof KdpError ? err.code : 'error';
      await this.note({
        jti: safeJti(p.token),
        event: 'refused',
        environment: p.environment,
        service: p.service,
        outcome: code,
      });
      throw err;
    }
  }

  private async check(p: Presentation): Promise<TokenRecord> {
    if (!p.token) throw kdpError('KDP-400', undefined, 'kdpToken');
    const key = await this.key(p.environment);
    let claims = this.rememberedClaims(p.token, key.kid);
    if (!claims) {
      try {
        const verified = await jwtVerify<AccessTokenClaims>(p.token, key.publicKey, {
          algorithms: [ALG],
          typ: this.profile.token.typ,
          issuer: forEnvironment(this.profile.token.issuer, p.environment),
          currentDate: this.rt.clock.now(),
          requiredClaims: ['sub', 'aud', 'jti', 'exp', 'iat'],
        });
        claims = verified.payload;
        this.verified++;
      } catch (err) {
        this.verified++;
        throw await this.explain(err, p);
      }
      this.remember(p.token, { kid: key.kid, claims });
    }
    // The key is per environment, so `env` can only disagree if a key was shared by mistake.
    if (claims.env !== p.environment)
      throw fault('KDP-407', `token for ${String(claims.env)}, presented on ${p.environment}`);
    if (p.publicKey !== undefined && p.publicKey.trim() !== '' && !samePublicKey(p.publicKey, key.spki))
      throw fault('KDP-409');
    if (claims.sub !== p.iin)
      throw fault('KDP-404', `token for ${maskPersonalData(claims.sub)}, request for ${maskPersonalData(p.iin)}`);
    if (!p.initiatorBin) throw fault('KDP-405', "the sender's organisation is not known to the gateway");
    if (claims.cbin !== p.initiatorBin)
      throw fault('KDP-405', `token for ${claims.cbin}, presented by ${p.initiatorBin}`);
    if (claims.aud !== p.service) throw fault('KDP-406', `token for ${String(claims.aud)}, presented to ${p.service}`);
    const record = await this.records.get(claims.jti);
    if (!record) throw fault('KDP-408');
    // The record is found by jti alone: the token must be the one issued under it, claim by claim.
    const differs = claimsAgainstRecord(claims, record);
    if (differs) throw fault('KDP-411', `${differs} differs from the token issued under this jti`);
    if (record.revokedAt !== undefined) throw fault('KDP-403');
    if (record.expiresAt <= this.rt.clock.nowMs()) throw fault('KDP-402');
    return record;
  }

  /**
   * The claims of a token verified before with this key, while its time claims still hold on the
   * virtual clock; otherwise undefined, and the token goes through full verification (which also
   * says why it fails).
   */
  private rememberedClaims(token: string, kid: string): AccessTokenClaims | undefined {
    const v = this.verdicts.get(token);
    if (!v) return undefined;
    const now = this.rt.clock.nowMs() / 1000;
    const { exp, nbf } = v.claims;
    if (v.kid !== kid || typeof exp !== 'number' || exp <= now || (typeof nbf === 'number' && nbf > now)) {
      this.verdicts.delete(token);
      return undefined;
    }
    // Least recently used goes first.
    this.verdicts.delete(token);
    this.verdicts.set(token, v);
    return v.claims;
  }

  private remember(token: string, verdict: Verdict): void {
    this.verdicts.set(token, verdict);
    if (this.verdicts.size > VERDICT_CACHE_SIZE) this.verdicts.delete(this.verdicts.keys().next().value!);
  }

  /** Signature verifications run so far (a remembered verdict is not one). */
  get signatureChecks(): number {
    return this.verified;
  }
  private verified = 0;

  /** Turns a jose refusal into the fault that tells the presenter what is wrong. */
  private async explain(err: unknown, p: Presentation) {
    if (err instanceof errors.JWTExpired) return fault('KDP-402');
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      const other = ENVIRONMENTS.find((e) => e !== p.environment)!;
      if (await this.verifiesWith(other, p.token!))
        return fault('KDP-407', `token issued on ${other}, presented on ${p.environment}`);
      return fault('KDP-401', "signature does not verify with the state service's key");
    }
    if (err instanceof errors.JOSEAlgNotAllowed)
      return fault('KDP-401', `algorithm ${headerAlg(p.token!)} is refused, only ${ALG}`);
    if (err instanceof errors.JWTClaimValidationFailed) return fault('KDP-401', `claim ${err.claim}: ${err.reason}`);
    return fault('KDP-401', 'not a compact JWS');
  }

  private async verifiesWith(environment: ShepEnvironment, token: string): Promise<boolean> {
    const docs = await this.keyDocs.get(environment);
    if (!docs) return false;
    try {
      await jwtVerify(token, (await this.key(environment)).publicKey, {
        algorithms: [ALG],
        currentDate: this.rt.clock.now(),
      });
      return true;
    } catch (err) {
      return err instanceof errors.JWTExpired || err instanceof errors.JWTClaimValidationFailed;
    }
  }

  /** Stops a token at once (T-KDP-11). False when unknown or already revoked. */
  async revoke(jti: string, revocationId: string): Promise<boolean> {
    const record = await this.records.get(jti);
    if (!record || record.revokedAt !== undefined) return false;
    const revoked = { ...record, revokedAt: this.rt.clock.nowMs(), revocationId };
    await this.records.put(jti, revoked);
    await this.note(
      { jti, event: 'revoked', environment: record.environment, service: record.accessName, outcome: 'ok' },
      revoked,
    );
    return true;
  }

  async get(jti: string): Promise<TokenRecord | undefined> {
    return this.records.get(jti);
  }

  /** A subject's token by the reference the subject was told (an SMS does not say which environment). */
  async byRef(iin: string, ref: string): Promise<TokenRecord | undefined> {
    const [found] = await this.records.find({
      where: { iin, ref: ref.toUpperCase() },
      orderBy: 'issuedAt',
      order: 'desc',
      limit: 1,
    });
    return found;
  }

  /** A token's events, oldest first: read from the journal, where each is one record filed under the jti. */
  async eventsFor(jti: string): Promise<TokenEvent[]> {
    const records = await this.rt.journal.query({ channel: 'kdp', correlation: jti, limit: 1000 });
    return records.map((r) => {
      const { event } = JSON.parse(r.request) as { event: TokenEvent['event'] };
      return {
        id: r.id,
        jti,
        event,
        at: r.at,
        environment: r.environment!,
        ...(r.service !== undefined ? { service: r.service } : {}),
        outcome: r.outcome === `token-${event}` ? 'ok' : r.outcome,
      };
    });
  }

  /** One journal record per event: the evidence and the token's history in one durable row. */
  private async note(e: Omit<TokenEvent, 'id' | 'at'>, record?: TokenRecord): Promise<void> {
    await this.rt.journal.record({
      channel: 'kdp',
      environment: e.environment,
      ...(e.jti !== null ? { correlation: e.jti } : {}),
      ...(record ? { sender: record.cbin } : {}),
      ...(e.service ? { service: e.service } : {}),
      durationMs: 0,
      request: JSON.stringify({
        event: e.event,
        jti: e.jti,
        ...(record
          ? { sub: record.iin, cbin: record.cbin, aud: record.accessName, way: record.way, rid: record.requestId }
          : {}),
      }),
      response: JSON.stringify(record ? { expiresAt: record.expiresAt, revokedAt: record.revokedAt ?? null } : {}),
      outcome: e.outcome === 'ok' ? `token-${e.event}` : e.outcome,
    });
  }

  /**
   * The environment's key. The imported key is cached, but the Store stays the truth: an
   * environment reset empties it while this instance runs, and a key that lived only here would die
   * with the next restart together with every token it signed since (T-KDP-6). So each use checks
   * the stored document: missing, the cached key is written back; replaced (another instance on a
   * shared store wrote its own after the reset), the stored key is loaded and used instead.
   */
  private async key(environment: ShepEnvironment): Promise<LoadedKey> {
    const cached = this.cachedKey(environment);
    const loaded = await cached;
    if ((await this.keyDocs.count({ where: { environment, kid: loaded.kid } })) > 0) return loaded;
    const stored = await this.keyDocs.get(environment);
    if (stored?.kid === loaded.kid) return loaded;
    if (!stored && (await this.keyDocs.insert(environment, loaded.doc))) return loaded;
    if (this.keys.get(environment) === cached) this.keys.delete(environment);
    return this.cachedKey(environment);
  }

  private cachedKey(environment: ShepEnvironment): Promise<LoadedKey> {
    let loaded = this.keys.get(environment);
    if (!loaded) {
      loaded = this.loadOrCreate(environment);
      this.keys.set(environment, loaded);
      loaded.catch(() => this.keys.delete(environment));
    }
    return loaded;
  }

  private async loadOrCreate(environment: ShepEnvironment): Promise<LoadedKey> {
    let doc = await this.keyDocs.get(environment);
    if (!doc) {
      const pair = await generateKeyPair(ALG, { extractable: true });
      const publicJwk = await exportJWK(pair.publicKey);
      const kid = await calculateJwkThumbprint(publicJwk);
      const created: KeyDoc = {
        environment,
        kid,
        privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: ALG },
        publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' },
        createdAt: this.rt.clock.nowMs(),
      };
      // Another instance sharing the store may have won the race: its key is the key.
      if (!(await this.keyDocs.insert(environment, created))) doc = await this.keyDocs.get(environment);
      doc ??= created;
    }
    const privateKey = (await importJWK(doc.privateJwk, ALG)) as CryptoKey;
    const publicKey = (await importJWK(doc.publicJwk, ALG, { extractable: true })) as CryptoKey;
    return { doc, kid: doc.kid, privateKey, publicKey, spki: await exportSPKI(publicKey) };
  }
}

function fault(code: KdpFaultCode, detail?: string) {
  return kdpError(code, detail, code === 'KDP-409' ? 'publicKey' : 'kdpToken');
}

/** The first claim that disagrees with the record the state service kept, or undefined. */
export function claimsAgainstRecord(claims: AccessTokenClaims, record: TokenRecord): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['sub', claims.sub, record.iin],
    ['cbin', claims.cbin, record.cbin],
    ['aud', claims.aud, record.accessName],
    ['env', claims.env, record.environment],
    ['way', claims.way, record.way],
    ['rid', claims.rid, record.requestId],
  ];
  return pairs.find(([, claim, kept]) => claim !== kept)?.[0];
}

/** Compares two public keys given as PEM SPKI or bare base64, ignoring armour and line breaks. */
export function samePublicKey(a: string, b: string): boolean {
  const body = (s: string) => s.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return body(a) === body(b);
}

function headerAlg(token: string): string {
  try {
    return String(decodeProtectedHeader(token).alg);
  } catch {
    return 'unknown';
  }
}

/** The jti of a token that failed, for the record; never trusted for anything else. */
function safeJti(token: string | undefined): string | null {
  if (!token) return null;
  try {
    const { jti } = decodeJwt(token);
    return typeof jti === 'string' ? jti.slice(0, 64) : null;
  } catch {
    return null;
  }
}
