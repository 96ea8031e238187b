import { CompactSign, importJWK, type JWK } from 'jose';
import { xmlValue } from '../xml/build.ts';
import { childText, type XmlElement } from '../xml/element.ts';
import { KDP_NS } from './request.ts';

/**
 * The initiator's side of KDP_SERVICE and of the data services: what a client writes into
 * requestData/data and how it reads the answer. For tests, the msw example, the suites and the
 * reference initiator; the state service itself never uses it.
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

/**
 * The initiator's security token for own means (T-KDP-8), signed with the organisation's key
 * registered under R10.2. `claims` override or remove (undefined) the defaults, for negative tests.
 */
export async function signOvt(
  key: { privateJwk: JWK; kid: string; alg: 'RS256' | 'ES256' },
  binding: { cbin: string; uin: string; accessName: string; audience: string; nowSec: number; jti: string },
  claims: Record<string, unknown> = {},
  lifetimeSec = 300,
): Promise<string> {
  const payload: Record<string, unknown> = {
    cbin: binding.cbin,
    mcheck: 'Bio',
    iat: binding.nowSec,
    exp: binding.nowSec + lifetimeSec,
    jti: binding.jti,
    aud: binding.audience,
    sub: binding.uin,
    access_name: binding.accessName,
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  const privateKey = await importJWK(key.privateJwk, key.alg);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
    .sign(privateKey);
}
