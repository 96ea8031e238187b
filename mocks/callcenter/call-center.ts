import { validateIin } from '../../protocol/identifiers/iin.ts';
import { validateBin } from '../../protocol/identifiers/bin.ts';
import { CallCenterError } from './errors.ts';
import type { Runtime } from '../runtime.ts';
import { requireKzMobile } from '../sms/phone-input.ts';
import type { CollectionSpec } from '../store/store.ts';

/** The queue is read by state in arrival order, and swept by state and expiry. */
const CALL_REQUESTS_SPEC: CollectionSpec = {
  fields: { state: 'text', enqueuedAt: 'integer', expiresAt: 'integer', subjectIin: 'text' },
  indexes: [['state', 'enqueuedAt'], ['state', 'expiresAt'], ['subjectIin']],
};

/**
 * The 1414 unified contact center as way 1 of clause 7 uses it (R7.1): consent requests wait in a
 * queue until an operator calls the subject, then the operator confirms or refuses on the
 * subject's behalf. The state service hears the outcome through onDecision.
 */

export type CallState = 'waiting' | 'in-call' | 'confirmed' | 'refused' | 'expired';
export type CallOutcome = 'confirmed' | 'refused' | 'expired';

export interface CallRequester {
  name: string;
  bin?: string;
}

export interface EnqueueInput {
  subjectIin: string;
  phone: string;
  requester: CallRequester;
  /** What is asked for, as the operator reads it to the subject. */
  data: string;
  /** The caller's own keys to find its request again: { requestId, … }. */
  ref?: Record<string, string>;
  /** Virtual ms after which the request expires; default now + the configured lifetime. */
  expiresAt?: number;
}

export interface CallRequest {
  id: string;
  subjectIin: string;
  phone: string;
  requester: CallRequester;
  data: string;
  ref: Record<string, string>;
  state: CallState;
  /** Virtual ms. */
  enqueuedAt: number;
  expiresAt: number;
  /** The operator on the call, while state is 'in-call', and who decided after. */
  operatorId?: string;
  takenAt?: number;
  decision?: { outcome: CallOutcome; operatorId?: string; note?: string; at: number };
}

/** What the state service receives once a request is settled. */
export interface CallDecision {
  requestId: string;
  ref: Record<string, string>;
  subjectIin: string;
  phone: string;
  outcome: CallOutcome;
  /** Absent for an expiry. */
  operatorId?: string;
  note?: string;
  /** Virtual ms: when the operator decided, or the instant the request expired. */
  at: number;
}

export type DecisionHandler = (decision: CallDecision) => void | Promise<void>;

export interface CallListQuery {
  /** 'pending' (default): waiting or in a call. */
  state?: CallState | 'pending' | 'any';
  subjectIin?: string;
  phone?: string;
  operatorId?: string;
  limit?: number;
  offset?: number;
}

export interface CallCenterOptions {
  /** How long a request waits for a decision; default 24 h, as long as the state service waits for way 1. */
  lifetimeMs?: number;
}

export const DEFAULT_CALL_LIFETIME_MS = 24 * 3_600_000;
const MAX_TEXT = 500;
const MAX_NOTE = 2000;

export class CallCenter {
  private readonly handlers = new Set<DecisionHandler>();
  readonly lifetimeMs: number;

  constructor(
    private readonly rt: Runtime,
    options: CallCenterOptions = {},
  ) {
    this.lifetimeMs = options.lifetimeMs ?? DEFAULT_CALL_LIFETIME_MS;
    if (!Number.isFinite(this.lifetimeMs) || this.lifetimeMs <= 0)
      throw new RangeError('a 1414 request lifetime is a positive number of ms');
  }

  private get requests() {
    return this.rt.store.collection<CallRequest>('callcenter.requests', CALL_REQUESTS_SPEC);
  }

