/**
 * The security token (ovt) for own means: a short-lived JWT signed with the organisation's key
 * (the one registered on Smart Bridge, R10.2), bound to the organisation, the subject, the data
 * service and the environment, with a unique jti (docs/kdp.md, "The security token ovt").
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { NO_DEFECTS, type Defects } from './defects.ts';

export interface SigningKey {
  privateJwk: JWK;
  publicJwk: JWK;
  kid: string;
  alg: 'RS256' | 'ES256';
}

/** How long an ovt lives: well under the state service's 600 s ceiling. */
export const OVT_LIFETIME_SECONDS = 120;

export async function generateSigningKey(alg: 'RS256' | 'ES256' = 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = crypto.randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateJwk, publicJwk, kid, alg };
}

/** The public half only, whatever the caller put in publicJwk. */
export function publicJwkOf(key: SigningKey): { kty: string; kid: string; alg: string; [member: string]: unknown } {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...pub } = key.publicJwk;
  return { ...pub, kty: String(pub.kty), kid: key.kid, alg: key.alg };
}

export class OvtSigner {
  private privateKey: ReturnType<typeof importJWK> | undefined;
  private signingKey: SigningKey;
  private readonly defects: Defects;
  private signed = 0;
  /** DEFECT ovt-replayed: the last token, kept while it lives. */
  private last: { token: string; exp: number } | undefined;

  constructor(
    readonly key: SigningKey,
    private readonly deps: { now: () => number; newId: () => string; defects?: Defects },
  ) {
    this.signingKey = key;
    this.defects = deps.defects ?? NO_DEFECTS;
  }

  async sign(binding: { bin: string; iin: string; accessName: string; environment: 'test' | 'prod' }): Promise<string> {
    const iat = Math.floor(this.deps.now() / 1000);
    // DEFECT ovt-replayed: "signing is slow", so a token is reused while it has not expired.
    if (this.defects.has('ovt-replayed') && this.last && this.last.exp > iat + 5) return this.last.token;
    // DEFECT ovt-signed-by-rotated-key: the keystore rotated the key after first use; the new one
    // was never registered on Smart Bridge (and /signing-key still names the old one).
    if (this.defects.has('ovt-signed-by-rotated-key') && this.signed === 1) {
      this.signingKey = await generateSigningKey(this.key.alg);
      this.privateKey = undefined;
    }
    this.signed++;
    const k = this.signingKey;
    this.privateKey ??= importJWK(k.privateJwk, k.alg);
    // DEFECT ovt-lifetime-a-day-in-production: the production configuration sets a day.
    const lifetime =
      this.defects.has('ovt-lifetime-a-day-in-production') && binding.environment === 'prod'
        ? 86_400
        : OVT_LIFETIME_SECONDS;
    // DEFECT ovt-audience-of-test-environment: the audience hard-coded from the test set-up.
    const audienceOf = this.defects.has('ovt-audience-of-test-environment') ? 'test' : binding.environment;
    const jwt = new SignJWT({ cbin: binding.bin, mcheck: 'Bio', access_name: binding.accessName })
      .setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime);
    // DEFECT ovt-without-jti: the token is built from the public sample, which has no jti.
    if (!this.defects.has('ovt-without-jti')) jwt.setJti(this.deps.newId());
    const token = await jwt
      .setAudience(`urn:kdp-conformance:${audienceOf}:KDP_SERVICE`)
      .setSubject(binding.iin)
      .sign(await this.privateKey);
    this.last = { token, exp: iat + lifetime };
    return token;
  }
}
