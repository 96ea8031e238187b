/**
 * The security token (ovt) for own means: a short-lived JWT signed with the organisation's key
 * (the one registered on Smart Bridge, R10.2), bound to the organisation, the subject, the data
 * service and the environment, with a unique jti (docs/kdp.md, "The security token ovt").
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

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

  constructor(
    readonly key: SigningKey,
    private readonly deps: { now: () => number; newId: () => string },
  ) {}

  async sign(binding: { bin: string; iin: string; accessName: string; environment: 'test' | 'prod' }): Promise<string> {
    this.privateKey ??= importJWK(this.key.privateJwk, this.key.alg);
    const iat = Math.floor(this.deps.now() / 1000);
    return new SignJWT({ cbin: binding.bin, mcheck: 'Bio', access_name: binding.accessName })
      .setProtectedHeader({ alg: this.key.alg, kid: this.key.kid, typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + OVT_LIFETIME_SECONDS)
      .setJti(this.deps.newId())
      .setAudience(`urn:kdp-conformance:${binding.environment}:KDP_SERVICE`)
      .setSubject(binding.iin)
      .sign(await this.privateKey);
  }
}
