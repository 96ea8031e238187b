import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { IntegrationGrant } from '../integration/grant.ts';
import type { Runtime } from '../runtime.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import { kdpError, type KdpFaultCode } from './errors.ts';
import { forEnvironment, type KdpProfile } from './profile.ts';

/**
 * The initiator's security token `ovt` (clause 2.8, R2.8; own means, R7.2; the key registered under
 * R10.2). The fields seen in public code are cbin, mcheck, iat and exp; a security token must also be
 * unique and bound, so the profile (T-KDP-8) recommends jti, aud, sub and access_name: checked when
 * present, required only with `ovt.strict` (the harness flags their absence instead).
 */
export interface OvtClaims extends JWTPayload {
  cbin: string;
  /** How the initiator checked the subject's consent itself (seen: "Bio"). */
  mcheck: string;
  access_name?: string;
}

/** The public shape's claims, always required (protocol/kdp/ovt.ts OVT_PUBLIC_CLAIMS says the same to clients). */
export const REQUIRED_OVT_CLAIMS = ['cbin', 'mcheck', 'iat', 'exp'] as const;
/** The profile's recommended claims, required with `ovt.strict` (protocol/kdp/ovt.ts OVT_RECOMMENDED_CLAIMS). */
export const STRICT_OVT_CLAIMS = ['sub', 'aud', 'access_name', 'jti'] as const;

function missingClaims(payload: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((c) => {
    const v = payload[c];
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  });
}

export interface OvtBinding {
  environment: ShepEnvironment;
  companyBin: string;
  uin: string;
  accessName: string;
  grant: IntegrationGrant;
}

interface SeenJti {
  environment: ShepEnvironment;
  cbin: string;
  jti: string;
  exp: number;
}

export class OvtVerifier {
  constructor(
    private readonly rt: Runtime,
    private readonly profile: KdpProfile,
  ) {}

  /** Resolves to the verified claims, or throws the KDP-2xx fault that says what is wrong. */
  async verify(token: string | undefined, b: OvtBinding): Promise<OvtClaims> {
    if (!token) throw fault('KDP-200');
    if (b.grant.ovtKeys.length === 0)
      throw fault('KDP-201', 'no signature key is registered for the organisation (R10.2)');
    const { ovt } = this.profile;
    let claims: OvtClaims;
    try {
      const verified = await jwtVerify<OvtClaims>(token, createLocalJWKSet({ keys: b.grant.ovtKeys }), {
        algorithms: ovt.algorithms,
        clockTolerance: ovt.clockToleranceSec,
        currentDate: this.rt.clock.now(),
      });
      claims = verified.payload;
    } catch (err) {
      throw explain(err);
    }
    // Every missing claim in one refusal: an integrator fixes them all in one round trip.
    const required = ovt.strict ? [...REQUIRED_OVT_CLAIMS, ...STRICT_OVT_CLAIMS] : REQUIRED_OVT_CLAIMS;
    const missing = missingClaims(claims, required);
    if (missing.length > 0) throw fault('KDP-205', `missing: ${missing.join(', ')}`);
    // A recommended claim that is present must still be right.
    const audience = forEnvironment(ovt.audience, b.environment);
    if (claims.aud !== undefined && ![claims.aud].flat().includes(audience))
      throw fault('KDP-204', "aud is not this environment's KDP_SERVICE");
    if (claims.sub !== undefined && claims.sub !== b.uin) throw fault('KDP-204', 'sub is not the uin of the request');
    const now = Math.floor(this.rt.clock.nowMs() / 1000);
    const iat = claims.iat!;
    const exp = claims.exp!;
    if (iat > now + ovt.clockToleranceSec) throw fault('KDP-202', 'iat is in the future');
    if (exp - iat > ovt.maxLifetimeSec) throw fault('KDP-202', `lifetime ${exp - iat}s exceeds ${ovt.maxLifetimeSec}s`);
    if (typeof claims.mcheck !== 'string') throw fault('KDP-205', 'mcheck is not a string');
    if (claims.jti !== undefined && typeof claims.jti !== 'string') throw fault('KDP-205', 'jti is not a string');
    if (claims.cbin !== b.companyBin)
      throw fault('KDP-204', `cbin ${String(claims.cbin)} is not company_bin ${b.companyBin}`);
    if (claims.access_name !== undefined && claims.access_name !== b.accessName)
      throw fault('KDP-204', `access_name ${String(claims.access_name)} is not ${b.accessName}`);
    // Without a jti (the public shape) nothing identifies a replay: the harness flags the absence.
    if (claims.jti === undefined) return claims;
    // Only a token that passed every other check spends its jti, so a bad copy cannot block the good one.
    const seen = this.rt.store.collection<SeenJti>('kdp.ovt-jti');
    const id = `${b.environment}:${claims.cbin}:${claims.jti}`;
    if (!(await seen.insert(id, { environment: b.environment, cbin: claims.cbin, jti: claims.jti, exp })))
      throw fault('KDP-203', `jti ${claims.jti.slice(0, 64)}`);
    // A jti need only be remembered while its token could still pass the exp check.
    for (const old of await seen.find({ range: { field: 'exp', to: now - ovt.clockToleranceSec - 1 }, limit: 100 })) {
      await seen.delete(`${old.environment}:${old.cbin}:${old.jti}`);
    }
    return claims;
  }
}

function explain(err: unknown) {
  if (err instanceof errors.JWTExpired) return fault('KDP-202', 'exp has passed');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return fault('KDP-205', `${err.claim} is missing`);
    if (err.claim === 'aud') return fault('KDP-204', "aud is not this environment's KDP_SERVICE");
    if (err.claim === 'sub') return fault('KDP-204', 'sub is not the uin of the request');
    if (err.claim === 'nbf' || err.claim === 'iat') return fault('KDP-202', `${err.claim}: ${err.reason}`);
    return fault('KDP-201', `${err.claim}: ${err.reason}`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported)
    return fault('KDP-201', 'the algorithm is refused');
  if (err instanceof errors.JWKSNoMatchingKey)
    return fault('KDP-201', 'no registered key matches its kid and algorithm');
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSMultipleMatchingKeys)
    return fault('KDP-201', 'the signature does not verify with a registered key');
  return fault('KDP-201', 'not a signed compact JWT');
}

function fault(code: KdpFaultCode, detail?: string) {
  return kdpError(code, detail, 'ovt');
}
