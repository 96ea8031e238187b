/**
 * The initiator's access requests: ask the state service for access by a way, wait for the
 * decision by polling with back-off, hold the access token, and use it at the data service. Plain
 * TypeScript: the gateway, the ovt signer, time and timers are given to it.
 */
import type {
  AccessRequestPhase,
  AccessRequestState,
  DriverEnvironment,
  FetchResult,
  StartAccessRequest,
} from '../../suites/driver/protocol.ts';
import {
  readUserDataResponse,
  tokenDataRequestXml,
  userDataRequestXml,
  type UserDataResponse,
} from './kdp-messages.ts';
import { NO_DEFECTS, type Defects } from './defects.ts';
import type { OvtSigner } from './ovt-signer.ts';
import { ShepFault, ShepUnreachable, type ShepClient } from './shep-client.ts';

/** What the access requests need of a SHEP client (a ShepClient; a fake in unit tests). */
export type Gateway = Pick<ShepClient, 'send' | 'endpoint'>;

export interface PollingPolicy {
  /** Wait before the first poll. */
  initialMs: number;
  /** Each wait is the previous one times this… */
  factor: number;
  /** …up to this. */
  maxMs: number;
  /** Stop asking after this long and report the request failed (1414 keeps a call up to 24 h). */
  giveUpMs: number;
}

export const DEFAULT_POLLING: PollingPolicy = { initialMs: 250, factor: 2, maxMs: 2_000, giveUpMs: 25 * 3_600_000 };

export class EnvironmentNotConfigured extends Error {
  constructor(readonly environment: DriverEnvironment) {
    super(`No SHEP endpoint and credentials have been given for the ${environment} environment`);
  }
}

export class AccessRequestNotFound extends Error {
  constructor(readonly id: string) {
    super(`No access request ${id}`);
  }
}

export interface AccessRequestsDeps {
  organisation: { bin: string; name: string };
  /** The SHEP client of an environment, or EnvironmentNotConfigured. */
  gateway: (environment: DriverEnvironment) => Gateway;
  signer: OvtSigner;
  now: () => number;
  newId: () => string;
  /** Run `fn` after `ms`; returns a cancel function. */
  schedule: (fn: () => void, ms: number) => () => void;
  polling: PollingPolicy;
  /** Declared defects (issue 9); none in the reference. */
  defects?: Defects;
}

/** Who at the organisation asks, as the request names them (company_responsible, employee_name). */
const RESPONSIBLE = 'Служба по защите персональных данных';
/** DEFECT company-bin-of-another-organisation: the BIN of the group's holding company. */
const HOLDING_BIN = '970140026037';
const EMPLOYEE = 'Reference initiator (automated)';

const WAY_PROPERTY = 'consentWay';
const GROUND_PROPERTY = 'article9Ground';

const FINAL: Record<string, AccessRequestPhase> = {
  APPROVED: 'granted',
  DECLINED: 'declined',
  EXPIRED: 'expired',
  LOCKED: 'locked',
};

const REASONS: Partial<Record<AccessRequestPhase, string>> = {
  declined: 'The subject refused access to their data',
  expired: 'The subject did not answer in time',
  locked: 'Too many wrong codes: the request is locked',
};

interface Token {
  code: string;
  publicKey: string;
  /** On the initiator's own clock: granted at + lifetime. */
  expiresAtMs: number;
}

interface AccessRequest {
  id: string;
  input: StartAccessRequest;
  phase: AccessRequestPhase;
  startedAtMs: number;
  requestId?: string;
  reason?: string;
  errorCode?: string;
  token?: Token;
  nextWaitMs: number;
  cancel?: () => void;
  /** The answer now awaited is a poll's. */
  polled?: boolean;
  /** DEFECT poll-not-stopped-at-final: the one poll too many has been sent. */
  polledPastFinal?: boolean;
}

export class AccessRequests {
  private readonly requests = new Map<string, AccessRequest>();
  private readonly defects: Defects;
  /** DEFECT token-of-another-subject: tokens cached by data service alone. */
  private readonly tokenCache = new Map<string, Token>();

