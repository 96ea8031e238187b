import { createPublicKey, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type { JWK } from 'jose';
import { SOAP11_NS } from '../../protocol/shep/namespaces.ts';
import { child, childrenNamed, type XmlElement } from '../../protocol/xml/element.ts';
import { isSecurityHeader } from './soap-headers.ts';
import { ShepError } from './shep-error.ts';

/**
 * WS-Security on the gateway: the Body signed by the sender's organisation (XMLDSig, enveloped in
 * wsse:Security, the Body referenced by its wsu:Id), verified with xml-crypto. The real gateway
 * signs and verifies GOST 34.310-2004 / GOST 2015 (NCA RK); this mock verifies RSA-SHA256 with
 * exclusive or inclusive c14n, and recognises the GOST algorithm URIs only to refuse them clearly.
 *
 * Modes (profile `shep.wsSecurity`): 'off' ignores signatures; 'verify' (default) verifies a
 * signature that is present and lets a verified one stand in for sender/password; 'required'
 * refuses a message without one.
 */
export type WsSecurityMode = 'off' | 'verify' | 'required';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

export const SUPPORTED_SIGNATURE_ALGORITHM = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SUPPORTED_DIGESTS = ['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512'];
const SUPPORTED_C14N = [
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
];

// Loaded without their type declarations: those reference the DOM library, which would change the
// global types (fetch, Response) of the whole program. Only these few members are used.
interface DomNode {
  readonly nodeType: number;
}
interface SignedXmlVerifier {
  SignatureAlgorithms: Record<string, unknown>;
  loadSignature(node: DomNode): void;
  checkSignature(xml: string): boolean;
}
interface XmlDsig {
  SignedXml: new (o: { publicCert: string; getCertFromKeyInfo: () => null }) => SignedXmlVerifier;
  DOMParser: new () => {
    parseFromString(
      xml: string,
      type: string,
    ): { getElementsByTagNameNS(ns: string, name: string): ArrayLike<DomNode> };
  };
}
// Required on the first signed message, not at start: most runs never see one (~30 ms of start-up).
let xmlDsig: XmlDsig | undefined;
function loadXmlDsig(): XmlDsig {
  if (!xmlDsig) {
    const requireCjs = createRequire(import.meta.url);
    xmlDsig = {
      SignedXml: (requireCjs('xml-crypto') as Pick<XmlDsig, 'SignedXml'>).SignedXml,
      DOMParser: (requireCjs('@xmldom/xmldom') as Pick<XmlDsig, 'DOMParser'>).DOMParser,
    };
  }
  return xmlDsig;
}

/** NCA RK's GOST algorithm URIs (REAL-SYSTEMS.md), and the family they belong to. */
export const GOST_ALGORITHMS = [
  'http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311',
  'http://www.w3.org/2001/04/xmldsig-more#gost34311',
  'urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512',
  'urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-512',
];
const isGost = (uri: string) => GOST_ALGORITHMS.includes(uri) || /gost|pkigovkz/i.test(uri);

export interface BodySignature {
  /** The signing certificate's public key. */
  key: KeyObject;
}

/** The wsse:Security ds:Signature of a message, if it has one. */
export function findSignature(header: XmlElement | undefined): XmlElement | undefined {
  for (const block of header?.children ?? []) {
    if (!isSecurityHeader(block)) continue;
    const sig = child(block, 'Signature', DSIG_NS);
    if (sig) return sig;
  }
  return undefined;
}

function invalid(detail: string): ShepError {
  return new ShepError('SIGNATURE_INVALID', detail.slice(0, 200));
}

function algorithmOf(el: XmlElement | undefined): string {
  return el?.attributes.find((a) => a.name === 'Algorithm' && a.ns === '')?.value ?? '';
}

/** Refuses a GOST or other algorithm this mock does not verify, naming the URI. */
function checkAlgorithms(signedInfo: XmlElement): void {
  const method = algorithmOf(child(signedInfo, 'SignatureMethod', DSIG_NS));
  const c14n = algorithmOf(child(signedInfo, 'CanonicalizationMethod', DSIG_NS));
  const digests = childrenNamed(signedInfo, 'Reference', DSIG_NS).map((r) =>
    algorithmOf(child(r, 'DigestMethod', DSIG_NS)),
  );
  for (const uri of [method, ...digests]) {
    if (isGost(uri))
      throw new ShepError('SIGNATURE_ALGORITHM', `GOST (${uri}) is not supported here: sign with RSA-SHA256`, {
        errorData: uri,
      });
  }
  if (method !== SUPPORTED_SIGNATURE_ALGORITHM)
    throw new ShepError(
      'SIGNATURE_ALGORITHM',
      `${method || 'no SignatureMethod'}; use ${SUPPORTED_SIGNATURE_ALGORITHM}`,
      {
        errorData: method.slice(0, 200),
      },
    );
  for (const d of digests) {
    if (!SUPPORTED_DIGESTS.includes(d))
      throw new ShepError('SIGNATURE_ALGORITHM', `digest ${d || '(none)'}; use SHA-256`, {
        errorData: d.slice(0, 200),
      });
  }
  if (!SUPPORTED_C14N.includes(c14n))
    throw new ShepError('SIGNATURE_ALGORITHM', `c14n ${c14n || '(none)'}`, { errorData: c14n });
}

/** The signing certificate: wsse:BinarySecurityToken (WS-Security's X.509 token) or ds:KeyInfo/X509Data. */
function certificateOf(security: XmlElement | undefined, signature: XmlElement): X509Certificate {
  const token = security?.children.find((c) => c.name === 'BinarySecurityToken');
  const x509 = child(child(child(signature, 'KeyInfo', DSIG_NS), 'X509Data', DSIG_NS), 'X509Certificate', DSIG_NS);
  const base64 = (token?.text ?? x509?.text ?? '').replace(/\s+/g, '');
  if (!base64) throw invalid('no signing certificate (wsse:BinarySecurityToken or ds:X509Certificate)');
  try {
    return new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    throw invalid('the signing certificate is not a DER X.509 certificate');
  }
}

/**
 * Verifies the Body's signature, or returns undefined when the message has none. Throws
 * SIGNATURE_ALGORITHM for an algorithm not verified here (GOST named as such), SIGNATURE_INVALID for
 * a signature that does not verify or does not cover the Body.
 */
export function verifyBodySignature(
  rawXml: string,
  root: XmlElement,
  header: XmlElement | undefined,
): BodySignature | undefined {
  const signature = findSignature(header);
  if (!signature) return undefined;
  const signedInfo = child(signature, 'SignedInfo', DSIG_NS);
  if (!signedInfo) throw invalid('ds:Signature has no SignedInfo');
  checkAlgorithms(signedInfo);
  const body = child(root, 'Body', SOAP11_NS);
  const bodyId = body?.attributes.find((a) => a.name === 'Id' && (a.ns === WSU_NS || a.ns === ''))?.value;
  const uris = childrenNamed(signedInfo, 'Reference', DSIG_NS).map(
    (r) => r.attributes.find((a) => a.name === 'URI' && a.ns === '')?.value,
  );
  if (!bodyId || !uris.includes(`#${bodyId}`))
    throw invalid('the signature does not cover soap:Body (reference its wsu:Id)');
  const security = header?.children.find(isSecurityHeader);
  const certificate = certificateOf(security, signature);

  const { DOMParser, SignedXml } = loadXmlDsig();
  const doc = new DOMParser().parseFromString(rawXml, 'text/xml');
  const node = doc.getElementsByTagNameNS(DSIG_NS, 'Signature')[0];
  if (!node) throw invalid('ds:Signature not found');
  const verifier = new SignedXml({ publicCert: certificate.toString(), getCertFromKeyInfo: () => null });
  verifier.SignatureAlgorithms = {
    [SUPPORTED_SIGNATURE_ALGORITHM]: verifier.SignatureAlgorithms[SUPPORTED_SIGNATURE_ALGORITHM]!,
  };
  let ok: boolean;
  try {
    verifier.loadSignature(node);
    ok = verifier.checkSignature(rawXml);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  if (!ok) throw invalid('the digest or the signature value does not match');
  return { key: certificate.publicKey };
}

/** Whether the certificate's key is one of the organisation's registered keys (R10.2). */
export function isRegisteredKey(key: KeyObject, registered: readonly JWK[]): boolean {
  const spki = key.export({ type: 'spki', format: 'der' });
  return registered.some((jwk) => {
    try {
      const pub = { ...jwk };
      delete pub.d;
      return createPublicKey({ key: pub as JsonWebKey, format: 'jwk' })
        .export({ type: 'spki', format: 'der' })
        .equals(spki);
    } catch {
      return false;
    }
  });
}
