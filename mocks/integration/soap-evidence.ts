import { decodeJwt } from 'jose';
import { DATA_SERVICE_IDS } from '../data-services/data-services.ts';
import type { ExchangeJournal, ExchangeRecord } from '../journal/journal.ts';
import type { ConsentRequest } from '../kdp/state.ts';
import type { TokenRecord } from '../kdp/tokens.ts';
import { parseShepReply, readSendMessage, type SendMessageRequest } from '../../protocol/shep/envelope.ts';
import { xmlValue } from '../../protocol/xml/build.ts';
import { SHEP_SUCCESS } from '../../protocol/shep/fault.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { TestEvidence, TestResponseEvidence, TestResponseRef } from '../smart-bridge/ports.ts';
import { childText, type XmlElement } from '../../protocol/xml/element.ts';
import { parseXml } from '../../protocol/xml/parse.ts';

/**
 * R11, R2.8: what Smart Bridge asks when a testing act cites a SHEP messageId, answered from what
 * the gateway journaled and what the state service recorded — never from what the act claims.
 *
 * The exchange: the gateway's journal record (channel `shep`) of that messageId, sent by one of the
 * organisation's SHEP senders. The gateway keys messageIds by sender, and the journal keeps the
 * sender id, not the BIN, so the senders come from whoever issued them (Smart Bridge).
 *
 * The security token, by service:
 * - KDP_SERVICE: the state service's access token (a JWT with its own jti, exp, env, cbin and aud:
 *   R2.8) issued for the consent request the answer names; the exchange succeeded when that request
 *   is APPROVED — at once for own means (whose ovt the state service verified with the registered
 *   key, R10.2) and notification, after the subject's or operator's answer for the other ways. The
 *   request's first message and a later poll of it both count.
 * - GBDFLUniversal_token, MCDB_SERVICE: the access token the initiator presented as kdpToken; the
 *   gateway answered SCSS001 only if the data service verified it.
 * - any other service: no security token, so it cannot prove an act.
 */
export type ConsentEvidence = Pick<
  ConsentRequest,
  'id' | 'environment' | 'companyBin' | 'status' | 'tokenId' | 'reason'
>;
export type TokenEvidence = Pick<TokenRecord, 'jti' | 'environment' | 'cbin' | 'requestId'>;

export interface TestEvidenceSources {
  /** The exchange journal the gateway writes. */
  journal: Pick<ExchangeJournal, 'query'>;
  /** Every SHEP sender the organisation was issued, on either environment. */
  sendersOf(bin: string): Promise<{ environment: ShepEnvironment; senderId: string }[]>;
  /** The state service's consent requests and access tokens. */
  consent(requestId: string): Promise<ConsentEvidence | undefined>;
  token(jti: string): Promise<TokenEvidence | undefined>;
}

const CONSENT_SERVICE = 'KDP_SERVICE';
const DATA_SERVICES: readonly string[] = Object.values(DATA_SERVICE_IDS);
const PAGE = 1000;

interface Exchange {
  record: ExchangeRecord;
  request: SendMessageRequest;
}

type Judged = Omit<TestResponseEvidence, 'messageId' | 'environment' | 'senderBin' | 'serviceId' | 'at'>;

export class JournalTestEvidence implements TestEvidence {
  constructor(private readonly sources: TestEvidenceSources) {}

  async findSuccessfulTestResponse(ref: TestResponseRef): Promise<TestResponseEvidence | undefined> {
    const exchange = await this.find(ref);
    if (!exchange) return undefined;
    const { record, request } = exchange;
    const serviceId = request.requestInfo.serviceId;
    return {
      messageId: ref.messageId,
      environment: record.environment!,
      senderBin: ref.bin,
      serviceId,
      at: record.at,
      ...(await this.judge(ref.bin, record, request, serviceId)),
    };
  }

  /**
   * The journaled exchange of that messageId by the organisation's senders. A messageId is unique
   * per sender and environment only once authenticated, so a refused copy (a duplicate, a wrong
   * password) may share it: the successful one, and the test environment's, win.
   */
  private async find(ref: TestResponseRef): Promise<Exchange | undefined> {
    const needle = xmlValue(ref.messageId);
    const found: Exchange[] = [];
    const matches = (record: ExchangeRecord, senderId: string) => {
      // Cheap test first: most records do not mention the id at all.
      if (!record.request.includes(needle)) return;
      const request = readRequest(record.request);
      if (request?.requestInfo.messageId === ref.messageId && request.requestInfo.sender.senderId === senderId)
        found.push({ record, request });
    };
    for (const { environment, senderId } of await this.sources.sendersOf(ref.bin)) {
      const q = { channel: 'shep', environment, sender: senderId } as const;
      // The gateway files each exchange under its messageId: one index seek.
      for (const record of await this.sources.journal.query({ ...q, correlation: ref.messageId, limit: PAGE }))
        matches(record, senderId);
    }
    const rank = (e: Exchange) =>
      (e.record.environment === 'test' ? 0 : 2) + (e.record.outcome === SHEP_SUCCESS.code ? 0 : 1);
    return found.sort((a, b) => rank(a) - rank(b))[0];
  }

