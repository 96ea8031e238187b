/**
 * The state service's and the data services' `<data>` elements, as string templates (docs/kdp.md).
 * Field names are the real ones; `consentWay` and `article9Ground` travel as requestInfo
 * properties (the profile's way/ground signalling).
 */

export const KDP_NS = 'http://service.2fa-chain.kz/ns/kdp';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface UserDataRequest {
  uin: string;
  company: string;
  company_bin: string;
  company_responsible: string;
  employee_name: string;
  access_name: string;
  personal_data_name: string;
  expiresIn: number;
  omitSms?: boolean;
  ovt?: string;
}

export function userDataRequestXml(r: UserDataRequest): string {
  const fields: [string, string | undefined][] = [
    ['uin', r.uin],
    ['company', r.company],
    ['company_bin', r.company_bin],
    ['company_responsible', r.company_responsible],
    ['employee_name', r.employee_name],
    ['access_name', r.access_name],
    ['personal_data_name', r.personal_data_name],
    ['expiresIn', String(r.expiresIn)],
    ['omit-sms', r.omitSms === undefined ? undefined : String(r.omitSms)],
    ['ovt', r.ovt],
  ];
  return dataXml(fields, 'getUserDataRequest');
}

/** GBDFLUniversal_token and MCDB_SERVICE: the access token goes on exactly as the state service gave it. */
export function tokenDataRequestXml(r: {
  messageId: string;
  messageDate: string;
  senderCode: string;
  iin: string;
  kdpToken: string;
  publicKey: string;
}): string {
  return dataXml([
    ['messageId', r.messageId],
    ['messageDate', r.messageDate],
    ['senderCode', r.senderCode],
    ['iin', r.iin],
    ['kdpToken', r.kdpToken],
    ['publicKey', r.publicKey],
  ]);
}

export type KdpStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'EXPIRED' | 'LOCKED';

export interface UserDataResponse {
  status: string;
  code?: string;
  publicKey?: string;
  requestId?: string;
}

/** node-soap's reading of a getUserDataResponse `data`. */
export function readUserDataResponse(data: Record<string, unknown>): UserDataResponse {
  return {
    status: text(data.status) ?? '',
    ...optional('code', text(data.code)),
    ...optional('publicKey', text(data['public-key'])),
    ...optional('requestId', text(data.requestId)),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // An element with attributes comes back as { attributes, $value }.
  if (v && typeof v === 'object' && '$value' in v) return text((v as { $value: unknown }).$value);
  return undefined;
}

function dataXml(fields: [string, string | undefined][], type?: string): string {
  const body = fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const typed = type ? ` xmlns:xsi="${XSI_NS}" xmlns:kdp="${KDP_NS}" xsi:type="kdp:${type}"` : '';
  return `<data${typed}>${body}</data>`;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
