import { describe, expect, it } from 'vitest';
import type { StartAccessRequest } from '../../suites/driver/protocol.ts';
import {
  AccessRequestNotFound,
  AccessRequests,
  DEFAULT_POLLING,
  EnvironmentNotConfigured,
  type Gateway,
} from './access-requests.ts';
import { OvtSigner, generateSigningKey } from './ovt-signer.ts';
import { ShepFault, type SendMessage } from './shep-client.ts';

type Answer = Record<string, unknown> | Error;

/** A scripted gateway: answers in order, records what was sent; timers run only when told. */
async function harness(answers: Answer[]) {
  let clock = 1_000_000;
  const sent: { message: SendMessage; data: string }[] = [];
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const gateway: Gateway = {
    endpoint: { shepUrl: 'http://shep/', senderId: 'CXXXX_TEST', password: 'p' },
    async send(message) {
      sent.push({ message, data: message.data({ messageId: `m${sent.length}`, messageDate: 'd' }) });
      const next = answers.shift();
      if (!next) throw new Error('no scripted answer left');
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const now = () => clock;
  const requests = new AccessRequests({
    organisation: { bin: '110140252784', name: 'АО «Банк»' },
    gateway: (environment) => {
      if (environment !== 'test') throw new EnvironmentNotConfigured(environment);
      return gateway;
    },
    signer: new OvtSigner(await generateSigningKey(), { now, newId: () => crypto.randomUUID() }),
    now,
    newId: () => `r${Math.random()}`,
    schedule: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return () => {
        t.cancelled = true;
      };
    },
    polling: DEFAULT_POLLING,
  });
  return {
    requests,
    sent,
    timers,
    advance: (ms: number) => (clock += ms),
    /** Fires the last timer scheduled and lets its exchange finish. */
    async fire() {
      const t = timers.at(-1)!;
      clock += t.ms;
      t.fn();
      await new Promise((r) => setImmediate(r));
    },
  };
}

const START: StartAccessRequest = {
  environment: 'test',
  iin: '450630327387',
  way: 'sms',
  dataService: 'GBDFLUniversal_token',
  purpose: 'Открытие счёта',
  lifetime: 600,
};
const pending = { status: 'PENDING', requestId: 'kdp-1' };
const approved = {
  status: 'APPROVED',
  code: 'jwt',
  'public-key': '-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----\n',
};

describe('AccessRequests', () => {
  it('T-KDP-3 polls with the requestId as correlationId, backing off exponentially to a ceiling, and stops at the final state', async () => {
    const h = await harness([pending, pending, pending, pending, pending, pending, approved]);
    const st = await h.requests.start(START);
    expect(st).toMatchObject({ phase: 'pending', requestId: 'kdp-1', tokenHeld: false });
    for (let i = 0; i < 6; i++) await h.fire();
    expect(h.timers.map((t) => t.ms)).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    expect(h.sent.slice(1).every((s) => s.message.correlationId === 'kdp-1')).toBe(true);
    expect(h.requests.state(st.id)).toMatchObject({ phase: 'granted', tokenHeld: true });
    expect(h.timers).toHaveLength(6); // nothing scheduled after APPROVED
  });

  it.each([
    ['DECLINED', 'declined'],
    ['EXPIRED', 'expired'],
    ['LOCKED', 'locked'],
  ] as const)('T-KDP-16 %s ends the request %s with a reason and no token', async (status, phase) => {
    const h = await harness([pending, { status }]);
    const st = await h.requests.start(START);
    await h.fire();
    expect(h.requests.state(st.id)).toMatchObject({ phase, tokenHeld: false, reason: expect.any(String) });
    expect(await h.requests.fetch(st.id)).toMatchObject({ ok: false });
    expect(h.sent).toHaveLength(2); // the fetch called nothing
  });

  it('T-KDP-1 a refusal fault is failed with its code', async () => {
    const h = await harness([new ShepFault('Client', 'KDP-113', 'way not approved')]);
    expect(await h.requests.start(START)).toMatchObject({
      phase: 'failed',
      errorCode: 'KDP-113',
      reason: 'way not approved',
    });
  });

  it('R7.2 own means sends omit-sms=true and an ovt; notification sends its ground; every way names itself', async () => {
    const h = await harness([approved, approved]);
    await h.requests.start({ ...START, way: 'own-means' });
    await h.requests.start({ ...START, way: 'notification', article9Ground: 'art9-2' });
    expect(h.sent[0]!.data).toMatch(/<omit-sms>true<\/omit-sms><ovt>ey[^<]+<\/ovt>/);
    expect(h.sent[0]!.message.properties).toEqual({ consentWay: 'own-means' });
    expect(h.sent[1]!.data).not.toContain('omit-sms');
    expect(h.sent[1]!.message.properties).toEqual({ consentWay: 'notification', article9Ground: 'art9-2' });
  });

  it('T-KDP-5 writes the purpose and lifetime as personal_data_name and expiresIn, the organisation as company', async () => {
    const h = await harness([pending]);
    await h.requests.start({ ...START, purpose: 'A & <B>', lifetime: 3600 });
    expect(h.sent[0]!.data).toContain('<personal_data_name>A &#38; &#60;B&#62;</personal_data_name>');
    expect(h.sent[0]!.data).toContain('<expiresIn>3600</expiresIn>');
    expect(h.sent[0]!.data).toContain('<company>АО «Банк»</company><company_bin>110140252784</company_bin>');
  });

  it('R3 uses the token exactly as received, drops it when the data service refuses it, and never uses an expired one', async () => {
    const h = await harness([approved, { iin: START.iin }, new ShepFault('Client', 'KDP-403', 'revoked')]);
    const st = await h.requests.start(START);
    expect(await h.requests.fetch(st.id)).toEqual({ ok: true, data: { iin: START.iin } });
    expect(h.sent[1]!.data).toContain(`<kdpToken>jwt</kdpToken><publicKey>${approved['public-key']}</publicKey>`);
    expect(await h.requests.fetch(st.id)).toMatchObject({ ok: false, errorCode: 'KDP-403' });
    expect(h.requests.state(st.id).tokenHeld).toBe(false);
    expect(await h.requests.fetch(st.id)).toMatchObject({ ok: false });
    expect(h.sent).toHaveLength(3);

    const later = await harness([approved]);
    const other = await later.requests.start(START);
    later.advance(599_999);
    expect(later.requests.state(other.id).tokenHeld).toBe(true);
    later.advance(1);
    expect(await later.requests.fetch(other.id)).toEqual({ ok: false, reason: 'The access token has expired' });
    expect(later.sent).toHaveLength(1);
  });

  it('gives up polling after the give-up time, and reset stops every poll', async () => {
    const h = await harness([pending, pending]);
    const st = await h.requests.start(START);
    h.advance(DEFAULT_POLLING.giveUpMs);
    await h.fire();
    expect(h.requests.state(st.id)).toMatchObject({ phase: 'failed' });

    const r = await harness([pending]);
    await r.requests.start(START);
    r.requests.reset();
    expect(r.timers.every((t) => t.cancelled)).toBe(true);
  });

  it('refuses an unknown request and an environment never configured with typed errors', async () => {
    const h = await harness([]);
    expect(() => h.requests.state('nope')).toThrow(AccessRequestNotFound);
    await expect(h.requests.start({ ...START, environment: 'prod' })).rejects.toThrow(EnvironmentNotConfigured);
  });
});
