import { validateIin } from '../../protocol/identifiers/iin.ts';
import { KdpError } from './errors.ts';
import type { Runtime } from '../runtime.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { Lang } from '../sms/texts.ts';
import { refuseControlCharacters } from './subject-text.ts';
import { kdpError } from './errors.ts';
import type { AccessHistory } from './history.ts';
import type { SmsPort, SubjectDirectory } from './ports.ts';
import type { ConsentRequest } from './state.ts';
import { KDP_TEXTS } from './texts.ts';
import type { KdpTokens, TokenRecord } from './tokens.ts';
import type { CollectionSpec } from '../store/store.ts';

/** Looked up by the token they stop, and listed per organisation. */
const REVOCATIONS_SPEC: CollectionSpec = {
  fields: { tokenId: 'text', companyBin: 'text', status: 'text', requestedAt: 'integer' },
  indexes: [['tokenId'], ['companyBin', 'requestedAt']],
};

/**
 * Revocation of consent (T-KDP-11). Law 94-V lets the operator refuse a revocation that would
 * break a legal obligation, so the subject's request goes to the initiator (KDP_LIST_TO_REVOKE),
 * which answers ACCEPT or REJECT (KDP_SEND_SOLUTION); ACCEPT stops the token at once. The subject
 * asks by SMS (ОТОЗВАТЬ / КЕРІ) or through the environment API (requestByApi).
 */
export type RevocationStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED';
export type Solution = 'ACCEPT' | 'REJECT';

export interface RevocationRequest {
  id: string;
  environment: ShepEnvironment;
  tokenId: string;
  tokenRef: string;
  /** The consent request the token answered. */
  requestId: string;
  iin: string;
  companyBin: string;
  company: string;
  accessName: string;
  requestedAt: number;
  via: 'sms' | 'api';
  status: RevocationStatus;
  decidedAt?: number;
  reason?: string;
}

export interface RevocationsOptions {
  runtime: Runtime;
  tokens: KdpTokens;
  history: AccessHistory;
  subjects: SubjectDirectory;
  sms: SmsPort;
  lang: Lang;
  request: (id: string) => Promise<ConsentRequest | undefined>;
}

export class Revocations {
  constructor(private readonly o: RevocationsOptions) {}

  private get all() {
    return this.o.runtime.store.collection<RevocationRequest>('kdp.revocations', REVOCATIONS_SPEC);
  }

  /** Files the subject's request; a second one for the same token while the first waits is the first. */
  async request(token: TokenRecord, via: 'sms' | 'api'): Promise<RevocationRequest> {
    const [waiting] = await this.all.find({ where: { tokenId: token.jti, status: 'PENDING' }, limit: 1 });
    if (waiting) return waiting;
    const consent = await this.o.request(token.requestId);
    const r: RevocationRequest = {
      id: this.o.runtime.random.uuid(),
      environment: token.environment,
      tokenId: token.jti,
      tokenRef: token.ref,
      requestId: token.requestId,
      iin: token.iin,
      companyBin: token.cbin,
      company: consent?.company ?? token.cbin,
      accessName: token.accessName,
      requestedAt: this.o.runtime.clock.nowMs(),
      via,
      status: 'PENDING',
    };
    await this.all.put(r.id, r);
    await this.note(r, 'revocation-requested');
    return r;
  }

  /**
   * The environment API's way for a subject to ask (the lead's route maps problem+json):
   * the subject's IIN and the token's reference (from the approval SMS or the access history).
   */
  async requestByApi(input: { iin: string; ref: string }): Promise<RevocationRequest> {
    const v = validateIin(input.iin);
    if (!v.ok)
      throw new KdpError('validation', 'Invalid IIN', v.message, {
        errors: [{ field: 'iin', message: v.message }],
      });
    const token = await this.o.tokens.byRef(input.iin, String(input.ref ?? ''));
    if (!token || token.way === 'notification')
      throw new KdpError(
        'kdp-token-not-found',
        'No revocable consent',
        'no consent of this subject has that reference',
      );
    if (token.revokedAt !== undefined)
      throw new KdpError('kdp-token-revoked', 'Already revoked', 'this consent has already been revoked');
    return this.request(token, 'api');
  }

