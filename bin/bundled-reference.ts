import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { startReferenceInitiator } from '../examples/reference-initiator/index.ts';
import { makeBin } from '../protocol/identifiers/bin.ts';

/** The organisation the bundled reference initiator plays: a bank no fixture set holds. */
export const REFERENCE_ORGANISATION = {
  bin: makeBin({ yearMonth: '2401', type: 'resident', subtype: 'head', serial: 23_600 }),
  name: 'АО «Эталон Банк» (reference initiator)',
};

type ReferenceInitiator = Awaited<ReturnType<typeof startReferenceInitiator>>;

export interface ReferenceKey {
  privateJwk: JWK;
  publicJwk: JWK;
  kid: string;
  alg: 'ES256';
}

/**
 * A fresh ES256 key whose kid is its RFC 7638 thumbprint: the kid Smart Bridge gives a key it
 * registers (R10.2), hence the one the state service looks the ovt's kid up by.
 */
export async function referenceKey(): Promise<ReferenceKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...publicJwk, kid, alg: 'ES256' },
    kid,
    alg: 'ES256',
  };
}

/**
 * Starts the bundled reference initiator (examples/reference-initiator) on a free loopback port:
 * the system under test of `kdp-conformance run` when no other is named. The command imports this
 * module only then, so a run against another SUT never loads it (nor its SOAP client).
 */
export async function startBundledReference(): Promise<ReferenceInitiator> {
  return startReferenceInitiator({
    port: 0,
    host: '127.0.0.1',
    organisation: REFERENCE_ORGANISATION,
    signingKey: await referenceKey(),
  });
}