  /** Subscribes the state service to outcomes (confirmed, refused, expired); returns the unsubscribe function. */
  onDecision(handler: DecisionHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Puts a consent request in the queue for a call (T-1414-1). */
  async enqueue(input: EnqueueInput): Promise<CallRequest> {
    const iin = validateIin(input.subjectIin);
    if (!iin.ok) throw invalid('subjectIin', iin.message);
    const phone = requireKzMobile(input.phone);
    const name = input.requester?.name?.trim();
    if (!name || name.length > MAX_TEXT) throw invalid('requester/name', `1 to ${MAX_TEXT} characters`);
    if (input.requester.bin !== undefined) {
      const bin = validateBin(input.requester.bin);
      if (!bin.ok) throw invalid('requester/bin', bin.message);
    }
    const data = input.data?.trim();
    if (!data || data.length > MAX_TEXT) throw invalid('data', `1 to ${MAX_TEXT} characters`);
    const now = this.rt.clock.nowMs();
    const expiresAt = input.expiresAt ?? now + this.lifetimeMs;
    if (!Number.isFinite(expiresAt) || expiresAt <= now) throw invalid('expiresAt', 'must lie in the future');

    const request: CallRequest = {
      id: this.rt.random.uuid(),
      subjectIin: input.subjectIin,
      phone,
      requester: { name, ...(input.requester.bin !== undefined ? { bin: input.requester.bin } : {}) },
      data,
      ref: { ...input.ref },
      state: 'waiting',
      enqueuedAt: now,
      expiresAt,
    };
    await this.requests.put(request.id, request);
    await this.rt.journal.record({
      channel: 'callcenter',
      service: 'enqueue',
      ...(request.requester.bin ? { sender: request.requester.bin } : {}),
      durationMs: 0,
      request: JSON.stringify({
        subjectIin: request.subjectIin,
        phone,
        requester: request.requester,
        data,
        ref: request.ref,
      }),
      response: JSON.stringify({ id: request.id, expiresAt }),
      outcome: 'queued',
    });
    return request;
  }

  async get(id: string): Promise<CallRequest | undefined> {
    await this.sweep();
    return this.requests.get(id);
  }

  /** The queue, oldest first (the order operators call in). */
  async list(q: CallListQuery = {}): Promise<{ total: number; items: CallRequest[] }> {
    await this.sweep();
    const where: Record<string, string> = {};
    if (q.subjectIin !== undefined) where.subjectIin = q.subjectIin;
    if (q.phone !== undefined) where.phone = requireKzMobile(q.phone);
    if (q.operatorId !== undefined) where.operatorId = q.operatorId;
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const state = q.state ?? 'pending';
    const states: (CallState | undefined)[] =
      state === 'pending' ? ['waiting', 'in-call'] : state === 'any' ? [undefined] : [state];

    // 'pending' is two states: take the first offset+limit of each, merge, then cut the page.
    let total = 0;
    let merged: CallRequest[] = [];
    for (const s of states) {
      const w = s ? { ...where, state: s } : where;
      total += await this.requests.count({ where: w });
      merged = merged.concat(
        await this.requests.find({ where: w, orderBy: 'enqueuedAt', order: 'asc', limit: offset + limit }),
      );
    }
    merged.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    return { total, items: merged.slice(offset, offset + limit) };
  }

  /** An operator takes a request for a call (T-1414-2). Taking one's own again is a no-op. */
  async take(id: string, operatorId: string): Promise<CallRequest> {
    checkOperator(operatorId);
    await this.sweep();
    return this.rt.store.transaction(async () => this.takeOpen(await this.open(id), operatorId));
  }

  /** Takes the oldest waiting request, or undefined when the queue is empty. */
  async takeNext(operatorId: string): Promise<CallRequest | undefined> {
    checkOperator(operatorId);
    await this.sweep();
    return this.rt.store.transaction(async () => {
      const [next] = await this.requests.find({
        where: { state: 'waiting' },
        orderBy: 'enqueuedAt',
        order: 'asc',
        limit: 1,
      });
      return next ? this.takeOpen(next, operatorId) : undefined;
    });
  }

  /** Puts a taken request back in the queue (the subject did not pick up, the operator hands over). */
  async release(id: string, operatorId: string): Promise<CallRequest> {
    checkOperator(operatorId);
    await this.sweep();
    return this.rt.store.transaction(async () => {
      const r = await this.open(id);
      if (r.state === 'waiting') return r;
      if (r.operatorId !== operatorId) throw takenByAnother(r);
      const { operatorId: _o, takenAt: _t, ...rest } = r;
      const released: CallRequest = { ...rest, state: 'waiting' };
      await this.requests.put(id, released);
      return released;
    });
  }

  /** The subject said yes on the call (T-1414-3). */
  confirm(id: string, by: { operatorId: string; note?: string }): Promise<CallRequest> {
    return this.decide(id, 'confirmed', by);
  }

  /** The subject said no, or asked the operator to refuse (T-1414-3). */
  refuse(id: string, by: { operatorId: string; note?: string }): Promise<CallRequest> {
    return this.decide(id, 'refused', by);
  }

  /**
   * Expires every open request whose lifetime has passed (T-1414-5) and reports each expiry. Every
   * operation calls it first, so a jump of the virtual clock takes effect at the next look; the
   * environment may also call it after moving the clock, so that the state service hears at once.
   */
  async sweep(): Promise<CallDecision[]> {
    const now = this.rt.clock.nowMs();
    const expired = await this.rt.store.transaction(async () => {
      const out: CallRequest[] = [];
      for (const state of ['waiting', 'in-call'] as const) {
        for (const r of await this.requests.find({
          where: { state },
          range: { field: 'expiresAt', to: now },
          limit: 10_000,
        })) {
          const done: CallRequest = { ...r, state: 'expired', decision: { outcome: 'expired', at: r.expiresAt } };
          await this.requests.put(r.id, done);
          out.push(done);
        }
      }
      return out;
    });
    const decisions = expired.map(decisionOf);
    for (const d of decisions) await this.journalDecision(d);
    await this.emit(decisions);
    return decisions;
  }

  private async decide(
    id: string,
    outcome: 'confirmed' | 'refused',
    by: { operatorId: string; note?: string },
  ): Promise<CallRequest> {
    checkOperator(by.operatorId);
    if (by.note !== undefined && by.note.length > MAX_NOTE) throw invalid('note', `at most ${MAX_NOTE} characters`);
    await this.sweep();
    const decided = await this.rt.store.transaction(async () => {
      const r = await this.open(id);
      // A request nobody took may be decided at once: taking and deciding in one step is the same call.
      if (r.state === 'in-call' && r.operatorId !== by.operatorId) throw takenByAnother(r);
      const now = this.rt.clock.nowMs();
      const done: CallRequest = {
        ...r,
        state: outcome,
        operatorId: by.operatorId,
        takenAt: r.takenAt ?? now,
        decision: { outcome, operatorId: by.operatorId, ...(by.note !== undefined ? { note: by.note } : {}), at: now },
      };
      await this.requests.put(id, done);
      return done;
    });
    const decision = decisionOf(decided);
    await this.journalDecision(decision);
    await this.emit([decision]);
    return decided;
  }

  private async takeOpen(r: CallRequest, operatorId: string): Promise<CallRequest> {
    if (r.state === 'in-call') {
      if (r.operatorId === operatorId) return r;
      throw takenByAnother(r);
    }
    const taken: CallRequest = { ...r, state: 'in-call', operatorId, takenAt: this.rt.clock.nowMs() };
    await this.requests.put(r.id, taken);
    return taken;
  }

  /** The request, if it can still change: 404 unknown, 409 decided or expired. */
  private async open(id: string): Promise<CallRequest> {
    const r = await this.requests.get(id);
    if (!r) throw new CallCenterError('not-found', 'Not found', 'No 1414 request has this id');
    if (r.state === 'expired') {
      throw new CallCenterError(
        'callcenter-expired',
        'The request has expired',
        `it expired at ${new Date(r.expiresAt).toISOString()}`,
        { state: r.state },
      );
    }
    if (r.state === 'confirmed' || r.state === 'refused') {
      throw new CallCenterError(
        'callcenter-already-decided',
        'The request is already decided',
        `it was ${r.state} by operator ${r.decision?.operatorId ?? '?'}`,
        {
          state: r.state,
        },
      );
    }
    return r;
  }

  private async journalDecision(d: CallDecision): Promise<void> {
    await this.rt.journal.record({
      channel: 'callcenter',
      service: 'decision',
      ...(d.operatorId !== undefined ? { sender: d.operatorId } : {}),
      at: d.at,
      durationMs: 0,
      request: JSON.stringify({ requestId: d.requestId, ref: d.ref, operatorId: d.operatorId, note: d.note }),
      response: JSON.stringify(d),
      outcome: d.outcome,
    });
  }

  /** Every handler hears every decision; a failing one does not silence the rest, and its error surfaces after. */
  private async emit(decisions: CallDecision[]): Promise<void> {
    let failure: unknown;
    for (const d of decisions) {
      for (const h of [...this.handlers]) {
        try {
          await h(d);
        } catch (err) {
          failure ??= err;
        }
      }
    }
    if (failure !== undefined) throw failure;
  }
}

function decisionOf(r: CallRequest): CallDecision {
  const d = r.decision!;
  return {
    requestId: r.id,
    ref: r.ref,
    subjectIin: r.subjectIin,
    phone: r.phone,
    outcome: d.outcome,
    ...(d.operatorId !== undefined ? { operatorId: d.operatorId } : {}),
    ...(d.note !== undefined ? { note: d.note } : {}),
    at: d.at,
  };
}

function checkOperator(operatorId: string): void {
  if (typeof operatorId !== 'string' || operatorId.trim().length === 0 || operatorId.length > 64)
    throw invalid('operatorId', '1 to 64 characters');
}

function invalid(field: string, message: string): CallCenterError {
  return new CallCenterError('validation', 'The request does not match the schema', `${field}: ${message}`, {
    errors: [{ field, message }],
  });
}

function takenByAnother(r: CallRequest): CallCenterError {
  return new CallCenterError(
    'callcenter-taken',
    'Another operator has this request',
    `operator ${r.operatorId ?? '?'} is on the call`,
    { state: r.state },
  );
}
