import { validateBin } from '../../protocol/identifiers/bin.ts';
import { validateIin } from '../../protocol/identifiers/iin.ts';
import { ARTICLE9_GROUNDS, CONSENT_WAYS, type Article9Ground, type ConsentWay } from '../../protocol/kdp/ways.ts';
import { kdpError } from './errors.ts';
import type { KdpCaller, KdpMessage } from './ports.ts';
import type { KdpProfile } from './profile.ts';

const MAX_TEXT = 255;

/** getUserDataRequest, read and checked field by field (T-KDP-1). */
export interface UserDataRequest {
  uin: string;
  company: string;
  companyBin: string;
  companyResponsible: string;
  employeeName: string;
  accessName: string;
  personalDataName: string;
  /** In the profile's unit (T-KDP-5). */
  expiresIn: number;
  omitSms: boolean;
  ovt?: string;
  way: ConsentWay;
  ground?: Article9Ground;
}

export function requiredText(data: KdpMessage, name: string): string {
  const value = data[name];
  if (value === undefined || value === '') throw kdpError('KDP-101', name, name);
  if (value.length > MAX_TEXT) throw kdpError('KDP-101', `${name} is longer than ${MAX_TEXT} characters`, name);
  return value;
}

export function optionalText(data: KdpMessage, name: string): string | undefined {
  const value = data[name];
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_TEXT) throw kdpError('KDP-101', `${name} is longer than ${MAX_TEXT} characters`, name);
  return value;
}

export function requireIin(value: string, name = 'uin'): string {
  const v = validateIin(value);
  if (!v.ok) throw kdpError('KDP-102', v.message, name);
  return value;
}

/** getUserDataRequest's fields, checked one by one in the order they are written. */
export function readUserDataRequest(data: KdpMessage, ctx: KdpCaller, profile: KdpProfile): UserDataRequest {
  const uin = requireIin(requiredText(data, 'uin'));
  const company = requiredText(data, 'company');
  const companyBin = requiredText(data, 'company_bin');
  const bin = validateBin(companyBin);
  if (!bin.ok) throw kdpError('KDP-103', bin.message, 'company_bin');
  if (ctx.senderBin !== undefined && ctx.senderBin !== companyBin)
    throw kdpError('KDP-104', `the sender belongs to ${ctx.senderBin}`, 'company_bin');
  const companyResponsible = requiredText(data, 'company_responsible');
  const employeeName = requiredText(data, 'employee_name');
  const accessName = requiredText(data, 'access_name');
  // The public record does not make it mandatory (zeep writes an empty element for an unset
  // field): kept empty in the history, and the harness flags it (docs/profile.md).
  const personalDataName = optionalText(data, 'personal_data_name') ?? '';
  const expiresIn = readExpiresIn(optionalText(data, 'expiresIn'), profile);
  const omitSms = readBoolean(optionalText(data, 'omit-sms'));
  const ovt = data.ovt || undefined;
  const way = resolveWay(
    namedOnce(ctx.properties[profile.wayProperty], optionalText(data, profile.wayElement), profile.wayElement),
    omitSms,
    profile,
  );
  const groundName = namedOnce(
    ctx.properties[profile.groundProperty],
    optionalText(data, profile.groundElement),
    profile.groundElement,
  );
  const ground = resolveGround(groundName, way);
  return {
    uin,
    company,
    companyBin,
    companyResponsible,
    employeeName,
    accessName,
    personalDataName,
    expiresIn,
    omitSms,
    ...(ovt ? { ovt } : {}),
    way,
    ...(ground ? { ground } : {}),
  };
}

function readExpiresIn(raw: string | undefined, profile: KdpProfile): number {
  const { min, max, unit } = profile.expiresIn;
  if (raw === undefined) return profile.expiresIn.default;
  if (!/^\d{1,15}$/.test(raw))
    throw kdpError('KDP-105', `not a whole number of ${unit === 's' ? 'seconds' : 'milliseconds'}`, 'expiresIn');
  const value = Number(raw);
  if (value < min || value > max) throw kdpError('KDP-105', `${value} is outside ${min}..${max} ${unit}`, 'expiresIn');
  return value;
}

function readBoolean(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw kdpError('KDP-106', undefined, 'omit-sms');
}

/** The property and the element may both name the value, but then they must agree. */
function namedOnce(
  fromProperty: string | undefined,
  fromElement: string | undefined,
  name: string,
): string | undefined {
  const p = fromProperty?.trim() || undefined;
  if (p !== undefined && fromElement !== undefined && p !== fromElement)
    throw kdpError(
      'KDP-114',
      `property ${name}=${p.slice(0, 40)} but element ${name}=${fromElement.slice(0, 40)}`,
      name,
    );
  return p ?? fromElement;
}

function resolveWay(named: string | undefined, omitSms: boolean, profile: KdpProfile): ConsentWay {
  if (named !== undefined) {
    if (!(CONSENT_WAYS as readonly string[]).includes(named))
      throw kdpError('KDP-112', `${named.slice(0, 40)}; known: ${CONSENT_WAYS.join(', ')}`, profile.wayElement);
    // omit-sms says no SMS reaches the subject: only own means can do without one.
    if (omitSms && named !== 'own-means') throw kdpError('KDP-114', `omit-sms=true with way ${named}`, 'omit-sms');
    return named as ConsentWay;
  }
  return omitSms ? 'own-means' : profile.defaultWay;
}

function resolveGround(named: string | undefined, way: ConsentWay): Article9Ground | undefined {
  if (way !== 'notification') {
    if (named !== undefined)
      throw kdpError(
        'KDP-114',
        `an Article 9 ground goes only with the notification way, not ${way}`,
        'article9Ground',
      );
    return undefined;
  }
  if (named === undefined) throw kdpError('KDP-115', `name one of ${ARTICLE9_GROUNDS.join(', ')}`, 'article9Ground');
  if (!(ARTICLE9_GROUNDS as readonly string[]).includes(named))
    throw kdpError('KDP-115', `${named.slice(0, 40)}; known: ${ARTICLE9_GROUNDS.join(', ')}`, 'article9Ground');
  return named as Article9Ground;
}