  async get(id: string): Promise<RevocationRequest | undefined> {
    return this.all.get(id);
  }

  /** A subject's revocation requests, oldest first (the environment API: what a harness waits on). */
  async ofSubject(iin: string): Promise<RevocationRequest[]> {
    return this.all.find({ where: { iin }, orderBy: 'requestedAt', limit: 1000 });
  }

  /** KDP_LIST_TO_REVOKE: what waits for the organisation's decision, oldest first. */
  async pending(environment: ShepEnvironment, companyBin: string): Promise<RevocationRequest[]> {
    return this.all.find({
      where: { environment, companyBin, status: 'PENDING' },
      orderBy: 'requestedAt',
      limit: 1000,
    });
  }

  /** KDP_SEND_SOLUTION. Only the organisation the token was issued to decides. */
  async decide(input: {
    environment: ShepEnvironment;
    companyBin: string;
    id: string;
    solution: string;
    reason?: string;
  }): Promise<RevocationRequest> {
    refuseControlCharacters({ reason: input.reason });
    if (input.solution !== 'ACCEPT' && input.solution !== 'REJECT')
      throw kdpError('KDP-503', input.solution.slice(0, 40), 'solution');
    const r = await this.all.get(input.id);
    if (!r || r.environment !== input.environment || r.companyBin !== input.companyBin)
      throw kdpError('KDP-501', input.id.slice(0, 64), 'request_id');
    if (r.status !== 'PENDING') throw kdpError('KDP-502', r.status, 'request_id');
    const guard = this.o.runtime.store.collection<{ at: number }>('kdp.revocation-decisions');
    if (!(await guard.insert(r.id, { at: this.o.runtime.clock.nowMs() })))
      throw kdpError('KDP-502', 'decided concurrently', 'request_id');

    const decided: RevocationRequest = {
      ...r,
      status: input.solution === 'ACCEPT' ? 'ACCEPTED' : 'REJECTED',
      decidedAt: this.o.runtime.clock.nowMs(),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    if (decided.status === 'ACCEPTED') {
      await this.o.tokens.revoke(r.tokenId, r.id);
      const consent = await this.o.request(r.requestId);
      await this.o.history.add({
        environment: r.environment,
        iin: r.iin,
        event: 'REVOKED',
        company: r.company,
        companyBin: r.companyBin,
        employeeName: consent?.employeeName ?? '',
        accessName: r.accessName,
        personalDataName: consent?.personalDataName ?? '',
        way: consent?.way ?? 'sms',
        requestId: r.requestId,
        tokenRef: r.tokenRef,
      });
    }
    await this.all.put(decided.id, decided);
    await this.note(decided, decided.status === 'ACCEPTED' ? 'revocation-accepted' : 'revocation-rejected');
    const phone = this.o.subjects.byIin(r.iin)?.phone;
    if (phone) {
      const lang = this.o.lang;
      const text =
        decided.status === 'ACCEPTED'
          ? KDP_TEXTS.revoked(r.tokenRef, r.company)[lang]
          : KDP_TEXTS.revocationRejected(r.tokenRef, r.company, decided.reason ?? '—')[lang];
      await this.o.sms.send({ to: phone, text, lang, ref: { service: 'KDP_SEND_SOLUTION', revocationId: r.id } });
    }
    return decided;
  }

  private async note(r: RevocationRequest, outcome: string): Promise<void> {
    await this.o.runtime.journal.record({
      channel: 'kdp',
      environment: r.environment,
      sender: r.companyBin,
      service: r.accessName,
      durationMs: 0,
      request: JSON.stringify({ revocationId: r.id, tokenId: r.tokenId, uin: r.iin, via: r.via }),
      response: JSON.stringify({ status: r.status, reason: r.reason ?? null }),
      outcome,
    });
  }
}
