import { element as leaf, xmlValue } from '../xml/build.ts';
import type { XmlElement } from '../xml/element.ts';
import { readKdpFields } from './fields.ts';

/**
 * GBDFLUniversal_token, MCDB_SERVICE and GbdulAffilFace_KDP: the request fields are the real GBDFLUniversal_token ones
 * (REAL-SYSTEMS.md: messageId, messageDate, senderCode, iin, kdpToken, publicKey); MCDB_SERVICE
 * takes the same (its own are not public), and both answers are the profile's (docs/kdp.md).
 */
export interface TokenDataRequest {
  messageId?: string;
  messageDate?: string;
  senderCode?: string;
  iin?: string;
  kdpToken?: string;
  publicKey?: string;
  /**
   * Tokens passed as public integrator code passes them beside kdpToken/publicKey:
   * infoAbtToken/tokens[]{code, publicKey}, in document order.
   */
  tokens?: { code?: string; publicKey?: string }[];
}

/** Children of <data> for GBDFLUniversal_token and MCDB_SERVICE. */
export function tokenDataRequestXml(f: {
  messageId: string;
  messageDate: string;
  senderCode: string;
  iin: string;
  kdpToken?: string;
  publicKey?: string;
}): string {
  return (['messageId', 'messageDate', 'senderCode', 'iin', 'kdpToken', 'publicKey'] as const)
    .filter((k) => f[k] !== undefined)
    .map((k) => `<${k}>${xmlValue(f[k]!)}</${k}>`)
    .join('');
}

/** The request as a data service reads it; kdpToken and publicKey in any namespace (clients differ). */
export function readTokenDataRequest(data: XmlElement): TokenDataRequest {
  const fields = readKdpFields(data);
  const anyNs = (name: string) => data.children.find((c) => c.name === name)?.text.trim() || undefined;
  const out: TokenDataRequest = {};
  for (const k of ['messageId', 'messageDate', 'senderCode', 'iin'] as const) {
    if (fields[k] !== undefined) out[k] = fields[k];
  }
  const kdpToken = anyNs('kdpToken');
  const publicKey = anyNs('publicKey');
  if (kdpToken) out.kdpToken = kdpToken;
  if (publicKey) out.publicKey = publicKey;
  const info = data.children.find((c) => c.name === 'infoAbtToken');
  if (info) {
    out.tokens = info.children
      .filter((t) => t.name === 'tokens')
      .map((t) => {
        const text = (name: string) => t.children.find((c) => c.name === name)?.text.trim() || undefined;
        const code = text('code');
        const key = text('publicKey');
        return { ...(code ? { code } : {}), ...(key ? { publicKey: key } : {}) };
      });
  }
  return out;
}

/** infoAbtToken/tokens[]{code, publicKey}, the other way public code passes tokens. */
export function infoAbtTokenXml(tokens: { code: string; publicKey: string }[]): string {
  return `<infoAbtToken>${tokens.map((t) => `<tokens>${leaf('code', t.code)}${leaf('publicKey', t.publicKey)}</tokens>`).join('')}</infoAbtToken>`;
}

export interface PersonRecord {
  iin: string;
  surname: string;
  name: string;
  patronymic: string;
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
  regAddress: { region: string; city: string; street: string; building: string; flat?: string };
}

/** The business result REAL-SYSTEMS.md shows beside the data: messageResult/code 00000 on success. */
export const MESSAGE_RESULT_OK = { code: '00000', message: 'OK' } as const;

export function messageResultXml(r: { code: string; message: string } = MESSAGE_RESULT_OK): string {
  return `<messageResult>${leaf('code', r.code)}${leaf('message', r.message)}</messageResult>`;
}

/** GBDFLUniversal_token's answer: messageId, iin and the person record. */
export function gbdflResponseXml(messageId: string, p: PersonRecord): string {
  const a = p.regAddress;
  return (
    messageResultXml() +
    leaf('messageId', messageId) +
    leaf('iin', p.iin) +
    '<person>' +
    leaf('iin', p.iin) +
    leaf('surname', p.surname) +
    leaf('name', p.name) +
    leaf('patronymic', p.patronymic) +
    leaf('birthDate', p.birthDate) +
    leaf('gender', p.gender) +
    '<regAddress>' +
    leaf('region', a.region) +
    leaf('city', a.city) +
    leaf('street', a.street) +
    leaf('building', a.building) +
    (a.flat ? leaf('flat', a.flat) : '') +
    '</regAddress>' +
    '</person>'
  );
}

/** MCDB_SERVICE's answer: messageId, iin and the subject's mobile number. */
export function mcdbResponseXml(messageId: string, iin: string, mobilePhone: string): string {
  return messageResultXml() + leaf('messageId', messageId) + leaf('iin', iin) + leaf('mobilePhone', mobilePhone);
}

/** A legal entity the person is affiliated with, as GbdulAffilFace_KDP (the legal-entity register) answers. */
export interface Affiliation {
  bin: string;
  name: string;
  /** The profile's roles: the public record names none. */
  role: 'HEAD' | 'FOUNDER';
}

/** GbdulAffilFace_KDP's answer (the profile's shape): messageId, iin, the person's affiliations. */
export function affilFaceResponseXml(messageId: string, iin: string, affiliations: readonly Affiliation[]): string {
  return (
    messageResultXml() +
    leaf('messageId', messageId) +
    leaf('iin', iin) +
    '<affiliations>' +
    affiliations
      .map((a) => `<affiliation>${leaf('bin', a.bin)}${leaf('name', a.name)}${leaf('role', a.role)}</affiliation>`)
      .join('') +
    '</affiliations>'
  );
}
