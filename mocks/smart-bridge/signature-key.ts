import { createPublicKey, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { SmartBridgeError, type SmartBridgeErrorCode } from './errors.ts';
import type { FieldError } from './form.ts';
import type { RegisteredKey } from './model.ts';
import type { SmartBridgeProfile } from './profile.ts';

/**
 * Clause 10.2 (R10.2): the public part of the organisation's signature key, as a PEM (SPKI, PKCS#1
 * or an X.509 certificate, which is how NCA RK keys usually travel) or a JWK. A private key is
 * refused outright — the platform must never hold one — as are symmetric, weak and unsupported keys.
 * GOST keys cannot be verified with node:crypto; the profile takes RSA and EC only, and only for the
 * algorithms the state service verifies an ovt with (profile.signatureKeys.algorithms, taken from the
 * KDP profile): a key it would never accept is refused here, not after credentials were issued.
 */
export interface SignatureKeyInput {
  pem?: string;
  jwk?: Record<string, unknown>;
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const CURVE_BY_OPENSSL: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};
const ALG_BY_CURVE: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const MIN_RSA_EXPONENT = 65_537n;

export type ParsedKey = Omit<RegisteredKey, 'registeredAt'>;

function refuse(
  field: string,
  message: string,
  slug: SmartBridgeErrorCode = 'signature-key-invalid',
  title = 'The signature key is refused',
): never {
  const errors: FieldError[] = [{ field, message, requirement: 'R10.2' }];
  throw new SmartBridgeError(slug, title, message, { requirement: 'R10.2', errors });
}

/**
 * The key is sound but signs with an algorithm the state service never verifies an ovt with: with
 * it the organisation would get credentials and then fail every own-means request (KDP-201).
 */
function refuseAlgorithm(field: string, what: string, alg: string, profile: SmartBridgeProfile): never {
  const accepted = profile.signatureKeys.algorithms;
  const curves = Object.entries(ALG_BY_CURVE)
    .filter(([, a]) => accepted.includes(a))
    .map(([c]) => c);
  const rsa = accepted.filter((a) => RSA_ALGS.includes(a));
  const use = [...(rsa.length > 0 ? [`an RSA key for ${rsa.join('/')}`] : []), ...curves.map((c) => `a ${c} key`)].join(
    ' or ',
  );
  refuse(
    field,
    `${what} signs with ${alg}, which the state service never accepts for the security token ovt (it verifies ${accepted.join(', ')})${use ? `: register ${use}` : ''}`,
    'signature-algorithm-refused',
    'The state service does not verify this signature algorithm',
  );
}

/** `nowMs` (virtual time) decides whether a certificate is within its validity period. */
export async function parseSignatureKey(
  input: SignatureKeyInput,
  profile: SmartBridgeProfile,
  nowMs: number,
): Promise<ParsedKey> {
  const hasPem = typeof input.pem === 'string';
  const hasJwk = input.jwk !== undefined;
  if (hasPem === hasJwk) refuse(hasPem ? 'jwk' : 'pem', 'send exactly one of pem or jwk');
  const field = hasPem ? 'pem' : 'jwk';
  const key = hasPem ? fromPem(input.pem!, nowMs) : fromJwk(input.jwk!);

  if (key.type !== 'public') refuse(field, 'only the public part of the key may be sent');
  const details = key.asymmetricKeyDetails ?? {};
  const jwk = key.export({ format: 'jwk' }) as JWK;
  let alg: string;
  let extra: Pick<ParsedKey, 'crv' | 'bits'>;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < profile.signatureKeys.minRsaBits)
      refuse(field, `an RSA key needs at least ${profile.signatureKeys.minRsaBits} bits, this one has ${bits}`);
    const e = details.publicExponent ?? 0n;
    if (e < MIN_RSA_EXPONENT || e % 2n === 0n)
      refuse(field, `the RSA public exponent must be odd and at least 65537, this one is ${e}`);
    alg = hasJwk && typeof input.jwk!.alg === 'string' ? input.jwk!.alg : profile.signatureKeys.rsaAlg;
    if (!RSA_ALGS.includes(alg)) refuse(field, `"${alg}" is not a signature algorithm for an RSA key`);
    if (!profile.signatureKeys.algorithms.includes(alg)) refuseAlgorithm(field, 'this RSA key', alg, profile);
    extra = { bits };
  } else if (key.asymmetricKeyType === 'ec') {
    const crv = CURVE_BY_OPENSSL[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown';
    const byCurve = ALG_BY_CURVE[crv];
    if (byCurve === undefined)
      refuse(
        field,
        `the curve ${crv} is not accepted; use one of ${
          Object.keys(ALG_BY_CURVE)
            .filter((c) => profile.signatureKeys.algorithms.includes(ALG_BY_CURVE[c]!))
            .join(', ') || 'none (no EC algorithm is verified)'
        }`,
      );
    alg = byCurve;
    if (hasJwk && input.jwk!.alg !== undefined && input.jwk!.alg !== alg)
      refuse(field, `a ${crv} key signs with ${alg}, not ${String(input.jwk!.alg)}`);
    if (!profile.signatureKeys.algorithms.includes(alg)) refuseAlgorithm(field, `a ${crv} key`, alg, profile);
    extra = { crv };
  } else {
    refuse(
      field,
      `${key.asymmetricKeyType ?? 'this'} keys are not accepted; use RSA or EC (the state service verifies ${profile.signatureKeys.algorithms.join(', ')})`,
    );
  }
  if (hasJwk && input.jwk!.use !== undefined && input.jwk!.use !== 'sig')
    refuse(field, 'the key must be for signatures (use "sig")');

  const publicMembers: JWK =
    key.asymmetricKeyType === 'rsa'
      ? { kty: 'RSA', n: jwk.n, e: jwk.e }
      : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = await calculateJwkThumbprint(publicMembers, 'sha256');
  return {
    kid,
    jwk: { ...publicMembers, kid, alg, use: 'sig' },
    kty: publicMembers.kty as 'RSA' | 'EC',
    alg,
    ...extra,
  };
}

function fromPem(pem: string, nowMs: number): KeyObject {
  // createPublicKey would quietly derive the public key from a private one: look at the label first.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    refuse('pem', 'this is a private key: send only the public part (never the private key)');
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) return createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    refuse('pem', `not a readable public key: ${(err as Error).message}`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    refuse('pem', `not a readable certificate: ${(err as Error).message}`);
  }
  if (nowMs < Date.parse(cert.validFrom) || nowMs > Date.parse(cert.validTo)) {
    refuse('pem', `the certificate is valid from ${cert.validFrom} to ${cert.validTo}, not now`);
  }
  return cert.publicKey;
}

function fromJwk(jwk: Record<string, unknown>): KeyObject {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) refuse('jwk', 'must be a JWK object');
  const present = PRIVATE_JWK_MEMBERS.filter((m) => m in jwk);
  if (jwk.kty === 'oct') refuse('jwk', 'a symmetric key cannot prove who signed: send an RSA or EC public key');
  if (present.length > 0)
    refuse('jwk', `this JWK holds private members (${present.join(', ')}): send only the public part`);
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') refuse('jwk', `kty "${String(jwk.kty)}" is not accepted; use RSA or EC`);
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (err) {
    refuse('jwk', `not a valid public JWK: ${(err as Error).message}`);
  }
}
