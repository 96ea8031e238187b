import type { HttpCall, HttpResponse } from '../../mocks/smart-bridge/walk.ts';
import type { ExchangeRecord } from '../wire.ts';

export interface SmsMessage {
  id: string;
  phone: string;
  direction: 'to-phone' | 'from-phone';
  text: string;
  deliveredAt?: string;
  ref?: { service?: string; requestId?: string };
}

/** A revocation request as the state service's environment API shows it. */
export interface RevocationView {
  id: string;
  environment: 'test' | 'prod';
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  tokenRef: string;
  companyBin: string;
  accessName: string;
  via: 'sms' | 'api';
  requestedAt: string;
  decidedAt?: string;
  reason?: string;
}

export interface FixtureSubject {
  iin: string;
  phone: string;
}

/**
 * The harness's side of the mock environment, over HTTP only, so that the same modules run against
 * the environment the harness starts and one it is pointed at (`--environment URL`): the journal,
 * the faults, the subject's virtual phone, the 1414 operator, Smart Bridge.
 */
export class EnvironmentClient {
  constructor(readonly url: string) {}

  private async json<T>(method: string, path: string, body?: unknown, ok = [200, 201]): Promise<T> {
    const res = await fetch(this.url.replace(/\/$/, '') + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!ok.includes(res.status)) throw new Error(`environment ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  health(): Promise<{ status: string }> {
    return this.json('GET', '/env/api/v1/health');
  }

  fixtures(): Promise<{
    subjects: FixtureSubject[];
    smartBridge: { authority: { apiKey: string } };
  }> {
    return this.json('GET', '/env/api/v1/fixtures');
  }

  /**
   * Every journal record matching, oldest first: page after page by the cursor each answer names
   * (X-Next-Cursor), so a page the environment ends early (a byte cap) loses nothing.
   */
  async journal(q: {
    channel?: string;
    sender?: string;
    service?: string;
    environment?: 'test' | 'prod';
    from?: number;
    to?: number;
  }): Promise<ExchangeRecord[]> {
    const out: ExchangeRecord[] = [];
    let after: string | undefined;
    do {
      const params = new URLSearchParams({ limit: '1000' });
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
      if (after !== undefined) params.set('after', after);
      const res = await this.getRetryingBusy(`/env/api/v1/journal?${params}`);
      out.push(...((await res.json()) as ExchangeRecord[]));
      after = res.headers.get('x-next-cursor') ?? undefined;
    } while (after !== undefined);
    return out.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  }

  /** A GET that waits out a 503 (the environment's readers busy) as its Retry-After says, a few times. */
  private async getRetryingBusy(path: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(this.url.replace(/\/$/, '') + path);
      if (res.status === 200) return res;
      const text = await res.text();
      if (res.status !== 503 || attempt >= 5)
        throw new Error(`environment GET ${path}: ${res.status} ${text.slice(0, 300)}`);
      const seconds = Number(res.headers.get('retry-after'));
      await new Promise((resolve) =>
        setTimeout(resolve, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000),
      );
    }
  }

  setFaults(patch: Record<string, unknown>): Promise<unknown> {
    return this.json('PUT', '/env/api/v1/faults', patch);
  }

  clearFaults(): Promise<unknown> {
    return this.json('DELETE', '/env/api/v1/faults');
  }

  async clockNowMs(): Promise<number> {
    return (await this.json<{ nowMs: number }>('GET', '/env/api/v1/clock')).nowMs;
  }

  /** The next SMS the phone receives after `since` (ISO, virtual time), or undefined after timeoutMs. */
  async waitForSms(phone: string, since: string, timeoutMs: number): Promise<SmsMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    let after: string | undefined;
    while (Date.now() < deadline) {
      const wait = Math.min(10_000, Math.max(1, deadline - Date.now()));
      const cursor = after ? `after=${after}` : `since=${encodeURIComponent(since)}`;
      const res = await fetch(
        `${this.url}/sms/api/v1/phones/${encodeURIComponent(phone)}/messages/wait?${cursor}&timeoutMs=${wait}`,
      );
      if (res.status === 200) {
        const msg = (await res.json()) as SmsMessage;
        if (msg.direction === 'to-phone') return msg;
        after = msg.id;
      } else if (res.status !== 204) throw new Error(`virtual phone wait: ${res.status} ${await res.text()}`);
    }
    return undefined;
  }

  /** Every SMS the phone received since an instant, oldest first. */
  async smsSince(phone: string, since: number): Promise<SmsMessage[]> {
    const page = await this.json<{ messages: SmsMessage[] }>(
      'GET',
      `/sms/api/v1/phones/${encodeURIComponent(phone)}/messages?direction=to-phone&limit=200`,
    );
    return page.messages.filter((m) => Date.parse(m.deliveredAt ?? '') >= since).reverse();
  }

  reply(phone: string, text: string, inReplyTo?: string): Promise<{ handled: boolean }> {
    return this.json('POST', `/sms/api/v1/phones/${encodeURIComponent(phone)}/replies`, {
      text,
      ...(inReplyTo ? { inReplyTo } : {}),
    });
  }

  /** The 1414 queue's waiting requests for a subject. */
  async callCenterRequests(subjectIin: string): Promise<{ id: string; ref?: { requestId?: string } }[]> {
    return (
      await this.json<{ requests: { id: string; ref?: { requestId?: string } }[] }>(
        'GET',
        `/1414/api/v1/requests?subjectIin=${subjectIin}`,
      )
    ).requests;
  }

  callCenterDecide(id: string, decision: 'confirm' | 'refuse'): Promise<unknown> {
    return this.json('POST', `/1414/api/v1/requests/${id}/${decision}`, { operatorId: 'harness-operator' });
  }

  /** The subject asks to revoke a consent, naming it by the reference of the approval SMS (T-KDP-11). */
  revoke(iin: string, ref: string): Promise<RevocationView> {
    return this.json('POST', '/kdp/api/v1/revocations', { iin, ref });
  }

  async revocationsOf(iin: string): Promise<RevocationView[]> {
    return (await this.json<{ revocations: RevocationView[] }>('GET', `/kdp/api/v1/revocations?iin=${iin}`))
      .revocations;
  }

  revocation(id: string): Promise<RevocationView> {
    return this.json('GET', `/kdp/api/v1/revocations/${encodeURIComponent(id)}`);
  }

  /** The organisation's officer decides outside SHEP: the harness standing in for a SUT without revocation. */
  decideRevocation(id: string, solution: 'ACCEPT' | 'REJECT', reason?: string): Promise<RevocationView> {
    return this.json('POST', `/kdp/api/v1/revocations/${encodeURIComponent(id)}/decision`, {
      solution,
      ...(reason ? { reason } : {}),
    });
  }

  /** A Smart Bridge API key bound to the BIN (the environment API issues it). */
  async apiKeyFor(bin: string): Promise<string> {
    return (
      await this.json<{ apiKey: string }>('POST', '/env/api/v1/smart-bridge/api-keys', { role: 'organisation', bin })
    ).apiKey;
  }

  /** Smart Bridge's HTTP API for the clauses 4–12 walk. */
  readonly http: HttpCall = async (req) => {
    const isBytes = Buffer.isBuffer(req.payload);
    const body =
      req.payload === undefined
        ? undefined
        : isBytes || typeof req.payload === 'string'
          ? req.payload
          : JSON.stringify(req.payload);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (body !== undefined && !isBytes && typeof req.payload !== 'string' && !headers['content-type'])
      headers['content-type'] = 'application/json';
    const res = await fetch(this.url + req.url, {
      method: req.method,
      headers,
      ...(body === undefined ? {} : { body: body as string }),
    });
    const text = await res.text();
    const response: HttpResponse = {
      statusCode: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: text,
      json: () => JSON.parse(text),
    };
    return response;
  };
}
