import type { IntegrationRegistry } from '../integration/grant.ts';
import type { Article9Ground, ConsentWay } from '../../protocol/kdp/ways.ts';
import type { Runtime } from '../runtime.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { AnswerOutcome, IncomingAnswer } from '../sms/sms-gateway.ts';
import { renderSms, type Lang } from '../sms/texts.ts';
import { maskPersonalData } from '../mask.ts';
import { kdpError } from './errors.ts';
import { AccessHistory } from './history.ts';
import { OvtVerifier } from './ovt.ts';
import type {
  CallCenterDecision,
  CallCenterPort,
  CodePort,
  KdpCaller,
  KdpMessage,
  SmsPort,
  SubjectDirectory,
} from './ports.ts';
import { DEFAULT_KDP_PROFILE, expiresInMs, type KdpProfile } from './profile.ts';
import { readUserDataRequest, type UserDataRequest } from './request.ts';
import { Revocations } from './revocation.ts';
import { checkSubjectLimits, PerSubjectQueue } from './subject-limits.ts';
import { refuseControlCharacters } from './subject-text.ts';
import { groundText, KDP_TEXTS } from './texts.ts';
import { KdpTokens, type Presentation, type TokenRecord } from './tokens.ts';
import type { CollectionSpec } from '../store/store.ts';

/** The sweep after every clock move reads the pending ones by deadline; an SMS answer, a phone's. */
const REQUESTS_SPEC: CollectionSpec = {
  fields: { status: 'text', deadline: 'integer', phone: 'text', createdAt: 'integer' },
  indexes: [['status', 'deadline'], ['phone', 'createdAt']],
};

/**
 * The state service (КДП): a consent request by one of the five ways of clause 7 becomes an access
 * token, or a refusal. No HTTP and no SOAP here; KDP_SERVICE's adapter (soap.ts) and the data services call in, the
 * SMS gateway and the 1414 contact center call back through their subscription seams.
 */

