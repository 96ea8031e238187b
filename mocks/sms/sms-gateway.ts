import { VirtualClock } from '../clock/clock.ts';
import { FaultPlan } from '../environment/faults.ts';
import { SmsError } from './errors.ts';
import type { Runtime } from '../runtime.ts';
import type { CollectionSpec, FindQuery } from '../store/store.ts';
import { answerKind, parseAnswer, type ParsedAnswer } from './answers.ts';
import { requireKzMobile } from './phone-input.ts';
import { renderSms, type Lang } from './texts.ts';

/**
 * The SMS gateway of Mobile government / 1414 (clause 2.7, way 5 of clause 7): it sends subjects
 * codes, offers and notifications, takes their answers and hands them to whichever service waits
 * for that phone. The subjects' phones are virtual: every message stays in the store, where the
 * virtual phone API (routes.ts) reads it as Mailpit reads mail.
 */

/** What a sender attaches to find its own message again in an answer: { requestId, codeId, … }. */
export type SmsRef = Record<string, string>;

export type SmsDirection = 'to-phone' | 'from-phone';

export interface SmsMessage {
  id: string;
  /** Gateway-wide arrival order; breaks ties between messages delivered in the same millisecond. */
  seq: number;
  /** The subject's phone, canonical +7XXXXXXXXXX, whichever the direction. */
  phone: string;
  direction: SmsDirection;
  /** The sender name shown on the phone ('1414'), or the subject's phone for an answer. */
  sender: string;
  text: string;
  lang?: Lang;
  /** Virtual ms: when the gateway took the message, and when the phone shows it. */
  sentAt: number;
  deliverAt: number;
  /** A lost message is kept as evidence but never shown on the phone. */
  fate: 'delivered' | 'lost';
  /** Set on the second copy of a duplicated message. */
  duplicateOf?: string;
  inReplyTo?: string;
  ref?: SmsRef;
}

export interface SendInput {
  to: string;
  text: string;
  lang: Lang;
  sender?: string;
  ref?: SmsRef;
}

export interface SendResult {
  id: string;
  phone: string;
  /** Evidence for the environment; a real sender would not learn it, and a service must not act on it. */
  fate: 'delivered' | 'lost';
  deliverAt: number;
  duplicateId?: string;
}

/** What a service waiting for answers receives. */
export interface IncomingAnswer {
  messageId: string;
  phone: string;
  text: string;
  inReplyTo?: string;
  /** The message answered, with its ref: how a service recognises its own request. */
  repliedTo?: SmsMessage;
  /** Virtual ms. */
  at: number;
  answer: ParsedAnswer;
}

/**
 * undefined: "not mine". A string: mine, send this text back. An object: mine, optionally with a
 * text to send back and its language (default: the language of the message answered).
 */
export type AnswerOutcome = string | { reply?: string; lang?: Lang };
export type AnswerHandler = (
  answer: IncomingAnswer,
) => AnswerOutcome | undefined | void | Promise<AnswerOutcome | undefined | void>;

export interface ReplyResult {
  message: SmsMessage;
  answer: ParsedAnswer;
  /** A handler took the answer as its own. */
  handled: boolean;
  /** What was sent back to the phone. */
  replies: SendResult[];
}

export interface PhoneSummary {
  phone: string;
  /** Visible messages, both directions. */
  messages: number;
  latestAt: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface SearchQuery {
  phone?: string;
  /** Case-insensitive substring of the text. */
  text?: string;
  /** Inclusive bounds on the delivery time, virtual ms. */
  from?: number;
  to?: number;
  direction?: SmsDirection;
  limit?: number;
  offset?: number;
}

export interface WaitOptions {
  /** The next message delivered after this one. */
  after?: string;
  /** The first message delivered at or after this virtual instant (ms). */
  since?: number;
  /** Real ms; clamped to [0, MAX_WAIT_MS]. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SmsGatewayOptions {
  /** Faults to obey (T-SMS-8); none when absent. */
  faults?: FaultPlan;
  /** The sender name subjects see. */
  defaultSender?: string;
  /** Sent back when no service claims an answer; false to stay silent. */
  replyToUnexpectedAnswers?: boolean;
  /** Long polls waiting at once, across all phones; one more is refused with 503. */
  maxWaiters?: number;
}

export const DEFAULT_SENDER = '1414';
/** A concatenated SMS of 1000 characters is already seven parts; longer is a sender's bug. */
export const MAX_TEXT_LENGTH = 1000;
export const DEFAULT_WAIT_MS = 25_000;
export const MAX_WAIT_MS = 60_000;
/** A delayed message is re-checked at most this often while real time runs toward its delivery. */
const MIN_RECHECK_MS = 20;

interface Cursor {
  deliverAt: number;
  seq: number;
}

/** A phone's messages are read by delivery time; the gateway-wide listing and search likewise. */
const SMS_MESSAGES_SPEC: CollectionSpec = {
  fields: { phone: 'text', direction: 'text', fate: 'text', deliverAt: 'integer', seq: 'integer' },
  indexes: [['phone', 'deliverAt'], ['deliverAt'], ['seq']],
};

const utf8 = new TextDecoder();

export class SmsGateway {
  private readonly faults: FaultPlan;
  private readonly handlers = new Set<AnswerHandler>();
  /** While a phone's answer is being handled: what the services send to that phone meanwhile. */
  private readonly answering = new Map<string, SendResult[]>();
  private readonly wakers = new Map<string, Set<() => void>>();
  private waiters = 0;
  private lastSeq: Promise<number> | undefined;

