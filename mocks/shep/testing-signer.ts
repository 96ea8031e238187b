import { createRequire } from 'node:module';
import type { KeyObject } from 'node:crypto';
import { certificatePem, selfSignedCertificate } from './testing-certificate.ts';

/**
 * Signs a SOAP 1.1 message's Body the way WS-Security stacks do (for tests): the Body gets a
 * wsu:Id, a ds:Signature (RSA-SHA256, enveloped in wsse:Security) references it, and the signer's
 * certificate travels either in ds:KeyInfo/X509Data (xml-crypto's way) or as a
 * wsse:BinarySecurityToken with a SecurityTokenReference (Apache CXF / WSS4J's way).
 */
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const X509V3 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
const B64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

interface Signer {
  addReference(r: { xpath: string; digestAlgorithm: string; transforms: string[] }): void;
  computeSignature(xml: string, o: { location: { reference: string; action: string }; prefix?: string }): void;
  getSignedXml(): string;
}
const requireCjs = createRequire(import.meta.url);
const { SignedXml } = requireCjs('xml-crypto') as {
  SignedXml: new (o: Record<string, unknown>) => Signer;
};

export interface SignOptions {
  key: KeyObject;
  /** Certificate of another key than `key`, for a signature that cannot verify. */
  certificateKey?: KeyObject;
  c14n?: 'exclusive' | 'inclusive';
  token?: 'key-info' | 'binary-security-token';
  signatureAlgorithm?: string;
  /** mustUnderstand="1" on wsse:Security, as CXF writes it. */
  mustUnderstand?: boolean;
}

export function signSoapBody(envelope: string, o: SignOptions): string {
  const der = selfSignedCertificate(o.certificateKey ?? o.key, 'kdp-conformance test signer');
  const c14n =
    o.c14n === 'inclusive'
      ? 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'
      : 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const bst = o.token === 'binary-security-token';
  // Put the Body's wsu:Id and an empty wsse:Security in place, then let xml-crypto sign into it.
  const mu = o.mustUnderstand ? ' soap:mustUnderstand="1"' : '';
  const security =
    `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"${mu}>` +
    (bst
      ? `<wsse:BinarySecurityToken EncodingType="${B64}" ValueType="${X509V3}" wsu:Id="X509-1">${der.toString('base64')}</wsse:BinarySecurityToken>`
      : '') +
    `</wsse:Security>`;
  const prepared = envelope
    .replace(/<soap:Body>/, `<soap:Body xmlns:wsu="${WSU}" wsu:Id="Body-1">`)
    .replace(/<soap:Envelope([^>]*)>/, `<soap:Envelope$1><soap:Header>${security}</soap:Header>`);
  const signer = new SignedXml({
    privateKey: o.key.export({ type: 'pkcs8', format: 'pem' }),
    publicCert: certificatePem(der),
    signatureAlgorithm: o.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: c14n,
    idMode: 'wssecurity',
    ...(bst
      ? {
          getKeyInfoContent: () =>
            `<wsse:SecurityTokenReference xmlns:wsse="${WSSE}"><wsse:Reference URI="#X509-1" ValueType="${X509V3}"/></wsse:SecurityTokenReference>`,
        }
      : {}),
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Body']",
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: [c14n],
  });
  signer.computeSignature(prepared, {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Security']", action: 'append' },
  });
  return signer.getSignedXml();
}