  constructor(private readonly deps: AccessRequestsDeps) {
    this.defects = deps.defects ?? NO_DEFECTS;
  }

  /** Sends the request and answers once the state service has answered it (or refused). */
  async start(input: StartAccessRequest): Promise<AccessRequestState> {
    const gateway = this.deps.gateway(input.environment);
    const request: AccessRequest = {
      id: this.deps.newId(),
      input,
      phase: 'pending',
      startedAtMs: this.deps.now(),
      nextWaitMs: this.deps.polling.initialMs,
    };
    this.requests.set(request.id, request);
    const ovt =
      input.way === 'own-means'
        ? await this.deps.signer.sign({
            bin: this.deps.organisation.bin,
            iin: input.iin,
            accessName: input.dataService,
            environment: input.environment,
          })
        : undefined;
    await this.exchange(request, gateway, ovt);
    return this.state(request.id);
  }

  state(id: string): AccessRequestState {
    const r = this.get(id);
    // A token past its lifetime is not held any more, whether or not anyone tried to use it.
    // DEFECT expired-token-reused: the lifetime is left to the data service to judge.
    if (r.token && this.deps.now() >= r.token.expiresAtMs && !this.defects.has('expired-token-reused')) delete r.token;
    return {
      id: r.id,
      phase: r.phase,
      ...(r.requestId ? { requestId: r.requestId } : {}),
      tokenHeld: r.token !== undefined,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    };
  }

  /** Calls the data service with the token held; never without one. */
  async fetch(id: string): Promise<FetchResult> {
    const r = this.get(id);
    let token = r.token;
    // DEFECT token-of-another-subject: the first token cached for the data service, whoever it was for.
    if (token && this.defects.has('token-of-another-subject'))
      token = this.tokenCache.get(r.input.dataService) ?? token;
    // DEFECT declined-ignored: the fetch button ignores the decision and calls the data service anyway.
    if (!token && r.phase === 'declined' && this.defects.has('declined-ignored'))
      token = { code: '', publicKey: '', expiresAtMs: Infinity };
    if (!token) {
      return {
        ok: false,
        reason:
          r.phase === 'granted'
            ? `The access token is no longer held${r.reason ? `: ${r.reason}` : ''}`
            : noTokenReason(r),
      };
    }
    if (this.deps.now() >= token.expiresAtMs && !this.defects.has('expired-token-reused')) {
      delete r.token;
      return { ok: false, reason: 'The access token has expired' };
    }
    const gateway = this.deps.gateway(r.input.environment);
    try {
      const held = token;
      const data = await gateway.send({
        // DEFECT token-sent-to-another-data-service: the data client's service id is hard-coded.
        serviceId: this.defects.has('token-sent-to-another-data-service')
          ? 'GBDFLUniversal_token'
          : r.input.dataService,
        data: ({ messageId, messageDate }) =>
          tokenDataRequestXml({
            messageId,
            messageDate,
            senderCode: gateway.endpoint.senderId,
            iin: r.input.iin,
            kdpToken: this.passedToken(held.code, r.input.dataService),
            publicKey: this.passedPublicKey(held.publicKey, r.input.dataService),
          }),
      });
      return { ok: true, data: withoutAttributes(data) };
    } catch (err) {
      const failure = this.describeFailure(err);
      // A token the data service will never take again (expired, revoked, unknown…) is dropped, so
      // that nothing retries with it; "no data for this subject" (KDP-410) says nothing of the token.
      if (failure.errorCode && /^KDP-4(0\d)$/.test(failure.errorCode)) delete r.token;
      return { ok: false, ...failure };
    }
  }

  /**
   * Stops using every token held for a subject and data service (their revocation was accepted);
   * the access requests affected, which report tokenHeld false from then on.
   */
  dropTokens(environment: DriverEnvironment, iin: string, dataService: string): string[] {
    const dropped: string[] = [];
    for (const r of this.requests.values())
      if (
        r.token &&
        r.input.environment === environment &&
        r.input.iin === iin &&
        r.input.dataService === dataService
      ) {
        delete r.token;
        r.reason = 'The subject revoked the consent';
        dropped.push(r.id);
      }
    return dropped;
  }