  constructor(
    private readonly rt: Runtime,
    private readonly options: SmsGatewayOptions = {},
  ) {
    this.faults = options.faults ?? new FaultPlan(rt.random);
  }

  private get messagesColl() {
    return this.rt.store.collection<SmsMessage>('sms.messages', SMS_MESSAGES_SPEC);
  }

  private get phonesColl() {
    return this.rt.store.collection<{ phone: string }>('sms.phones');
  }

  /** Subscribes a service to the subjects' answers; returns the unsubscribe function. */
  onAnswer(handler: AnswerHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Sends an SMS to a subject's phone, through the fault plan, and records it (T-SMS-8, T-SMS-9). */
  async send(input: SendInput): Promise<SendResult> {
    const phone = requireKzMobile(input.to, 'to');
    const text = checkText(input.text, 'text');
    if (input.lang !== 'kk' && input.lang !== 'ru')
      throw new SmsError('invalid-sms', 'Unknown SMS language', 'lang is kk or ru');
    const sender = input.sender ?? this.options.defaultSender ?? DEFAULT_SENDER;
    if (sender.length < 1 || sender.length > 16)
      throw new SmsError('invalid-sms', 'Bad sender name', 'a sender name has 1 to 16 characters');

    const fate = this.faults.smsFate();
    const now = this.rt.clock.nowMs();
    const base = {
      phone,
      direction: 'to-phone' as const,
      sender,
      text,
      lang: input.lang,
      sentAt: now,
      deliverAt: now + Math.max(0, fate.delayMs),
      fate: fate.lost ? ('lost' as const) : ('delivered' as const),
      ...(input.ref ? { ref: { ...input.ref } } : {}),
    };
    const first: SmsMessage = { ...base, id: this.rt.random.uuid(), seq: await this.nextSeq() };
    const second: SmsMessage | undefined =
      !fate.lost && fate.copies === 2
        ? { ...base, id: this.rt.random.uuid(), seq: await this.nextSeq(), duplicateOf: first.id }
        : undefined;

    await this.rt.store.transaction(async () => {
      await this.messagesColl.put(first.id, first);
      if (second) await this.messagesColl.put(second.id, second);
      await this.phonesColl.put(phone, { phone });
    });
    const result: SendResult = {
      id: first.id,
      phone,
      fate: first.fate,
      deliverAt: first.deliverAt,
      ...(second ? { duplicateId: second.id } : {}),
    };
    await this.rt.journal.record({
      channel: 'sms',
      service: 'send',
      sender,
      durationMs: 0,
      request: JSON.stringify({ to: phone, sender, lang: input.lang, text, ref: input.ref }),
      response: JSON.stringify(result),
      outcome: fate.lost ? 'lost' : second ? 'duplicated' : first.deliverAt > now ? 'delayed' : 'delivered',
    });
    this.answering.get(phone)?.push(result);
    this.wake(phone);
    return result;
  }

  /**
   * The subject answers from its phone. The answer is parsed, stored, journalled and offered to
   * every subscribed service (T-SMS-7); what they return is sent back to the phone.
   */
  async reply(phoneInput: string, textInput: string, inReplyTo?: string): Promise<ReplyResult> {
    const phone = requireKzMobile(phoneInput);
    const text = checkText(textInput, 'text');
    let repliedTo: SmsMessage | undefined;
    if (inReplyTo !== undefined) {
      repliedTo = await this.message(inReplyTo);
      if (!repliedTo || repliedTo.phone !== phone || repliedTo.direction !== 'to-phone') {
        throw new SmsError(
          'message-not-found',
          'No such message on this phone',
          'inReplyTo names no message this phone received',
        );
      }
    }
    const now = this.rt.clock.nowMs();
    const message: SmsMessage = {
      id: this.rt.random.uuid(),
      seq: await this.nextSeq(),
      phone,
      direction: 'from-phone',
      sender: phone,
      text,
      sentAt: now,
      deliverAt: now,
      fate: 'delivered',
      ...(inReplyTo !== undefined ? { inReplyTo } : {}),
    };
    await this.rt.store.transaction(async () => {
      await this.messagesColl.put(message.id, message);
      await this.phonesColl.put(phone, { phone });
    });
    const answer = parseAnswer(text);
    const incoming: IncomingAnswer = {
      messageId: message.id,
      phone,
      text,
      at: now,
      answer,
      ...(inReplyTo !== undefined ? { inReplyTo } : {}),
      ...(repliedTo ? { repliedTo } : {}),
    };

    // Every service sees every answer: each knows which phones it waits for, the gateway does not.
    const outcomes: { text: string; lang?: Lang }[] = [];
    let handled = false;
    let failure: unknown;
    // A service may answer by sending an SMS itself (the state service's "consent given" with its
    // reference): that is a reply to this answer too, and the caller is told of it.
    const sentByHandlers: SendResult[] = [];
    const outer = this.answering.get(phone);
    this.answering.set(phone, sentByHandlers);
    try {
      for (const handler of [...this.handlers]) {
        try {
          const outcome = await handler(incoming);
          if (outcome === undefined) continue;
          handled = true;
          if (typeof outcome === 'string') outcomes.push({ text: outcome });
          else if (outcome.reply !== undefined)
            outcomes.push({ text: outcome.reply, ...(outcome.lang ? { lang: outcome.lang } : {}) });
        } catch (err) {
          failure ??= err;
        }
      }
    } finally {
      if (outer) {
        this.answering.set(phone, outer);
        outer.push(...sentByHandlers);
      } else this.answering.delete(phone);
    }
    if (!handled && failure === undefined && this.options.replyToUnexpectedAnswers !== false) {
      const lang = await this.languageOf(phone, repliedTo);
      outcomes.push({ text: renderSms('answer-unexpected', lang, {}), lang });
    }

    await this.rt.journal.record({
      channel: 'sms',
      service: 'answer',
      sender: phone,
      durationMs: 0,
      request: JSON.stringify({ from: phone, text, inReplyTo }),
      response: JSON.stringify({ id: message.id, answer, replies: outcomes.map((o) => o.text) }),
      outcome: `${answerKind(answer)}:${failure !== undefined ? 'handler-failed' : handled ? 'handled' : 'unexpected'}`,
    });
    this.wake(phone);

    const replies: SendResult[] = [...sentByHandlers];
    for (const o of outcomes) {
      replies.push(
        await this.send({
          to: phone,
          text: o.text,
          lang: o.lang ?? (await this.languageOf(phone, repliedTo)),
          ref: { inReplyTo: message.id },
        }),
      );
    }
    if (failure !== undefined) throw failure;
    return { message, answer, handled, replies };
  }

  /** Phones with at least one visible message, the most recently active first. */
  async phones(): Promise<PhoneSummary[]> {
    const now = this.rt.clock.nowMs();
    const out: PhoneSummary[] = [];
    for (const { phone } of await this.phonesColl.find()) {
      const visible = { where: { phone, fate: 'delivered' }, range: { field: 'deliverAt', to: now } };
      const messages = await this.messagesColl.count(visible);
      if (messages === 0) continue;
      const [latest] = await this.messagesColl.find({ ...visible, orderBy: 'deliverAt', order: 'desc', limit: 1 });
      out.push({ phone, messages, latestAt: latest!.deliverAt });
    }
    return out.sort((a, b) => b.latestAt - a.latestAt);
  }

  /**
   * A phone's visible messages, newest first: a client's listing, read with its total away from
   * the request path on a file store (deep offsets and counts cost there, not here).
   */
  async messages(
    phoneInput: string,
    q: { direction?: SmsDirection; limit?: number; offset?: number } = {},
  ): Promise<Page<SmsMessage>> {
    const phone = requireKzMobile(phoneInput);
    const where = { phone, fate: 'delivered', ...(q.direction ? { direction: q.direction } : {}) };
    return this.listing({
      where,
      range: { field: 'deliverAt', to: this.rt.clock.nowMs() },
      orderBy: 'deliverAt',
      order: 'desc',
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }

  /** The newest message the phone shows; by default one it received, not one it sent. */
  async latest(phoneInput: string, direction: SmsDirection = 'to-phone'): Promise<SmsMessage | undefined> {
    const phone = requireKzMobile(phoneInput);
    const [newest] = await this.messagesColl.find({
      where: { phone, fate: 'delivered', direction },
      range: { field: 'deliverAt', to: this.rt.clock.nowMs() },
      orderBy: 'deliverAt',
      order: 'desc',
      limit: 1,
    });
    return newest;
  }

  /** A message the phone shows; lost and not yet delivered ones are not there. */
  async message(id: string): Promise<SmsMessage | undefined> {
    const m = await this.messagesColl.get(id);
    return m && this.visible(m) ? m : undefined;
  }

  /** Every visible message in the window whose text matches, newest first; read as `messages` is. */
  async search(q: SearchQuery): Promise<Page<SmsMessage>> {
    const phone = q.phone !== undefined ? requireKzMobile(q.phone) : undefined;
    const now = this.rt.clock.nowMs();
    return this.listing({
      where: { fate: 'delivered', ...(phone ? { phone } : {}), ...(q.direction ? { direction: q.direction } : {}) },
      range: { field: 'deliverAt', ...(q.from !== undefined ? { from: q.from } : {}), to: Math.min(q.to ?? now, now) },
      ...(q.text ? { contains: { field: 'text', text: q.text } } : {}),
      orderBy: 'deliverAt',
      order: 'desc',
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }

  /** A page for a client, with its total, from the store's listing read (off the request path on a file). */
  private async listing(query: FindQuery): Promise<Page<SmsMessage>> {
    const page = await this.messagesColl.pageJsonArray(query, { total: true });
    return { total: page.total ?? 0, items: JSON.parse(utf8.decode(page.body)) as SmsMessage[] };
  }

  /**
   * Long poll: resolves with the first message the phone receives after the cursor, or undefined
   * when the (real-time) timeout passes or the signal aborts. Without a cursor, "after" is the
   * newest message the phone shows now. A send wakes it at once; so does the virtual clock moving
   * past a delayed message's delivery time.
   */
  async waitForNext(phoneInput: string, opts: WaitOptions = {}): Promise<SmsMessage | undefined> {
    const phone = requireKzMobile(phoneInput);
    const timeoutMs = Math.min(Math.max(0, opts.timeoutMs ?? DEFAULT_WAIT_MS), MAX_WAIT_MS);
    const cursor = await this.cursorFor(phone, opts);
    if (this.waiters >= (this.options.maxWaiters ?? 1000)) {
      throw new SmsError('too-many-waiters', 'Too many long polls', 'retry shortly', { retryAfterSeconds: 1 });
    }

    this.waiters++;
    const wakeable = new Wakeable();
    let over = false;
    const stop = () => {
      over = true;
      wakeable.wake();
    };
    // The store is read again only on an event that can have made a message visible: a send to
    // this phone, or the clock reaching the phone's next delayed message (`due`). Other clock moves
    // and other phones' traffic cost a comparison, not a query.
    let due = Number.POSITIVE_INFINITY;
    const deadline = setTimeout(stop, timeoutMs);
    opts.signal?.addEventListener('abort', stop, { once: true });
    const unsubscribe = [
      this.subscribe(phone, wakeable.wake),
      this.rt.clock instanceof VirtualClock
        ? this.rt.clock.onChange(() => {
            if (this.rt.clock.nowMs() >= due) wakeable.wake();
          })
        : () => {},
    ];
    try {
      for (;;) {
        wakeable.reset();
        const next = await this.nextAfter(phone, cursor);
        if (next || over || opts.signal?.aborted) return next;
        const pendingAt = await this.nextDelayed(phone);
        due = pendingAt ?? Number.POSITIVE_INFINITY;
        await wakeable.sleep(this.realMsUntil(pendingAt));
      }
    } finally {
      clearTimeout(deadline);
      opts.signal?.removeEventListener('abort', stop);
      for (const u of unsubscribe) u();
      this.waiters--;
    }
  }

  /** Empties a phone: every message to and from it, delivered, delayed or lost. */
  async deleteMessages(phoneInput: string): Promise<number> {
    const phone = requireKzMobile(phoneInput);
    return this.rt.store.transaction(async () => {
      let deleted = 0;
      for (const m of await this.messagesColl.find({ where: { phone }, limit: 100_000 })) {
        if (await this.messagesColl.delete(m.id)) deleted++;
      }
      await this.phonesColl.delete(phone);
      return deleted;
    });
  }

  private visible(m: SmsMessage): boolean {
    return m.fate === 'delivered' && m.deliverAt <= this.rt.clock.nowMs();
  }

  private async cursorFor(phone: string, opts: WaitOptions): Promise<Cursor> {
    if (opts.after !== undefined) {
      const m = await this.message(opts.after);
      if (!m || m.phone !== phone)
        throw new SmsError(
          'message-not-found',
          'No such message on this phone',
          '`after` names no message this phone shows',
        );
      return { deliverAt: m.deliverAt, seq: m.seq };
    }
    // `since` is inclusive: a test that reads the clock and then sends on a frozen clock gets its message.
    if (opts.since !== undefined) return { deliverAt: opts.since, seq: -1 };
    const latest = await this.latest(phone);
    return latest ? { deliverAt: latest.deliverAt, seq: latest.seq } : { deliverAt: Number.NEGATIVE_INFINITY, seq: -1 };
  }

  private async nextAfter(phone: string, c: Cursor): Promise<SmsMessage | undefined> {
    const candidates = await this.messagesColl.find({
      where: { phone, direction: 'to-phone', fate: 'delivered' },
      range: {
        field: 'deliverAt',
        ...(Number.isFinite(c.deliverAt) ? { from: c.deliverAt } : {}),
        to: this.rt.clock.nowMs(),
      },
      orderBy: 'deliverAt',
      order: 'asc',
      limit: 1000,
    });
    return candidates.find((m) => m.deliverAt > c.deliverAt || (m.deliverAt === c.deliverAt && m.seq > c.seq));
  }

  /** When the phone's next delayed message is due (virtual ms), if it has one. */
  private async nextDelayed(phone: string): Promise<number | undefined> {
    const [pending] = await this.messagesColl.find({
      where: { phone, direction: 'to-phone', fate: 'delivered' },
      range: { field: 'deliverAt', from: this.rt.clock.nowMs() + 1 },
      orderBy: 'deliverAt',
      order: 'asc',
      limit: 1,
    });
    return pending?.deliverAt;
  }

  /** Real ms until a virtual instant, if time is running toward it. */
  private realMsUntil(at: number | undefined): number | undefined {
    const clock = this.rt.clock;
    if (at === undefined) return undefined;
    // A frozen clock only moves by advance(), which wakes the waiter through onChange.
    if (clock instanceof VirtualClock && clock.snapshot().frozenAtMs !== null) return undefined;
    return Math.max(MIN_RECHECK_MS, at - clock.nowMs());
  }

  private subscribe(phone: string, wake: () => void): () => void {
    let set = this.wakers.get(phone);
    if (!set) this.wakers.set(phone, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.wakers.delete(phone);
    };
  }

  private wake(phone: string): void {
    for (const w of this.wakers.get(phone) ?? []) w();
  }

  /** The language to answer in: that of the message answered, else of the phone's latest one. */
  private async languageOf(phone: string, repliedTo: SmsMessage | undefined): Promise<Lang> {
    return repliedTo?.lang ?? (await this.latest(phone))?.lang ?? 'kk';
  }

  private nextSeq(): Promise<number> {
    // Chained promises hand out numbers in call order even while the first lookup is in flight.
    this.lastSeq = (
      this.lastSeq ?? this.messagesColl.find({ orderBy: 'seq', order: 'desc', limit: 1 }).then(([top]) => top?.seq ?? 0)
    ).then((n) => n + 1);
    return this.lastSeq;
  }
}

function checkText(text: string, field: string): string {
  if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_TEXT_LENGTH) {
    throw new SmsError('invalid-sms', 'Bad SMS text', `an SMS text has 1 to ${MAX_TEXT_LENGTH} characters`, {
      errors: [{ field, message: `1 to ${MAX_TEXT_LENGTH} characters, not only spaces` }],
    });
  }
  return text;
}

/** A sleep that a wake ends early, and that does not sleep at all if woken since the last reset. */
class Wakeable {
  private woken = false;
  private resolve: (() => void) | undefined;

  readonly wake = (): void => {
    this.woken = true;
    this.resolve?.();
  };

  reset(): void {
    this.woken = false;
  }

  sleep(ms: number | undefined): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.resolve?.(), ms);
      this.resolve = () => {
        clearTimeout(timer);
        this.resolve = undefined;
        resolve();
      };
    });
  }
}
