import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { problemFromTable } from '../http/problem-table.ts';
import { SmartBridgeError } from './errors.ts';
import { SMART_BRIDGE_PROBLEMS } from './problems.ts';
import { DEFAULT_KDP_PROFILE } from '../kdp/profile.ts';
import { DEFAULT_PROFILE, resolveProfile } from './profile.ts';
import { parseSignatureKey, type SignatureKeyInput } from './signature-key.ts';

const NOW = Date.parse('2027-06-01T00:00:00Z');

// A self-signed P-256 certificate valid from 2026-11-24 to 2126-10-31 (openssl req -x509).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBsTCCAVegAwIBAgIUWdnwirDuvgBQNX7dbuDwfDQxwP8wCgYIKoZIzj0EAwIw
LTERMA8GA1UEAwwIVGVzdCBPcmcxGDAWBgNVBAUTD0JJTjAwMDAwMDAwMDAwMDAg
Fw0yNjExMjQyMTE4MzVaGA8yMTI2MTAzMTIxMTgzNVowLTERMA8GA1UEAwwIVGVz
dCBPcmcxGDAWBgNVBAUTD0JJTjAwMDAwMDAwMDAwMDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABKM47pm/8lAj9wlJQtXAVybilzpG733w4kaSQzU5s7/BC/PKqj70
ew1wnbk7zVEjAqFRNNxMkEdUTE1iKZuDn42jUzBRMB0GA1UdDgQWBBR29Nukoidj
+zVBi0IzBVaYRwiSjjAfBgNVHSMEGDAWgBR29Nukoidj+zVBi0IzBVaYRwiSjjAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQD34EaVP67UU8w0NtAh
YvgLYyaVyhMxvBniScHLWp1RWAIgcQc4F5AllErtViMU9eQzzRW1chsaEOMqMXVZ
HigkL3s=
-----END CERTIFICATE-----`;

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

async function refusal(input: SignatureKeyInput, now = NOW): Promise<string> {
  try {
    await parseSignatureKey(input, DEFAULT_PROFILE, now);
  } catch (err) {
    expect(err).toBeInstanceOf(SmartBridgeError);
    const p = problemFromTable(err as SmartBridgeError, SMART_BRIDGE_PROBLEMS);
    expect(p).toMatchObject({ status: 422, requirement: 'R10.2' });
    return p.errors?.[0]?.message ?? '';
  }
  throw new Error('the key was accepted');
}

describe('signature public key (R10.2)', () => {
  it('R10.2: accepts an RSA public key as PEM and gives it a thumbprint kid and RS256', async () => {
    const k = await parseSignatureKey(
      { pem: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string },
      DEFAULT_PROFILE,
      NOW,
    );
    expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', bits: 2048 });
    expect(k.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(k.jwk).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: k.kid, alg: 'RS256', use: 'sig' });
  });

  it('R10.2: accepts a PKCS#1 RSA public key PEM', async () => {
    const k = await parseSignatureKey(
      { pem: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string },
      DEFAULT_PROFILE,
      NOW,
    );
    expect(k.kty).toBe('RSA');
  });

  it('R10.2: accepts an EC public key as JWK, with the same kid as its PEM', async () => {
    const jwk = ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const fromJwk = await parseSignatureKey({ jwk }, DEFAULT_PROFILE, NOW);
    const fromPem = await parseSignatureKey(
      { pem: ec.publicKey.export({ type: 'spki', format: 'pem' }) as string },
      DEFAULT_PROFILE,
      NOW,
    );
    expect(fromJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(fromJwk.kid).toBe(fromPem.kid);
    expect(fromJwk.jwk).not.toHaveProperty('d');
  });

  it('R10.2: takes the public key out of a certificate within its validity', async () => {
    const k = await parseSignatureKey({ pem: CERT }, DEFAULT_PROFILE, NOW);
    expect(k).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(await refusal({ pem: CERT }, Date.parse('2026-01-01T00:00:00Z'))).toMatch(/certificate is valid from/);
  });

  it('R10.2: refuses a private key PEM, whatever its label', async () => {
    expect(await refusal({ pem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string })).toMatch(
      /private key/,
    );
    expect(await refusal({ pem: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string })).toMatch(
      /private key/,
    );
    expect(await refusal({ pem: ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string })).toMatch(
      /private key/,
    );
  });

  it('R10.2: refuses a JWK carrying private members', async () => {
    const priv = ec.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(await refusal({ jwk: priv })).toMatch(/private members \(d\)/);
    const rsaPriv = rsa.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(await refusal({ jwk: rsaPriv })).toMatch(/private members/);
  });

  it('R10.2: refuses a symmetric key', async () => {
    expect(await refusal({ jwk: { kty: 'oct', k: 'c2VjcmV0' } })).toMatch(/symmetric/);
  });

  it('R10.2: refuses an RSA key under 2048 bits', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(await refusal({ pem: weak.publicKey.export({ type: 'spki', format: 'pem' }) as string })).toMatch(
      /at least 2048 bits, this one has 1024/,
    );
  });

  it('R10.2: refuses an RSA key with a small public exponent', async () => {
    const e3 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    expect(await refusal({ pem: e3.publicKey.export({ type: 'spki', format: 'pem' }) as string })).toMatch(/exponent/);
  });

  it('R10.2: refuses curves and key types outside the profile', async () => {
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(await refusal({ pem: k1.publicKey.export({ type: 'spki', format: 'pem' }) as string })).toMatch(
      /curve secp256k1/,
    );
    const ed = generateKeyPairSync('ed25519');
    expect(await refusal({ pem: ed.publicKey.export({ type: 'spki', format: 'pem' }) as string })).toMatch(
      /ed25519 keys are not accepted/,
    );
    expect(await refusal({ jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' } })).toMatch(/kty "OKP"/);
  });

  it('R10.2: refuses an inconsistent alg or use in a JWK', async () => {
    const jwk = ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(await refusal({ jwk: { ...jwk, alg: 'ES384' } })).toMatch(/signs with ES256/);
    expect(await refusal({ jwk: { ...jwk, use: 'enc' } })).toMatch(/use "sig"/);
    const rjwk = rsa.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(await refusal({ jwk: { ...rjwk, alg: 'HS256' } })).toMatch(/not a signature algorithm/);
  });

  it('R10.2: takes exactly the algorithms the state service verifies ovt with (one list, from the KDP profile)', () => {
    expect(DEFAULT_PROFILE.signatureKeys.algorithms).toEqual(DEFAULT_KDP_PROFILE.ovt.algorithms);
  });

  it('R10.2 T-KDP-8: refuses a key whose algorithm the state service never accepts for ovt, saying which it accepts', async () => {
    for (const namedCurve of ['P-384', 'P-521']) {
      const k = generateKeyPairSync('ec', { namedCurve });
      const message = await refusal({ pem: k.publicKey.export({ type: 'spki', format: 'pem' }) as string });
      expect(message).toMatch(new RegExp(`${namedCurve} key signs with ES(384|512)`));
      expect(message).toContain('RS256, ES256');
      expect(await refusal({ jwk: k.publicKey.export({ format: 'jwk' }) as Record<string, unknown> })).toContain(
        'RS256, ES256',
      );
    }
    const rjwk = rsa.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    for (const alg of ['PS256', 'RS384', 'RS512', 'PS512'])
      expect(await refusal({ jwk: { ...rjwk, alg } })).toMatch(new RegExp(`${alg}.*RS256, ES256`));
    await expect(parseSignatureKey({ jwk: { ...rjwk, alg: 'RS256' } }, DEFAULT_PROFILE, NOW)).resolves.toMatchObject({
      alg: 'RS256',
    });
  });

  it('R10.2: a profile whose state service verifies other algorithms takes those keys, and no others', async () => {
    const wider = resolveProfile({ signatureKeys: { algorithms: ['ES256', 'ES384', 'PS256'] } });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(
      parseSignatureKey({ pem: p384.publicKey.export({ type: 'spki', format: 'pem' }) as string }, wider, NOW),
    ).resolves.toMatchObject({ crv: 'P-384', alg: 'ES384' });
    const rjwk = rsa.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    await expect(parseSignatureKey({ jwk: { ...rjwk, alg: 'PS256' } }, wider, NOW)).resolves.toMatchObject({
      alg: 'PS256',
    });
    // An RSA key naming no alg takes the profile's rsaAlg (RS256), which this state service refuses.
    await expect(parseSignatureKey({ jwk: rjwk }, wider, NOW)).rejects.toMatchObject({
      code: 'signature-algorithm-refused',
      extra: { requirement: 'R10.2' },
    });
  });

  it('R10.2: refuses garbage, an invalid EC point and both or neither of pem and jwk', async () => {
    expect(await refusal({ pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })).toMatch(
      /not a readable public key/,
    );
    const jwk = ec.publicKey.export({ format: 'jwk' }) as Record<string, string>;
    expect(await refusal({ jwk: { ...jwk, y: jwk.x! } })).toMatch(/not a valid public JWK/);
    expect(await refusal({})).toMatch(/exactly one/);
    expect(await refusal({ pem: 'x', jwk: {} })).toMatch(/exactly one/);
  });
});
