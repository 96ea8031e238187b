import { element as leaf, xmlValue } from '../xml/build.ts';
import type { XmlElement } from '../xml/element.ts';
import { readKdpFields } from './fields.ts';

/**
 * GBDFLUniversal_token and MCDB_SERVICE: the request fields are the real GBDFLUniversal_token ones
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
  return out;
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

/** GBDFLUniversal_token's answer: messageId, iin and the person record. */
export function gbdflResponseXml(messageId: string, p: PersonRecord): string {
  const a = p.regAddress;
  return (
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
  return leaf('messageId', messageId) + leaf('iin', iin) + leaf('mobilePhone', mobilePhone);
}