/** T-KDP-16. LOCKED: the attempt limit of the one-time code was reached. */
export const CONSENT_STATUSES = ['PENDING', 'APPROVED', 'DECLINED', 'EXPIRED', 'LOCKED'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export interface ConsentRequest {
  id: string;
  environment: ShepEnvironment;
  status: ConsentStatus;
  way: ConsentWay;
  uin: string;
  phone: string;
  company: string;
  companyBin: string;
  companyResponsible: string;
  employeeName: string;
  accessName: string;
  personalDataName: string;
  /** Token lifetime asked for, in ms. */
  lifetimeMs: number;
  ground?: Article9Ground;
  mcheck?: string;
  senderId: string;
  messageId: string;
  lang: Lang;
  createdAt: number;
  /** Virtual ms after which a PENDING request expires; null for the ways decided at once. */
  deadline: number | null;
  decidedAt?: number;
  /** Why it was declined, expired or locked; who decided. */
  reason?: string;
  tokenId?: string;
  code?: string;
}

/**
 * The outcome of trying to decide a request. Only the first decision is recorded (a code and a НЕТ
 * at the same time, two 1414 decisions of one call, an expiry racing an answer): `won` says whether
 * it was this caller's, `status` is the decision that stands, and only the winner may tell the
 * subject what was decided. When it lost, `request` is the stored record, which may still read
 * PENDING for the moment the winner takes to finish (issuing a token).
 */
export interface Decision {
  won: boolean;
  status: Exclude<ConsentStatus, 'PENDING'>;
  request: ConsentRequest;
}

/** What KDP_SERVICE answers about a request. */
export interface ConsentView {
  requestId: string;
  status: ConsentStatus;
  code?: string;
  publicKey?: string;
}

export interface KdpStateOptions {
  runtime: Runtime;
  registry: IntegrationRegistry;
  subjects: SubjectDirectory;
  sms: SmsPort;
  codes: CodePort;
  callCenter: CallCenterPort;
  profile?: KdpProfile;
}

const CODE_PURPOSE = 'kdp-consent';
/** Ways whose answer arrives as the subject's SMS. */
const SMS_WAYS: readonly ConsentWay[] = ['sms', 'proactive'];

export class KdpState {
  readonly profile: KdpProfile;
  readonly tokens: KdpTokens;
  readonly history: AccessHistory;
  readonly revocations: Revocations;
  private readonly ovt: OvtVerifier;
  private readonly rt: Runtime;
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly perSubject = new PerSubjectQueue();
  readonly registry: IntegrationRegistry;
  readonly subjects: SubjectDirectory;

  constructor(private readonly o: KdpStateOptions) {
    this.rt = o.runtime;
    this.registry = o.registry;
    this.subjects = o.subjects;
    this.profile = o.profile ?? DEFAULT_KDP_PROFILE;
    this.tokens = new KdpTokens(this.rt, this.profile);
    this.history = new AccessHistory(this.rt);
    this.ovt = new OvtVerifier(this.rt, this.profile);
    this.revocations = new Revocations({
      runtime: this.rt,
      tokens: this.tokens,
      history: this.history,
      subjects: o.subjects,
      sms: o.sms,
      lang: this.profile.smsLanguage,
      request: (id) => this.requests.get(id),
    });
  }

  /** Virtual ms. */
  now(): number {
    return this.rt.clock.nowMs();
  }

  get requests() {
    return this.rt.store.collection<ConsentRequest>('kdp.requests', REQUESTS_SPEC);
  }

  private get decisions() {
    return this.rt.store.collection<{ status: Exclude<ConsentStatus, 'PENDING'>; at: number }>('kdp.decisions');
  }

  /** Subscribes to the subjects' SMS answers and the operators' decisions; returns the unsubscribe. */
  start(): () => void {
    const offSms = this.o.sms.onAnswer((a) => this.onSmsAnswer(a));
    const offCc = this.o.callCenter.onDecision((d) => this.onCallCenterDecision(d));
    return () => {
      offSms();
      offCc();
    };
  }

  /**
   * KDP_SERVICE: a new request, or the repetition of a pending one (T-KDP-3): a <requestId> in the
   * data, or a requestInfo/correlationId that names one of this sender's requests.
   */
  async userDataRequest(checked: KdpMessage, ctx: KdpCaller): Promise<ConsentView> {
    const named = checked.requestId || undefined;
    if (named !== undefined) return this.poll(named, checked, ctx, true);
    if (ctx.correlationId) {
      const earlier = await this.requests.get(ctx.correlationId);
      if (earlier && this.ownedBy(earlier, checked, ctx)) return this.poll(earlier.id, checked, ctx, true);
    }
    return this.submit(readUserDataRequest(checked, ctx, this.profile), ctx);
  }

  /** One subject's requests are taken one at a time: the per-subject limits count what is stored. */
  submit(req: UserDataRequest, ctx: KdpCaller): Promise<ConsentView> {
    return this.perSubject.run(req.uin, () => this.open(req, ctx));
  }

  private async open(req: UserDataRequest, ctx: KdpCaller): Promise<ConsentView> {
    refuseControlCharacters({
      company: req.company,
      personal_data_name: req.personalDataName,
      access_name: req.accessName,
    });
    const grant = await this.o.registry.grantFor(req.companyBin, ctx.environment);
    if (!grant) throw kdpError('KDP-110', `${req.companyBin} on ${ctx.environment}`, 'company_bin');
    if (!grant.services.includes(req.accessName)) throw kdpError('KDP-111', req.accessName, 'access_name');
    if (!grant.ways.includes(req.way)) throw kdpError('KDP-113', req.way, this.profile.wayElement);
    if (req.ground !== undefined && !grant.article9Grounds.includes(req.ground))
      throw kdpError('KDP-116', req.ground, this.profile.groundElement);
    const subject = this.o.subjects.byIin(req.uin);
    if (!subject) throw kdpError('KDP-107', maskPersonalData(req.uin), 'uin');
    await checkSubjectLimits(this.requests, this.profile.subjectLimits, subject.phone, this.rt.clock.nowMs());

    let mcheck: string | undefined;
    if (req.way === 'own-means') {
      const claims = await this.ovt.verify(req.ovt, {
        environment: ctx.environment,
        companyBin: req.companyBin,
        uin: req.uin,
        accessName: req.accessName,
        grant,
      });
      mcheck = claims.mcheck;
    }

    const now = this.rt.clock.nowMs();
    const request: ConsentRequest = {
      id: this.rt.random.uuid(),
      environment: ctx.environment,
      status: 'PENDING',
      way: req.way,
      uin: req.uin,
      phone: subject.phone,
      // The subject (SMS, 1414, history) is told who Smart Bridge registered, not who the request claims.
      company: grant.organisationName,
      companyBin: req.companyBin,
      companyResponsible: req.companyResponsible,
      employeeName: req.employeeName,
      accessName: req.accessName,
      personalDataName: req.personalDataName,
      lifetimeMs: expiresInMs(this.profile, req.expiresIn),
      ...(req.ground ? { ground: req.ground } : {}),
      ...(mcheck ? { mcheck } : {}),
      senderId: ctx.senderId,
      messageId: ctx.messageId,
      lang: this.profile.smsLanguage,
      createdAt: now,
      deadline: req.way === 'own-means' || req.way === 'notification' ? null : now + this.profile.pendingTtlMs[req.way],
    };
    await this.requests.put(request.id, request);
    await this.note(request, 'consent-requested');

    switch (request.way) {
      case 'sms': {
        const issued = await this.o.codes.issue({
          purpose: CODE_PURPOSE,
          reference: request.id,
          policy: { ...this.profile.smsCode, lifetimeMs: this.profile.pendingTtlMs.sms },
        });
        await this.sendTo(
          request,
          renderSms('code-request', request.lang, {
            ...this.names(request),
            code: issued.code,
            minutes: String(Math.max(1, Math.round(this.profile.pendingTtlMs.sms / 60_000))),
          }),
        );
        return this.view(request);
      }
      case 'proactive':
        await this.sendTo(
          request,
          renderSms('proactive-offer', request.lang, {
            provider: this.names(request).requester,
            service: this.names(request).data,
          }),
        );
        return this.view(request);
      case 'callcenter-1414':
        await this.o.callCenter.enqueue({
          requestId: request.id,
          environment: request.environment,
          iin: request.uin,
          phone: request.phone,
          company: request.company,
          companyBin: request.companyBin,
          accessName: request.accessName,
          personalDataName: request.personalDataName,
          deadline: request.deadline!,
        });
        return this.view(request);
      case 'own-means':
        return this.view((await this.approve(request, `own means (mcheck ${mcheck})`)).request);
      case 'notification': {
        const approved = await this.approve(request, `Article 9 ground ${request.ground}`);
        if (approved.won)
          await this.sendTo(
            approved.request,
            renderSms('access-notification', request.lang, {
              ...this.names(request),
              ground: groundText(request.ground!, request.lang),
            }),
          );
        return this.view(approved.request);
      }
    }
  }

  /** The current state of a request, as its initiator may see it. */
  async poll(requestId: string, data: KdpMessage | undefined, ctx: KdpCaller, repeated = false): Promise<ConsentView> {
    const request = await this.requests.get(requestId);
    if (!request || !this.ownedBy(request, data, ctx)) throw kdpError('KDP-300', requestId.slice(0, 64), 'requestId');
    if (repeated && data) {
      for (const [name, value] of [
        ['uin', request.uin],
        ['access_name', request.accessName],
      ] as const) {
        const given = data[name];
        if (given && given !== value) throw kdpError('KDP-301', `${name} differs from the original request`, name);
      }
    }
    return this.view(await this.refresh(request));
  }

  /** Resolves once the request is decided or `ms` of real time have passed (outcome mode 'wait'). */
  async waitForDecision(requestId: string, ms: number): Promise<void> {
    const current = await this.requests.get(requestId);
    if (!current || current.status !== 'PENDING') return;
    await new Promise<void>((resolve) => {
      let set = this.waiters.get(requestId);
      if (!set) this.waiters.set(requestId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(requestId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  async view(request: ConsentRequest): Promise<ConsentView> {
    if (request.status !== 'APPROVED' || !request.code) return { requestId: request.id, status: request.status };
    return {
      requestId: request.id,
      status: request.status,
      code: request.code,
      publicKey: await this.tokens.publicKeyPem(request.environment),
    };
  }

  /** Expires every pending request past its deadline; returns how many. */
  async sweep(): Promise<number> {
    const due = await this.requests.find({
      where: { status: 'PENDING' },
      range: { field: 'deadline', to: this.rt.clock.nowMs() },
    });
    let n = 0;
    for (const r of due) if ((await this.refresh(r)).status === 'EXPIRED') n++;
    return n;
  }

  /**
   * A data service's gate (R3, T-KDP-9): the token must verify, and the release is recorded in the
   * subject's history.
   */
  async release(p: Presentation): Promise<TokenRecord> {
    const token = await this.tokens.verify(p);
    const request = await this.requests.get(token.requestId);
    await this.history.add({
      environment: token.environment,
      iin: token.iin,
      event: 'DATA_RELEASED',
      company: request?.company ?? token.cbin,
      companyBin: token.cbin,
      employeeName: request?.employeeName ?? '',
      accessName: p.service,
      personalDataName: request?.personalDataName ?? '',
      way: token.way,
      ...(request?.ground ? { ground: request.ground } : {}),
      requestId: token.requestId,
      tokenRef: token.ref,
    });
    return token;
  }

  // --- decisions -------------------------------------------------------------------------------

  /**
   * Records the decision unless another was recorded first (a code answered twice, an operator
   * clicking twice, a НЕТ racing the code): the insert is atomic, so exactly one caller wins.
   */
  private async claim(request: ConsentRequest, status: Decision['status']): Promise<Decision | undefined> {
    if (await this.decisions.insert(request.id, { status, at: this.rt.clock.nowMs() })) return undefined;
    const recorded = await this.decisions.get(request.id);
    return {
      won: false,
      status: recorded?.status ?? status,
      request: (await this.requests.get(request.id)) ?? request,
    };
  }

  /** Issues the token and tells the subject, only when this approval is the decision that stands. */
  private async approve(request: ConsentRequest, reason: string): Promise<Decision> {
    const lost = await this.claim(request, 'APPROVED');
    if (lost) return lost;
    const issued = await this.tokens.issue({
      environment: request.environment,
      iin: request.uin,
      cbin: request.companyBin,
      accessName: request.accessName,
      way: request.way,
      requestId: request.id,
      lifetimeMs: request.lifetimeMs,
    });
    const approved: ConsentRequest = {
      ...request,
      status: 'APPROVED',
      decidedAt: this.rt.clock.nowMs(),
      reason,
      tokenId: issued.record.jti,
      code: issued.code,
    };
    await this.requests.put(approved.id, approved);
    await this.history.add({
      environment: approved.environment,
      iin: approved.uin,
      event: approved.way === 'notification' ? 'NOTIFIED' : 'CONSENT_GIVEN',
      company: approved.company,
      companyBin: approved.companyBin,
      employeeName: approved.employeeName,
      accessName: approved.accessName,
      personalDataName: approved.personalDataName,
      way: approved.way,
      ...(approved.ground ? { ground: approved.ground } : {}),
      ...(approved.mcheck ? { mcheck: approved.mcheck } : {}),
      requestId: approved.id,
      tokenRef: issued.record.ref,
    });
    await this.note(approved, 'consent-approved');
    this.settle(approved.id);
    // Article 9 access is not consent and cannot be revoked: its notification carries no reference.
    if (approved.way !== 'notification') {
      const given = renderSms('consent-given', approved.lang, this.names(approved));
      await this.sendTo(approved, `${given} ${KDP_TEXTS.consentReference(issued.record.ref)[approved.lang]}`, {
        tokenRef: issued.record.ref,
      });
    }
    return { won: true, status: 'APPROVED', request: approved };
  }

  /** Declines, expires or locks; the caller tells the subject only if `won`. */
  private async close(
    request: ConsentRequest,
    status: Exclude<ConsentStatus, 'PENDING' | 'APPROVED'>,
    reason: string,
  ): Promise<Decision> {
    const lost = await this.claim(request, status);
    if (lost) return lost;
    const closed: ConsentRequest = { ...request, status, decidedAt: this.rt.clock.nowMs(), reason };
    await this.requests.put(closed.id, closed);
    await this.note(closed, `consent-${status.toLowerCase()}`);
    this.settle(closed.id);
    return { won: true, status, request: closed };
  }

  /** Applies the deadline lazily: a virtual-clock jump expires a request the next time anyone looks. */
  async refresh(request: ConsentRequest): Promise<ConsentRequest> {
    if (request.status === 'PENDING' && request.deadline !== null && this.rt.clock.nowMs() >= request.deadline) {
      return (await this.close(request, 'EXPIRED', 'no answer before the deadline')).request;
    }
    return request;
  }

  /** What a subject whose answer came second is told: the decision that stands, never its own. */
  private decidedText(status: Decision['status'], lang: Lang): string {
    return status === 'LOCKED' ? renderSms('code-locked', lang, {}) : KDP_TEXTS.alreadyDecided(status)[lang];
  }

  private settle(requestId: string): void {
    for (const done of [...(this.waiters.get(requestId) ?? [])]) done();
  }

  // --- the subject's SMS answers (R7.5, R7.3, T-KDP-11) ------------------------------------------

  private async onSmsAnswer(a: IncomingAnswer): Promise<AnswerOutcome | undefined> {
    const first = a.text.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    if (this.profile.revokeKeywords.includes(first)) return this.onRevokeSms(a);

    const candidates = await this.waitingFor(a);
    if (candidates.length === 0) return undefined;
    const lang = candidates[0]!.lang;
    const reply = (text: string): AnswerOutcome => ({ reply: text, lang });
    const { decision, code, ambiguous } = a.answer;
    if (ambiguous) return reply(renderSms('answer-not-understood', lang, {}));

    if (decision === 'no') {
      if (candidates.length > 1) return reply(KDP_TEXTS.whichRequest()[lang]);
      const declined = await this.close(candidates[0]!, 'DECLINED', 'the subject answered no by SMS');
      // A code (or an expiry) decided first: the refusal changed nothing, and the subject hears so.
      if (!declined.won) return reply(this.decidedText(declined.status, lang));
      return reply(renderSms('consent-refused', lang, this.names(declined.request)));
    }

    const bySms = candidates.filter((c) => c.way === 'sms');
    if (code !== undefined && bySms.length > 0) return this.checkCode(bySms, code, reply, lang);

    const offers = candidates.filter((c) => c.way === 'proactive');
    if (decision === 'yes' && offers.length > 0) {
      if (offers.length > 1) return reply(KDP_TEXTS.whichRequest()[lang]);
      const accepted = await this.approve(offers[0]!, 'the subject accepted the offer by SMS');
      // The winner told the subject (consent given and its reference); a loser says what stands.
      return accepted.won ? {} : reply(this.decidedText(accepted.status, lang));
    }
    return reply(renderSms('answer-not-understood', lang, {}));
  }

  /**
   * Tries the code against each waiting request, newest first. When several wait for the same
   * phone and the subject did not answer a particular SMS, a wrong code counts against each: the
   * attempt limit guards every code the subject holds.
   */
  private async checkCode(
    requests: ConsentRequest[],
    code: string,
    reply: (t: string) => AnswerOutcome,
    lang: Lang,
  ): Promise<AnswerOutcome> {
    let attemptsLeft: number | undefined;
    let outcome: 'locked' | 'expired' | 'used' | undefined;
    /** A decision another answer recorded first, which the subject is told instead of this one's. */
    let stands: Decision['status'] | undefined;
    for (const request of requests) {
      const r = await this.o.codes.verify({ purpose: CODE_PURPOSE, reference: request.id, code });
      if (r.status === 'accepted') {
        const approved = await this.approve(request, 'the subject answered the one-time code by SMS');
        // The winner told the subject (consent given and its reference); a loser says what stands.
        return approved.won ? {} : reply(this.decidedText(approved.status, lang));
      }
      if (r.status === 'wrong') attemptsLeft = Math.min(attemptsLeft ?? r.attemptsLeft, r.attemptsLeft);
      else if (r.status === 'locked') {
        const closed = await this.close(request, 'LOCKED', 'too many wrong codes');
        if (closed.won) outcome ??= 'locked';
        else stands ??= closed.status;
      } else if (r.status === 'expired') {
        const closed = await this.close(request, 'EXPIRED', 'the code expired');
        if (closed.won) outcome ??= 'expired';
        else stands ??= closed.status;
      } else outcome ??= 'used';
    }
    if (attemptsLeft !== undefined) return reply(renderSms('code-wrong', lang, { attemptsLeft: String(attemptsLeft) }));
    if (outcome === 'locked') return reply(renderSms('code-locked', lang, {}));
    if (outcome === 'expired') return reply(renderSms('code-expired', lang, {}));
    if (stands !== undefined) return reply(this.decidedText(stands, lang));
    return reply(renderSms('answer-not-understood', lang, {}));
  }

  /** The requests an answer can be for: the one whose SMS it answers, else every one waiting for that phone. */
  private async waitingFor(a: IncomingAnswer): Promise<ConsentRequest[]> {
    // An answer to another service's SMS is that service's, even while a KDP request waits.
    if (a.repliedTo && a.repliedTo.ref?.service !== 'KDP_SERVICE') return [];
    const named = a.repliedTo?.ref?.requestId;
    const found =
      named !== undefined
        ? [await this.requests.get(named)]
        : await this.requests.find({
            where: { phone: a.phone, status: 'PENDING' },
            orderBy: 'createdAt',
            order: 'desc',
          });
    const out: ConsentRequest[] = [];
    for (const r of found) {
      if (!r || r.phone !== a.phone || !SMS_WAYS.includes(r.way)) continue;
      const fresh = await this.refresh(r);
      if (fresh.status === 'PENDING') out.push(fresh);
    }
    return out;
  }

  private async onRevokeSms(a: IncomingAnswer): Promise<AnswerOutcome> {
    const lang = a.repliedTo?.lang ?? this.profile.smsLanguage;
    const subject = this.o.subjects.byPhone(a.phone);
    const ref = a.text.trim().split(/\s+/)[1]?.toUpperCase() ?? a.repliedTo?.ref?.tokenRef;
    const token = subject && ref ? await this.tokens.byRef(subject.iin, ref) : undefined;
    if (!token || token.way === 'notification' || token.revokedAt !== undefined)
      return { reply: KDP_TEXTS.revocationUnknown()[lang], lang };
    const revocation = await this.revocations.request(token, 'sms');
    return { reply: KDP_TEXTS.revocationRequested(token.ref, revocation.company)[lang], lang };
  }

  // --- 1414 (R7.1) ---------------------------------------------------------------------------------

  private async onCallCenterDecision(d: CallCenterDecision): Promise<void> {
    const found = await this.requests.get(d.requestId);
    if (!found || found.way !== 'callcenter-1414') return;
    const request = await this.refresh(found);
    if (request.status !== 'PENDING') return;
    const who = d.operator ? ` (operator ${d.operator})` : '';
    if (d.decision === 'confirmed') {
      await this.approve(request, `confirmed through 1414${who}`);
    } else {
      const declined = await this.close(request, 'DECLINED', `refused through 1414${who}`);
      // Only the decision that stands is told: a confirmation that won has sent its own SMS.
      if (declined.won)
        await this.sendTo(
          declined.request,
          renderSms('consent-refused', declined.request.lang, this.names(declined.request)),
        );
    }
  }

  // --- helpers -------------------------------------------------------------------------------------

  private ownedBy(request: ConsentRequest, data: KdpMessage | undefined, ctx: KdpCaller): boolean {
    const bin = ctx.senderBin ?? data?.company_bin;
    return request.environment === ctx.environment && request.companyBin === bin;
  }

  private names(r: ConsentRequest): { requester: string; data: string } {
    return { requester: `${r.company} (${r.companyBin})`, data: `${r.personalDataName} (${r.accessName})` };
  }

  private async sendTo(r: ConsentRequest, text: string, ref: Record<string, string> = {}): Promise<void> {
    await this.o.sms.send({
      to: r.phone,
      text,
      lang: r.lang,
      ref: { service: 'KDP_SERVICE', requestId: r.id, ...ref },
    });
  }

  private async note(r: ConsentRequest, outcome: string): Promise<void> {
    await this.rt.journal.record({
      channel: 'kdp',
      environment: r.environment,
      sender: r.companyBin,
      service: r.accessName,
      durationMs: 0,
      request: JSON.stringify({
        requestId: r.id,
        way: r.way,
        uin: r.uin,
        company: r.company,
        accessName: r.accessName,
        ground: r.ground ?? null,
      }),
      response: JSON.stringify({ status: r.status, reason: r.reason ?? null, tokenId: r.tokenId ?? null }),
      outcome,
    });
  }
}