  /** Forgets every request and stops every poll. */
  reset(): void {
    for (const r of this.requests.values()) r.cancel?.();
    this.requests.clear();
    this.tokenCache.clear();
  }

  /**
   * The token as received. The defects below live in the MCDB_SERVICE client, written apart from
   * the GBDFLUniversal_token one (as data-service clients often are).
   */
  private passedToken(code: string, dataService: string): string {
    if (dataService !== 'MCDB_SERVICE') return code;
    // DEFECT kdp-token-padded: a pretty-printed template puts the token on a line of its own.
    if (this.defects.has('kdp-token-padded')) return `\n        ${code}\n      `;
    // DEFECT kdp-token-reencoded: the token "normalised" to padded standard base64.
    if (this.defects.has('kdp-token-reencoded'))
      return code
        .split('.')
        .map((part) =>
          part
            .replace(/-/g, '+')
            .replace(/_/g, '/')
            .padEnd(Math.ceil(part.length / 4) * 4, '='),
        )
        .join('.');
    return code;
  }

  private passedPublicKey(pem: string, dataService: string): string {
    if (dataService !== 'MCDB_SERVICE') return pem;
    // DEFECT public-key-pem-flattened: the key kept in a one-line column, armour and line breaks stripped.
    if (this.defects.has('public-key-pem-flattened')) return pem.replace(/-----[^-]+-----|\s+/g, '');
    return pem;
  }

  private describeFailure(err: unknown): { reason: string; errorCode?: string } {
    const failure = describeFailure(err);
    // DEFECT fault-code-not-shown: the user sees "failed" and a message, never the code to quote.
    if (this.defects.has('fault-code-not-shown')) return { reason: failure.reason };
    return failure;
  }

  private get(id: string): AccessRequest {
    const r = this.requests.get(id);
    if (!r) throw new AccessRequestNotFound(id);
    return r;
  }

