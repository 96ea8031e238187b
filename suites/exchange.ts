import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  child,
  childText,
  parseShepReply,
  parseXml,
  readSendMessage,
  readUserDataResponse,
  type ExchangeRecord,
  type ShepReply,
  type SyncMessageInfo,
  type XmlElement,
} from './wire.ts';

/**
 * One SHEP exchange of the SUT as the checks see it: the journal record (its evidence id beside)
 * and, read once, what it says. Reading never throws: a message the gateway could not read is an
 * exchange whose `info` is absent and whose `readError` says why — checks judge that too.
 */
export interface Exchange extends ExchangeRecord {
  /** Evidence id in the run result. */
  evidenceId: string;
}

export interface ExchangeView {
  x: Exchange;
  envelope?: XmlElement;
  info?: SyncMessageInfo;
  data?: XmlElement;
  readError?: string;
  reply?: ShepReply;
  /** For a KDP_SERVICE or data-service message: the data's children by local name. */
  fields: Record<string, string>;
  /** For a KDP_SERVICE answer. */
  answer?: { status: string; code?: string; publicKey?: string; requestId?: string };
  /** The fault code, when the gateway answered a fault. */
  faultCode?: string;
  faultKind?: string;
}

const views = new WeakMap<Exchange, ExchangeView>();

export function view(x: Exchange): ExchangeView {
  let v = views.get(x);
  if (!v) views.set(x, (v = read(x)));
  return v;
}

function read(x: Exchange): ExchangeView {
  const v: ExchangeView = { x, fields: {} };
  try {
    v.envelope = parseXml(x.request);
    const msg = readSendMessage(v.envelope, { strictMessageDate: false });
    v.info = msg.requestInfo;
    if (msg.data) {
      v.data = msg.data;
      for (const c of msg.data.children) v.fields[c.name] = c.text;
    }
  } catch (err) {
    v.readError = (err as Error).message;
  }
  try {
    v.reply = parseShepReply(x.response);
    if (v.reply.kind === 'fault') {
      v.faultCode = v.reply.errorInfo?.errorCode;
      v.faultKind = v.reply.faultcode;
    } else if (x.service === 'KDP_SERVICE' && v.reply.data) {
      v.answer = readUserDataResponse(v.reply.data);
    }
  } catch {
    // an answer cut by the journal or not SOAP: the outcome still says what happened
  }
  return v;
}

/** The requestId a KDP_SERVICE message asks about (correlationId or <requestId>), if any. */
export function askedRequestId(v: ExchangeView): string | undefined {
  return v.fields.requestId || v.info?.correlationId || undefined;
}

export const FINAL_STATUSES = ['APPROVED', 'DECLINED', 'EXPIRED', 'LOCKED'] as const;

/** Claims and header of a compact JWS, or undefined when it is not one. Never verifies. */
export function peekJwt(
  token: string | undefined,
): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  if (!token) return undefined;
  try {
    return {
      header: decodeProtectedHeader(token) as Record<string, unknown>,
      claims: decodeJwt(token) as Record<string, unknown>,
    };
  } catch {
    return undefined;
  }
}

export function isDataService(service: string | undefined): boolean {
  return service === 'GBDFLUniversal_token' || service === 'MCDB_SERVICE';
}

export { child, childText };

/** The consent way a KDP_SERVICE request names (docs/kdp.md § How a request names its way). */
export function wayOf(v: ExchangeView): string {
  const prop = v.info?.properties.find((p) => p.key === 'consentWay')?.value;
  const way = prop ?? v.fields.consentWay;
  if (way) return way.trim();
  return ['true', '1'].includes((v.fields['omit-sms'] ?? '').trim()) ? 'own-means' : 'sms';
}

/** The Article 9 ground a KDP_SERVICE request names, if any. */
export function groundOf(v: ExchangeView): string | undefined {
  return (v.info?.properties.find((p) => p.key === 'article9Ground')?.value ?? v.fields.article9Ground)?.trim();
}

/**
 * Every access token the state service handed this sender: code → the first answer that granted
 * it. A token counts as granted from its first APPROVED answer: a later poll may repeat APPROVED
 * with the same code, and that must not make an earlier data call look ungranted.
 */
export function grantedTokens(
  views: readonly ExchangeView[],
): Map<string, { v: ExchangeView; publicKey?: string; at: number }> {
  const out = new Map<string, { v: ExchangeView; publicKey?: string; at: number }>();
  for (const v of views) {
    const a = v.answer;
    if (a?.status !== 'APPROVED' || !a.code) continue;
    const code = a.code.trim();
    const seen = out.get(code);
    if (!seen || v.x.at < seen.at) out.set(code, { v, ...(a.publicKey ? { publicKey: a.publicKey } : {}), at: v.x.at });
  }
  return out;
}
