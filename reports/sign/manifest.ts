import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { Verdict } from '../model.ts';
import { SIGNING_ALGS, type HarnessKey } from './keys.ts';

/**
 * The manifest: the SHA-256 digest and size of every artifact of a bundle, as canonical JSON
 * (RFC 8785), signed with a detached JWS (RFC 7515 appendix F: the payload is the manifest file's
 * bytes and is left out of the JWS). The organisation may add its own detached NCA RK signature of
 * the same manifest bytes under `organisationSignature.path`; that file is outside the digests
 * because it is made after them, and it signs the manifest, which covers everything else.
 */
export const MANIFEST_VERSION = '1' as const;
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.jws';
export const JWKS_FILE = 'jwks.json';
export const ORGANISATION_SIGNATURE_FILE = 'manifest.json.cms';
export const JWS_TYP = 'kdp-conformance-manifest+jws';

export interface ManifestArtifact {
  path: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  kind: 'kdp-conformance-bundle';
  createdAt: string;
  report: { path: string; reportVersion: string; verdict: Verdict; organisationBin: string; sut: string };
  artifacts: ManifestArtifact[];
  harnessSignature: { path: typeof SIGNATURE_FILE; alg: string; kid: string; jwks: typeof JWKS_FILE };
  organisationSignature: {
    path: typeof ORGANISATION_SIGNATURE_FILE;
    format: string;
    covers: typeof MANIFEST_FILE;
  };
}

export const ORGANISATION_SIGNATURE_FORMAT =
  "CMS (PKCS#7) detached signature of manifest.json with the organisation's NCA RK key (DER or PEM)";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function artifact(path: string, mediaType: string, bytes: Uint8Array): ManifestArtifact {
  return { path, mediaType, size: bytes.byteLength, sha256: sha256Hex(bytes) };
}

/** RFC 8785 canonical JSON, as UTF-8 bytes. */
export function canonicalBytes(value: unknown): Uint8Array {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value has no JSON form');
  return new TextEncoder().encode(text);
}

/** A detached compact JWS (header..signature) over the manifest bytes. */
export async function signDetached(payload: Uint8Array, key: HarnessKey): Promise<string> {
  const jws = await new CompactSign(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: JWS_TYP, cty: 'application/json' })
    .sign(key.privateKey);
  const [h, , s] = jws.split('.');
  return `${h}..${s}`;
}

export type SignatureCheck = { valid: true; kid: string; alg: string } | { valid: false; reason: string };

export async function verifyDetached(
  detached: string,
  payload: Uint8Array,
  jwks: JSONWebKeySet,
): Promise<SignatureCheck> {
  const parts = detached.trim().split('.');
  if (parts.length !== 3 || parts[1] !== '')
    return { valid: false, reason: 'not a detached compact JWS (header..signature)' };
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(detached.trim());
  } catch {
    return { valid: false, reason: 'the JWS header is not readable' };
  }
  if (header.typ !== JWS_TYP) return { valid: false, reason: `the JWS typ is ${String(header.typ)}, not ${JWS_TYP}` };
  if (!header.alg || !(SIGNING_ALGS as readonly string[]).includes(header.alg))
    return { valid: false, reason: `the JWS alg ${String(header.alg)} is not accepted` };
  if (header.crit !== undefined)
    return { valid: false, reason: 'the JWS names critical extensions this verifier does not know' };
  try {
    const jws = `${parts[0]}.${Buffer.from(payload).toString('base64url')}.${parts[2]}`;
    await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: [...SIGNING_ALGS] });
    return { valid: true, kid: String(header.kid ?? ''), alg: header.alg };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWKS_NO_MATCHING_KEY')
      return { valid: false, reason: `no key of the JWKS matches kid ${String(header.kid)}` };
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
      return { valid: false, reason: 'the signature does not match the manifest' };
    return { valid: false, reason: (err as Error).message };
  }
}