  private async exchange(r: AccessRequest, gateway: Gateway, ovt?: string): Promise<void> {
    const { input } = r;
    const properties: Record<string, string> = { [WAY_PROPERTY]: input.way };
    // DEFECT notification-without-ground: the ground chosen by the user is never put on the message.
    if (input.article9Ground && !this.defects.has('notification-without-ground'))
      properties[GROUND_PROPERTY] = input.article9Ground;
    // DEFECT poll-without-correlation: a poll is the first request sent again.
    const correlate = r.requestId && !this.defects.has('poll-without-correlation');
    let answer: UserDataResponse;
    try {
      const data = await gateway.send({
        serviceId: 'KDP_SERVICE',
        ...(correlate ? { correlationId: r.requestId } : {}),
        properties,
        data: () =>
          userDataRequestXml({
            uin: input.iin,
            company: this.deps.organisation.name,
            // DEFECT company-bin-of-another-organisation: the group's shared configuration holds the holding's BIN.
            company_bin: this.defects.has('company-bin-of-another-organisation')
              ? HOLDING_BIN
              : this.deps.organisation.bin,
            company_responsible: RESPONSIBLE,
            employee_name: EMPLOYEE,
            access_name: input.dataService,
            // DEFECT personal-data-name-is-service-id: the field filled with what was at hand.
            // DEFECT personal-data-name-empty: the purpose field of the form was optional and left blank.
            personal_data_name: this.defects.has('personal-data-name-is-service-id')
              ? input.dataService
              : this.defects.has('personal-data-name-empty')
                ? ''
                : input.purpose,
            // DEFECT expires-in-not-whole: the lifetime sent in hours, as a fraction (600 s → 0.1666…).
            expiresIn: this.defects.has('expires-in-not-whole') ? input.lifetime / 3600 : input.lifetime,
            ...(input.way === 'own-means' ? { omitSms: true } : {}),
            ...(ovt ? { ovt } : {}),
          }),
      });
      answer = readUserDataResponse(data);
    } catch (err) {
      this.finish(r, 'failed', this.describeFailure(err));
      return;
    }
    if (this.requests.get(r.id) !== r) return; // reset while the message was on its way
    if (answer.requestId) r.requestId ??= answer.requestId;
    if (r.polledPastFinal) return;
    let final = FINAL[answer.status];
    // DEFECT locked-reported-as-declined: a lock is shown as the subject's refusal.
    if (final === 'locked' && this.defects.has('locked-reported-as-declined')) final = 'declined';
    // DEFECT expired-treated-as-pending: only APPROVED, DECLINED and LOCKED end the wait.
    if (final === 'expired' && this.defects.has('expired-treated-as-pending')) final = undefined;
    // DEFECT pending-taken-as-granted: any answer that is not a refusal counts as consent.
    if (answer.status === 'PENDING' && this.defects.has('pending-taken-as-granted')) {
      r.token = {
        code: answer.code ?? '',
        publicKey: answer.publicKey ?? '',
        expiresAtMs: this.deps.now() + input.lifetime * 1000,
      };
      this.finish(r, 'granted', {});
      return;
    }
    // DEFECT poll-not-stopped-at-final: the poll loop sends its next poll before it reads the answer.
    if (final && r.polled && this.defects.has('poll-not-stopped-at-final') && !r.polledPastFinal) {
      r.polledPastFinal = true;
      void this.exchange(r, gateway);
    }
    if (final === 'granted') {
      if (!answer.code || !answer.publicKey) {
        this.finish(r, 'failed', { reason: 'The state service approved the request but sent no access token' });
        return;
      }
      r.token = {
        code: answer.code,
        publicKey: answer.publicKey,
        expiresAtMs: this.deps.now() + input.lifetime * 1000,
      };
      if (!this.tokenCache.has(input.dataService)) this.tokenCache.set(input.dataService, r.token);
      this.finish(r, 'granted', {});
    } else if (final) {
      this.finish(r, final, { reason: REASONS[final]! });
    } else if (answer.status === 'PENDING' && r.requestId) {
      this.schedulePoll(r, gateway);
    } else {
      this.finish(r, 'failed', { reason: `The state service answered an unknown status "${answer.status}"` });
    }
  }

  private schedulePoll(r: AccessRequest, gateway: Gateway): void {
    if (this.deps.now() - r.startedAtMs >= this.deps.polling.giveUpMs) {
      this.finish(r, 'failed', { reason: 'No decision arrived from the state service; the request was abandoned' });
      return;
    }
    // DEFECT polling-without-backoff: `while (status === 'PENDING') poll()`, no wait at all.
    const wait = this.defects.has('polling-without-backoff') ? 0 : r.nextWaitMs;
    r.nextWaitMs = Math.min(wait * this.deps.polling.factor, this.deps.polling.maxMs);
    r.cancel = this.deps.schedule(() => {
      delete r.cancel;
      r.polled = true;
      void this.exchange(r, gateway);
    }, wait);
  }

  private finish(r: AccessRequest, phase: AccessRequestPhase, how: { reason?: string; errorCode?: string }): void {
    r.phase = phase;
    if (how.reason) r.reason = how.reason;
    if (how.errorCode) r.errorCode = how.errorCode;
  }
}

function noTokenReason(r: AccessRequest): string {
  return r.phase === 'pending'
    ? 'Access has not been granted yet'
    : `No access token: the request ended ${r.phase}${r.reason ? ` (${r.reason})` : ''}`;
}

function describeFailure(err: unknown): { reason: string; errorCode?: string } {
  if (err instanceof ShepFault) {
    return { reason: err.message, ...(err.errorCode ? { errorCode: err.errorCode } : {}) };
  }
  if (err instanceof ShepUnreachable) return { reason: err.message };
  if (err instanceof EnvironmentNotConfigured) return { reason: err.message };
  throw err;
}

/** node-soap keeps xsi:type and friends under `attributes`; the data are the rest. */
function withoutAttributes(data: Record<string, unknown>): Record<string, unknown> {
  const { attributes: _attributes, ...rest } = data;
  return rest;
}
