import { isXsdDateTime, type XmlElement } from './wire.ts';

/**
 * The request half of our WSDL's schema (mocks/shep/wsdl.ts: SyncSendMessageRequest and the types
 * under it), as data, and a validator for it: the SoapUI schema-compliance assertion, for the one
 * document type an initiator sends. Written here instead of a WASM libxml2 so that `npm test` needs
 * no new dependency; a test keeps it in step with the WSDL the gateway serves.
 *
 * The KDP data of getUserDataRequest and the data services' token request (xsd:anyType in the WSDL)
 * are held to the profile's field lists (docs/kdp.md) the same way.
 */
export type Particle = { name: string; min: 0 | 1; max: 1 | 'unbounded'; type: TypeRef };
export type TypeRef = 'string' | 'dateTime' | 'boolean-ish' | 'integer' | 'any' | readonly Particle[];

const e = (name: string, type: TypeRef, min: 0 | 1 = 1, max: 1 | 'unbounded' = 1): Particle => ({
  name,
  min,
  max,
  type,
});

const SENDER_INFO = [e('senderId', 'string'), e('password', 'string', 0)] as const;
const PROPERTY = [e('key', 'string'), e('value', 'string')] as const;
export const SYNC_MESSAGE_INFO = [
  e('messageId', 'string'),
  e('correlationId', 'string', 0),
  e('serviceId', 'string'),
  e('messageDate', 'dateTime'),
  e('routeId', 'string', 0),
  e('sender', SENDER_INFO),
  e('properties', PROPERTY, 0, 'unbounded'),
  e('sessionId', 'string', 0),
] as const;
export const SYNC_SEND_MESSAGE_REQUEST = [
  e('requestInfo', SYNC_MESSAGE_INFO),
  e('requestData', [e('data', 'any', 0)], 0),
] as const;

/** docs/kdp.md § KDP_SERVICE: getUserDataRequest's fields in their order. */
export const GET_USER_DATA_REQUEST = [
  e('uin', 'string'),
  e('company', 'string'),
  e('company_bin', 'string'),
  e('company_responsible', 'string'),
  e('employee_name', 'string'),
  e('access_name', 'string'),
  e('personal_data_name', 'string'),
  e('expiresIn', 'integer', 0),
  e('omit-sms', 'boolean-ish', 0),
  e('ovt', 'string', 0),
  e('consentWay', 'string', 0),
  e('article9Ground', 'string', 0),
  e('requestId', 'string', 0),
] as const;

/** docs/kdp.md § Data services: the token request of GBDFLUniversal_token and MCDB_SERVICE. */
export const TOKEN_DATA_REQUEST = [
  e('messageId', 'string'),
  e('messageDate', 'dateTime', 0),
  e('senderCode', 'string', 0),
  e('iin', 'string'),
  e('kdpToken', 'string'),
  e('publicKey', 'string', 0),
] as const;

/** Schema errors of `el`'s children against a sequence, as "path: what" lines. */
export function validateSequence(el: XmlElement, sequence: readonly Particle[], path: string): string[] {
  const errors: string[] = [];
  const kids = el.children;
  let i = 0;
  for (const p of sequence) {
    let count = 0;
    while (i < kids.length && kids[i]!.name === p.name && kids[i]!.ns === '') {
      if (p.max === 1 && count === 1) break;
      errors.push(...validateType(kids[i]!, p.type, `${path}/${p.name}`));
      count++;
      i++;
    }
    if (count < p.min)
      errors.push(`${path}: <${p.name}> missing${i < kids.length ? ` before <${kids[i]!.name}>` : ''}`);
  }
  for (; i < kids.length; i++) {
    const k = kids[i]!;
    const known = sequence.some((p) => p.name === k.name);
    errors.push(
      `${path}: <${k.ns ? `{${k.ns}}` : ''}${k.name}> ${known ? 'out of order or repeated' : 'not allowed by the schema'}`,
    );
  }
  return errors;
}

function validateType(el: XmlElement, type: TypeRef, path: string): string[] {
  if (typeof type !== 'string') return validateSequence(el, type, path);
  if (type === 'any') return [];
  const leafErrors = el.children.length ? [`${path}: a simple value may not hold elements`] : [];
  const v = el.text.trim();
  if (type === 'dateTime' && !isXsdDateTime(v)) leafErrors.push(`${path}: "${v}" is not an xs:dateTime`);
  if (type === 'integer' && !/^[+-]?\d+$/.test(v)) leafErrors.push(`${path}: "${v}" is not an integer`);
  if (type === 'boolean-ish' && !['true', 'false', '1', '0'].includes(v))
    leafErrors.push(`${path}: "${v}" is not a boolean`);
  return leafErrors;
}
