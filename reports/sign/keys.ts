import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type CryptoKey,
  type JWK,
  type JSONWebKeySet,
} from 'jose';

/**
 * The installation's harness key: what signs a bundle's manifest. Created on first use and kept
 * under the data directory (mode 0600), or supplied by the user (a private JWK, or a PKCS#8 PEM
 * with --key-alg). The public half ships in the bundle as a JWKS; its kid is the RFC 7638
 * thumbprint, so a verifier can pin it.
 */
export const DEFAULT_DATA_DIR = '.kdp-conformance';
export const HARNESS_KEY_FILE = 'harness-key.jwk.json';
export const DEFAULT_ALG = 'ES256';
/** Algorithms a bundle may be signed with: asymmetric only (a verifier has no shared secret). */
export const SIGNING_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'PS256'] as const;

export interface HarnessKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey | Uint8Array;
  publicJwk: JWK;
}

async function fromPrivateJwk(jwk: JWK): Promise<HarnessKey> {
  const alg = jwk.alg ?? DEFAULT_ALG;
  if (!(SIGNING_ALGS as readonly string[]).includes(alg))
    throw new Error(`the key's alg ${alg} is not one of ${SIGNING_ALGS.join(', ')}`);
  if (!jwk.d) throw new Error('the key is a public key: signing needs the private key');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, key_ops: _ops, ext: _ext, ...pub } = jwk;
  const kid = await calculateJwkThumbprint(pub);
  return {
    alg,
    kid,
    privateKey: await importJWK({ ...jwk, alg }, alg),
    publicJwk: { ...pub, alg, use: 'sig', kid },
  };
}

export async function generateHarnessKey(alg = DEFAULT_ALG): Promise<{ key: HarnessKey; privateJwk: JWK }> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg };
  return { key: await fromPrivateJwk(privateJwk), privateJwk };
}

/** The key kept under the data directory, created on first use. */
export async function loadOrCreateHarnessKey(dataDir = DEFAULT_DATA_DIR): Promise<HarnessKey> {
  const file = join(dataDir, HARNESS_KEY_FILE);
  try {
    return await fromPrivateJwk(JSON.parse(await readFile(file, 'utf8')) as JWK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`cannot read the harness key ${file}: ${(err as Error).message}`);
  }
  const { key, privateJwk } = await generateHarnessKey();
  await mkdir(dirname(file), { recursive: true });
  // wx: two runs starting at once must not overwrite each other's fresh key.
  try {
    await writeFile(file, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateHarnessKey(dataDir);
    throw err;
  }
  return key;
}

/** A key the user supplies: a private JWK file, or a PKCS#8 PEM file (then `alg` says which). */
export async function loadKeyFile(path: string, alg = DEFAULT_ALG): Promise<HarnessKey> {
  const text = await readFile(path, 'utf8');
  if (text.includes('-----BEGIN PRIVATE KEY-----')) {
    const key = await importPKCS8(text, alg, { extractable: true });
    return fromPrivateJwk({ ...(await exportJWK(key)), alg });
  }
  return fromPrivateJwk(JSON.parse(text) as JWK);
}

export function jwksOf(key: HarnessKey): JSONWebKeySet {
  return { keys: [key.publicJwk] };
}
