import { setTimeout as sleepReal } from 'node:timers/promises';
import { formatShepDate } from '../../protocol/dates.ts';
import {
  buildSendMessageResponse,
  buildSoapFault,
  EnvelopeRejected,
  readSendMessage,
  SHEP_SUCCESS,
  type EnvelopeOptions,
  type ErrorInfo,
  type SendMessageRequest,
  type SoapFaultCode,
} from '../../protocol/shep/envelope.ts';
import type { XmlElement } from '../../protocol/xml/element.ts';
import { maskSecrets } from './journal-masking.ts';
import {
  DEFAULT_XML_LIMITS,
  HOSTILE_XML_CODES,
  parseXml,
  XmlRejected,
  type XmlLimits,
} from '../../protocol/xml/parse.ts';
import type { FaultPlan } from '../environment/faults.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialRegistry } from './credentials.ts';
import type { ShepEnvironment } from './environments.ts';
import type { JWK } from 'jose';
import { refuseNotUnderstood } from './soap-headers.ts';
import { isRegisteredKey, verifyBodySignature, type WsSecurityMode } from './soap-ws-security.ts';
import { SHEP_ERRORS, type ShepErrorDefinition } from './soap-faults.ts';
import { LEGACY_MESSAGE_IDS_COLLECTION, UsedMessageIds, type MessageIdClaim } from './message-ids.ts';
import { InjectedShepFault, ShepRouter } from './router.ts';
import { ShepFault, type ShepService, type ShepServiceResponse } from './service.ts';
import { ShepError } from './shep-error.ts';

export interface ShepGatewayOptions {
  runtime: Runtime;
  faults: FaultPlan;
  credentials: CredentialRegistry;
  /** Limits of the hardened parser; maxBytes is also the HTTP body limit of the routes. */
  xmlLimits?: Partial<XmlLimits>;
  envelope?: EnvelopeOptions;
  /** How long a service may take before the gateway answers ESYS002 (real ms). */
  serviceTimeoutMs?: number;
  /** Requests and responses longer than this are cut in the journal (characters). */
  journalMaxChars?: number;
  /** Real waiting, for injected latency; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic real time for durations. */
  monotonicNow?: () => number;
  /** Kazakhstan's offset responseDate and errorDate are written in (protocol/dates.ts; default +05:00). */
  utcOffsetMinutes?: number;
  /** WS-Security (soap-ws-security.ts): 'verify' by default. */
  wsSecurity?: WsSecurityMode;
  /** The keys an organisation registered (R10.2), against which a Body signature's certificate is checked. */
  signatureKeys?: (bin: string, environment: ShepEnvironment) => Promise<readonly JWK[]>;
  /** Told of every unexpected error turned into ESYS001 (the fastify adapter logs it). */
  onInternalError?: (err: unknown, where: { environment: ShepEnvironment; serviceId?: string }) => void;
}

export interface ShepExchangeResult {
  status: number;
  body: string;
  contentType: string;
  /** SCSS001 or the fault's errorCode. */
  outcome: string;
  sessionId: string;
}

/** Refusals made outside the core, by the HTTP adapter, answered through the core all the same. */
export type TransportRefusal = 'too-large' | 'media-type' | 'method' | 'bad-request' | 'not-found' | 'internal';

export const SHEP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** What the gateway learnt of a message before it was answered: what the journal files it under. */
interface Seen {
  senderId?: string;
  serviceId?: string;
  password?: string;
  messageId?: string;
  /** Set once the message consumed its messageId (UsedMessageIds). */
  claim?: MessageIdClaim;
}

interface Refusal {
  errorCode: string;
  errorMessage: string;
  errorData?: string;
  subErrors: { errorCode: string; errorMessage: string; errorData?: string }[];
  faultcode: SoapFaultCode;
  httpStatus: number;
}

/** Refusals decided by the HTTP adapter, by the catalogue entry each one answers with. */
const TRANSPORT_REFUSALS = {
  'too-large': 'TOO_LARGE',
  'media-type': 'UNSUPPORTED_MEDIA_TYPE',
  method: 'METHOD_NOT_ALLOWED',
  'bad-request': 'BAD_HTTP_REQUEST',
  'not-found': 'UNKNOWN_PATH',
  internal: 'INTERNAL',
} as const satisfies Record<TransportRefusal, keyof typeof SHEP_ERRORS>;

