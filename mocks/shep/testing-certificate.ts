import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 v3 certificate (DER, sha256WithRSAEncryption) for a test key: WS-Security
 * carries the signer's certificate, and Node can read certificates but not write them. Tests only.
 */
export function selfSignedCertificate(privateKey: KeyObject, commonName: string): Buffer {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const name = seq(set(seq(oid([0x55, 0x04, 0x03]), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const sha256WithRsa = seq(oid([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]), Buffer.from([0x05, 0x00]));
  const validity = seq(tlv(0x17, Buffer.from('250101000000Z')), tlv(0x17, Buffer.from('491231235959Z')));
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))),
    tlv(0x02, Buffer.from([0x01])),
    sha256WithRsa,
    name,
    validity,
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
}

export function certificatePem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`.replace(
    /\n\n/g,
    '\n',
  );
}

export function privateKeyFromJwk(jwk: object): KeyObject {
  return createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const oid = (bytes: number[]) => tlv(0x06, Buffer.from(bytes));
