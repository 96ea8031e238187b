import { element as leaf, xmlValue } from '../xml/build.ts';
import { childText, type XmlElement } from '../xml/element.ts';
import { KDP_NS } from './fields.ts';

/**
 * KDP_SERVICE's messages (getUserDataRequest / getUserDataResponse), both ways: what an initiator
 * writes into requestData/data and reads back, and what the state service answers. Field names are
 * the real ones (REAL-SYSTEMS.md); consentWay, article9Ground and requestId are the profile's.
 */
export interface UserDataRequestFields {
  uin: string;
  company: string;
  company_bin: string;
  company_responsible: string;
  employee_name: string;
  access_name: string;
  personal_data_name: string;
  expiresIn?: number | string;
  'omit-sms'?: boolean;
  ovt?: string;
  /** Profile extensions (T-KDP-2, T-KDP-3, T-KDP-15). */
  consentWay?: string;
  article9Ground?: string;
  requestId?: string;
}

const ORDER: (keyof UserDataRequestFields)[] = [
  'uin',
  'company',
  'company_bin',
  'company_responsible',
  'employee_name',
  'access_name',
  'personal_data_name',
  'expiresIn',
  'omit-sms',
  'ovt',
  'consentWay',
  'article9Ground',
  'requestId',
];

/** Children of <data> in the real order, unqualified, as public integrator code writes them. */
export function userDataRequestXml(fields: Partial<UserDataRequestFields>): string {
  return ORDER.filter((k) => fields[k] !== undefined)
    .map((k) => `<${k}>${xmlValue(String(fields[k]))}</${k}>`)
    .join('');
}

export const USER_DATA_REQUEST_TYPE = { ns: KDP_NS, name: 'getUserDataRequest' } as const;

export interface UserDataResponse {
  status: string;
  code?: string;
  publicKey?: string;
  requestId?: string;
}

export function readUserDataResponse(data: XmlElement | undefined): UserDataResponse {
  const get = (name: string) => childText(data, name) || undefined;
  const code = get('code');
  const publicKey = get('public-key');
  const requestId = get('requestId');
  return {
    status: get('status') ?? '',
    ...(code ? { code } : {}),
    ...(publicKey ? { publicKey } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export interface UserDataResponseFields {
  status: string;
  code?: string;
  publicKey?: string;
  requestId: string;
}

/** getUserDataResponse: status, code, public-key, and the profile's requestId (T-KDP-3). */
export function userDataResponseXml(v: UserDataResponseFields): string {
  return (
    leaf('status', v.status) + leaf('code', v.code) + leaf('public-key', v.publicKey) + leaf('requestId', v.requestId)
  );
}

export const USER_DATA_RESPONSE_TYPE = { ns: KDP_NS, name: 'getUserDataResponse' } as const;