  private async judge(
    bin: string,
    record: ExchangeRecord,
    request: SendMessageRequest,
    serviceId: string,
  ): Promise<Judged> {
    const environment = record.environment!;
    const presented = presentedToken(serviceId, request.data);
    if (record.outcome !== SHEP_SUCCESS.code) {
      const reason = faultOf(record);
      return { successful: false, securityToken: { presented: presented !== undefined, valid: false, reason } };
    }
    if (serviceId === CONSENT_SERVICE) return this.consentAnswer(bin, environment, record);
    if (DATA_SERVICES.includes(serviceId)) return this.dataRelease(bin, environment, presented);
    return {
      successful: true,
      securityToken: { presented: false, valid: false, reason: `${serviceId} takes no security token` },
    };
  }

  private async consentAnswer(bin: string, environment: ShepEnvironment, record: ExchangeRecord): Promise<Judged> {
    const requestId = childText(replyData(record), 'requestId');
    const consent = requestId ? await this.sources.consent(requestId) : undefined;
    if (!consent || consent.companyBin !== bin || consent.environment !== environment) {
      return {
        successful: false,
        securityToken: {
          presented: false,
          valid: false,
          reason: 'the state service holds no consent request of this organisation for this answer',
        },
      };
    }
    if (consent.status !== 'APPROVED') {
      const why = `the consent request is ${consent.status}${consent.reason ? ` (${consent.reason})` : ''}`;
      return {
        successful: false,
        securityToken: { presented: false, valid: false, reason: `no access token was issued: ${why}` },
      };
    }
    return { successful: true, securityToken: await this.bound(bin, environment, consent.tokenId, consent.id) };
  }

  private async dataRelease(bin: string, environment: ShepEnvironment, kdpToken: string | undefined): Promise<Judged> {
    if (kdpToken === undefined)
      return {
        successful: true,
        securityToken: { presented: false, valid: false, reason: 'no kdpToken was presented' },
      };
    return { successful: true, securityToken: await this.bound(bin, environment, jtiOf(kdpToken)) };
  }

  /** The state service's record of the token must exist and be bound to this organisation and environment (R2.8). */
  private async bound(
    bin: string,
    environment: ShepEnvironment,
    jti: string | undefined,
    requestId?: string,
  ): Promise<TestResponseEvidence['securityToken']> {
    const token = jti ? await this.sources.token(jti) : undefined;
    if (!token)
      return { presented: true, valid: false, reason: 'the state service has no record of this access token' };
    if (
      token.cbin !== bin ||
      token.environment !== environment ||
      (requestId !== undefined && token.requestId !== requestId)
    ) {
      return {
        presented: true,
        valid: false,
        reason: 'the access token is bound to another organisation, environment or request',
      };
    }
    return { presented: true, valid: true, tokenId: token.jti };
  }
}

function readRequest(xml: string): SendMessageRequest | undefined {
  try {
    return readSendMessage(parseXml(xml));
  } catch {
    // A journaled request that never was a SendMessage (or was cut by the journal) cites nothing.
    return undefined;
  }
}

function replyData(record: ExchangeRecord): XmlElement | undefined {
  try {
    const reply = parseShepReply(record.response);
    return reply.kind === 'response' ? reply.data : undefined;
  } catch {
    return undefined;
  }
}

function faultOf(record: ExchangeRecord): string {
  try {
    const reply = parseShepReply(record.response);
    if (reply.kind === 'fault')
      return reply.errorInfo ? `${reply.errorInfo.errorCode}: ${reply.errorInfo.errorMessage}` : reply.faultstring;
  } catch {
    // fall through to the outcome the gateway journaled
  }
  return `the gateway answered ${record.outcome}`;
}

/** The token the request itself carried: the initiator's ovt, or the access token shown to a data service. */
function presentedToken(serviceId: string, data: XmlElement | undefined): string | undefined {
  const name = serviceId === CONSENT_SERVICE ? 'ovt' : DATA_SERVICES.includes(serviceId) ? 'kdpToken' : undefined;
  const text = name ? data?.children.find((c) => c.name === name)?.text.trim() : undefined;
  return text || undefined;
}

/** The jti to look the token up by; the state service's record, not this claim, is what is trusted. */
function jtiOf(token: string): string | undefined {
  try {
    const { jti } = decodeJwt(token);
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}