function refusal(
  def: ShepErrorDefinition,
  detail?: string,
  extra: Partial<Pick<Refusal, 'errorData' | 'subErrors'>> = {},
): Refusal {
  return {
    errorCode: def.code,
    errorMessage: detail ? `${def.message}: ${detail}` : def.message,
    subErrors: extra.subErrors ?? [],
    ...(extra.errorData !== undefined ? { errorData: extra.errorData } : {}),
    faultcode: def.faultcode,
    httpStatus: def.httpStatus,
  };
}

/** A fault must be writable whatever the clock says; real time stands in for an impossible one. */
function safeShepDate(ms: number, offsetMinutes: number | undefined): string {
  try {
    return formatShepDate(ms, offsetMinutes);
  } catch {
    return formatShepDate(Date.now(), offsetMinutes);
  }
}

function cut(text: string, max: number): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}\n<!-- cut by the journal: ${text.length - max} more characters -->`;
}

/**
 * The SHEP gateway's SOAP adapter (SyncChannel v10): raw SOAP text in, status and SOAP text out,
 * over the transport-free core (router.ts) that authenticates, routes and deduplicates.
 * One instance serves both environments; the environment decides whose credentials apply and in
 * which space a messageId must be unique.
 *
 * Order of checks (each refusal ends the exchange): size → hardened XML parse → envelope and
 * requestInfo fields → sender authentication → route by serviceId → duplicate messageId → injected
 * fault → the service. A messageId is consumed once the message is authenticated and routable,
 * whatever happens next (as in real SHEP, where a (client, messageId) unique constraint guards the
 * message store): a client must retry with a new messageId.
 */
export class ShepGateway {
  private readonly router: ShepRouter<XmlElement, ShepServiceResponse>;
  private readonly limits: XmlLimits;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly monotonicNow: () => number;
  private readonly journalMaxChars: number;
  private readonly usedMessageIds: UsedMessageIds;

  constructor(private readonly options: ShepGatewayOptions) {
    this.limits = { ...DEFAULT_XML_LIMITS, ...options.xmlLimits };
    this.sleep = options.sleep ?? ((ms) => sleepReal(ms).then(() => undefined));
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.journalMaxChars = options.journalMaxChars ?? 256 * 1024;
    this.usedMessageIds = new UsedMessageIds(
      options.runtime.journal,
      options.runtime.store.collection(LEGACY_MESSAGE_IDS_COLLECTION),
    );
    this.router = new ShepRouter({
      runtime: options.runtime,
      usedMessageIds: this.usedMessageIds,
      faults: options.faults,
      credentials: options.credentials,
      ...(options.serviceTimeoutMs !== undefined ? { serviceTimeoutMs: options.serviceTimeoutMs } : {}),
    });
  }

  /** The body limit the HTTP adapter must apply (the parser's maxBytes). */
  get bodyLimit(): number {
    return this.limits.maxBytes;
  }

  register(service: ShepService): this {
    this.router.register(service);
    return this;
  }

  unregister(serviceId: string): boolean {
    return this.router.unregister(serviceId);
  }

  serviceIds(): string[] {
    return this.router.serviceIds();
  }

  /** The environment reset: messageIds held by exchanges still running are not spent in the new one. */
  forgetInFlightMessageIds(): void {
    this.usedMessageIds.forget();
  }

  /** Answers one SOAP message. Never throws: every failure becomes a SOAP fault. */
  async handle(environment: ShepEnvironment, rawXml: string): Promise<ShepExchangeResult> {
    const started = this.monotonicNow();
    const at = this.options.runtime.clock.nowMs();
    const seen: Seen = {};
    let sessionId = '{00000000-0000-0000-0000-000000000000}';
    let result: ShepExchangeResult;
    try {
      sessionId = `{${this.options.runtime.random.uuid()}}`;
      result = await this.process(environment, rawXml, sessionId, seen);
    } catch (err) {
      result = this.fault(this.toRefusal(err, environment, seen.serviceId), sessionId);
    }
    await this.finish(environment, rawXml, result, seen, at, started);
    return result;
  }

  /**
   * A refusal decided by the HTTP adapter before the core saw the message (body too large,
   * unsupported content type, wrong method): answered and journaled like any other exchange.
   */
  async refuseTransport(
    environment: ShepEnvironment,
    kind: TransportRefusal,
    request = '',
    detail?: string,
  ): Promise<ShepExchangeResult> {
    const started = this.monotonicNow();
    const at = this.options.runtime.clock.nowMs();
    let sessionId = '{00000000-0000-0000-0000-000000000000}';
    let result: ShepExchangeResult;
    try {
      sessionId = `{${this.options.runtime.random.uuid()}}`;
      const code = TRANSPORT_REFUSALS[kind];
      result = this.fault(refusal(SHEP_ERRORS[code], detail), sessionId);
    } catch (err) {
      result = this.fault(this.toRefusal(err, environment), sessionId);
    }
    await this.finish(environment, request, result, {}, at, started);
    return result;
  }

  private async process(
    environment: ShepEnvironment,
    rawXml: string,
    sessionId: string,
    seen: Seen,
  ): Promise<ShepExchangeResult> {
    if (environment !== 'test' && environment !== 'prod') throw new Error(`unknown environment ${String(environment)}`);
    const root = parseXml(rawXml, this.limits);
    const message: SendMessageRequest = readSendMessage(root, this.options.envelope);
    refuseNotUnderstood(message.header);
    const info = message.requestInfo;
    seen.senderId = info.sender.senderId;
    seen.password = info.sender.password;
    seen.serviceId = info.serviceId;
    seen.messageId = info.messageId;
    const mode = this.options.wsSecurity ?? 'verify';
    const signature = mode === 'off' ? undefined : verifyBodySignature(rawXml, root, message.header);
    if (!signature && mode === 'required') throw new ShepError('SIGNATURE_MISSING');
    const answer = await this.router.route(
      environment,
      info,
      message.data,
      sessionId,
      signature && {
        belongsTo: async (owner) => {
          const keys = owner === undefined ? [] : ((await this.options.signatureKeys?.(owner, environment)) ?? []);
          if (!isRegisteredKey(signature.key, keys))
            throw new ShepError('SIGNATURE_FOREIGN_KEY', `not a key registered for ${owner ?? 'the sender'} (R10.2)`);
        },
      },
      seen,
    );
    if (!answer || typeof answer.dataXml !== 'string') throw new Error(`${info.serviceId} returned no dataXml`);
    const clock = this.options.runtime.clock;

    const body = buildSendMessageResponse(
      {
        messageId: this.options.runtime.random.uuid(),
        correlationId: info.messageId,
        responseDate: formatShepDate(clock.nowMs(), this.options.utcOffsetMinutes),
        status: { code: SHEP_SUCCESS.code, message: SHEP_SUCCESS.message },
        sessionId,
      },
      answer,
    );
    return { status: 200, body, contentType: SHEP_CONTENT_TYPE, outcome: SHEP_SUCCESS.code, sessionId };
  }

  private toRefusal(err: unknown, environment: ShepEnvironment, serviceId?: string): Refusal {
    if (err instanceof ShepError) {
      return refusal(SHEP_ERRORS[err.code], err.detail, {
        ...(err.info.errorData !== undefined ? { errorData: err.info.errorData } : {}),
        ...(err.info.subErrors ? { subErrors: err.info.subErrors } : {}),
      });
    }
    if (err instanceof InjectedShepFault) {
      return {
        errorCode: err.errorCode,
        errorMessage: err.errorMessage,
        subErrors: [],
        faultcode: 'Server',
        httpStatus: 500,
      };
    }
    if (err instanceof XmlRejected) {
      if (err.code === 'size') return refusal(SHEP_ERRORS.TOO_LARGE, err.message);
      if (err.code === 'malformed') return refusal(SHEP_ERRORS.MALFORMED_XML, err.message);
      if (HOSTILE_XML_CODES.has(err.code))
        return refusal(SHEP_ERRORS.HOSTILE_XML, err.message, { errorData: err.code });
      return refusal(SHEP_ERRORS.XML_LIMITS, err.message, { errorData: err.code });
    }
    if (err instanceof EnvelopeRejected) {
      if (err.kind === 'version-mismatch') return refusal(SHEP_ERRORS.VERSION_MISMATCH, err.message);
      if (err.kind === 'not-send-message') return refusal(SHEP_ERRORS.NOT_SEND_MESSAGE, err.message);
      return refusal(SHEP_ERRORS.INVALID_REQUEST, [...new Set(err.fields.map((f) => f.field))].join(', '), {
        subErrors: err.fields.map((f) => ({
          errorCode: f.problem === 'missing' ? SHEP_ERRORS.FIELD_MISSING.code : SHEP_ERRORS.FIELD_INVALID.code,
          errorMessage: f.message,
          errorData: f.field,
        })),
      });
    }
    if (err instanceof ShepFault) {
      return {
        errorCode: err.errorCode,
        errorMessage: err.errorMessage,
        subErrors: err.subErrors,
        ...(err.errorData !== undefined ? { errorData: err.errorData } : {}),
        faultcode: err.faultActor,
        httpStatus: 500,
      };
    }
    try {
      this.options.onInternalError?.(err, { environment, ...(serviceId !== undefined ? { serviceId } : {}) });
    } catch {
      // A failing logger must not turn an answer into a crash.
    }
    return refusal(SHEP_ERRORS.INTERNAL);
  }

  private fault(r: Refusal, sessionId: string): ShepExchangeResult {
    const errorDate = safeShepDate(this.options.runtime.clock.nowMs(), this.options.utcOffsetMinutes);
    const info: ErrorInfo = {
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      ...(r.errorData !== undefined ? { errorData: r.errorData } : {}),
      errorDate,
      subErrors: r.subErrors.map((s) => ({
        errorCode: s.errorCode,
        errorMessage: s.errorMessage,
        ...(s.errorData !== undefined ? { errorData: s.errorData } : {}),
        errorDate,
        subErrors: [],
        sessionId,
      })),
      sessionId,
    };
    return {
      status: r.httpStatus,
      body: buildSoapFault(r.faultcode, r.errorMessage, info),
      contentType: SHEP_CONTENT_TYPE,
      outcome: r.errorCode,
      sessionId,
    };
  }

  /** Masked before it is cut, so no password element straddles the cut (T-SHEP-11). */
  private evidence(request: unknown, password: string | undefined): string {
    const text = typeof request === 'string' ? request : String(request);
    return cut(maskSecrets(text, [password]), this.journalMaxChars);
  }

  /** Injected latency and the journal: both must never break the answer. */
  private async finish(
    environment: ShepEnvironment,
    request: string,
    result: ShepExchangeResult,
    seen: Seen,
    at: number,
    started: number,
  ): Promise<void> {
    try {
      const latency = this.options.faults.shepLatencyMs();
      if (latency > 0) await this.sleep(latency);
    } catch {
      // Latency is a courtesy to resilience tests; failing to wait is not a reason to fail.
    }
    let recorded = false;
    try {
      await this.options.runtime.journal.record({
        channel: 'shep',
        environment,
        ...(seen.senderId !== undefined ? { sender: seen.senderId } : {}),
        ...(seen.serviceId !== undefined ? { service: seen.serviceId } : {}),
        // A messageId longer than this is not one a real client sends; it is not worth an index entry.
        ...(seen.messageId !== undefined && seen.messageId.length <= 128 ? { correlation: seen.messageId } : {}),
        // A claim from before an environment reset spends nothing in the new environment.
        ...(seen.claim && this.usedMessageIds.holds(seen.claim) ? { messageKey: seen.claim.key } : {}),
        at,
        durationMs: Math.max(0, Math.round(this.monotonicNow() - started)),
        request: this.evidence(request, seen.password),
        response: cut(result.body, this.journalMaxChars),
        outcome: result.outcome,
      });
      recorded = true;
    } catch (err) {
      try {
        this.options.onInternalError?.(err, {
          environment,
          ...(seen.serviceId !== undefined ? { serviceId: seen.serviceId } : {}),
        });
      } catch {
        // see toRefusal
      }
    } finally {
      // The record carries the key now: the journal answers for it. A record that could not be
      // written leaves the key in flight, so the messageId stays spent while this process runs.
      if (recorded && seen.claim) this.usedMessageIds.settle(seen.claim);
    }
  }
}
