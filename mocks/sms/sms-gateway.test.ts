import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FaultPlan } from '../environment/faults.ts';
import { problemFromTable } from '../http/problem-table.ts';
import { SmsError } from './errors.ts';
import { SMS_PROBLEMS } from './problems.ts';
import { SmsGateway, type IncomingAnswer } from './sms-gateway.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { testRuntime } from '../testing.ts';
import { renderSms } from './texts.ts';

const PHONE = '+77011234567';
const OTHER = '+77771234567';

const files: { dir: string; store: SqliteStore }[] = [];
afterEach(async () => {
  for (const f of files.splice(0)) {
    await f.store.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

/** A file store reads the API's listings in a worker thread; ':memory:' on the main thread. */
function setup(options: ConstructorParameters<typeof SmsGateway>[1] = {}, where: 'memory' | 'file' = 'memory') {
  const rt = testRuntime();
  if (where === 'file') {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-sms-'));
    rt.store = new SqliteStore(join(dir, 'env.db'));
    files.push({ dir, store: rt.store as SqliteStore });
  }
  const faults = new FaultPlan(rt.random);
  const gateway = new SmsGateway(rt, { faults, ...options });
  return { rt, faults, gateway };
}

async function problemOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsError);
  // The core names a code; the HTTP adapter's table decides the answer, which is what is checked.
  return problemFromTable(err as SmsError, SMS_PROBLEMS);
}

describe('SmsGateway: sending and reading', () => {
  it.each(['memory', 'file'] as const)(
    'R7.5 T-SMS-10: a sent SMS shows on the phone: list (newest first), latest, by id (%s store)',
    async (where) => {
      const { rt, gateway } = setup({}, where);
      const a = await gateway.send({ to: PHONE, text: 'first', lang: 'ru' });
      rt.clock.advance(1000);
      const b = await gateway.send({ to: '8 (701) 123-45-67', text: 'second', lang: 'kk', ref: { requestId: 'r1' } });
      await gateway.send({ to: OTHER, text: 'elsewhere', lang: 'ru' });

      const page = await gateway.messages(PHONE);
      expect(page.total).toBe(2);
      expect(page.items.map((m) => m.text)).toEqual(['second', 'first']);
      expect(page.items[0]).toMatchObject({
        id: b.id,
        phone: PHONE,
        direction: 'to-phone',
        sender: '1414',
        lang: 'kk',
        ref: { requestId: 'r1' },
      });
      expect((await gateway.latest(PHONE))?.id).toBe(b.id);
      expect((await gateway.message(a.id))?.text).toBe('first');
      expect((await gateway.messages(PHONE, { limit: 1, offset: 1 })).items.map((m) => m.id)).toEqual([a.id]);
    },
  );

  it('R7.5 T-SMS-10: lists the phones that got messages, most recent first', async () => {
    const { rt, gateway } = setup();
    await gateway.send({ to: PHONE, text: 'a', lang: 'ru' });
    rt.clock.advance(10);
    await gateway.send({ to: OTHER, text: 'b', lang: 'ru' });
    await gateway.send({ to: OTHER, text: 'c', lang: 'ru' });
    expect(await gateway.phones()).toEqual([
      { phone: OTHER, messages: 2, latestAt: rt.clock.nowMs() },
      { phone: PHONE, messages: 1, latestAt: rt.clock.nowMs() - 10 },
    ]);
  });

  it.each(['memory', 'file'] as const)(
    'R7.5 T-SMS-10: searches by text (case-insensitive), phone and delivery-time window (%s store)',
    async (where) => {
      const { rt, gateway } = setup({}, where);
      const t0 = rt.clock.nowMs();
      await gateway.send({ to: PHONE, text: 'Ваш код 111111', lang: 'ru' });
      rt.clock.advance(60_000);
      await gateway.send({ to: PHONE, text: 'ВАШ КОД 222222', lang: 'ru' });
      await gateway.send({ to: OTHER, text: 'ваш код 333333', lang: 'ru' });
      await gateway.send({ to: OTHER, text: 'Хабарлама', lang: 'kk' });

      expect((await gateway.search({ text: 'ваш код' })).total).toBe(3);
      expect((await gateway.search({ text: 'ваш код', phone: PHONE })).items.map((m) => m.text)).toEqual([
        'ВАШ КОД 222222',
        'Ваш код 111111',
      ]);
      expect((await gateway.search({ text: 'код', to: t0 })).items.map((m) => m.text)).toEqual(['Ваш код 111111']);
      expect((await gateway.search({ from: t0 + 1 })).total).toBe(3);
      expect((await gateway.search({ text: 'код', limit: 1, offset: 1 })).items).toHaveLength(1);
    },
  );

  it('R7.5 T-SMS-9: every sent SMS is journalled on the sms channel', async () => {
    const { rt, gateway } = setup();
    const sent = await gateway.send({ to: PHONE, text: 'Код 123456', lang: 'ru', ref: { requestId: 'r1' } });
    const [rec] = await rt.journal.query({ channel: 'sms' });
    expect(rec).toMatchObject({ channel: 'sms', service: 'send', sender: '1414', outcome: 'delivered' });
    expect(JSON.parse(rec!.request)).toEqual({
      to: PHONE,
      sender: '1414',
      lang: 'ru',
      text: 'Код 123456',
      ref: { requestId: 'r1' },
    });
    expect(JSON.parse(rec!.response)).toMatchObject({ id: sent.id, fate: 'delivered' });
  });

  it('R7.5 T-SMS-10: a number that is not a Kazakh mobile is refused with a 400 problem naming the field', async () => {
    const { gateway } = setup();
    const p = await problemOf(gateway.send({ to: '+74951234567', text: 'x', lang: 'ru' }));
    expect(p).toMatchObject({
      status: 400,
      type: 'urn:kdp-conformance:problem:invalid-phone',
      errors: [{ field: 'to' }],
    });
    expect(JSON.stringify(p)).not.toContain('4951234567');
    expect((await problemOf(gateway.messages('12345'))).status).toBe(400);
  });

  it('refuses an empty or oversized text and an unknown language', async () => {
    const { gateway } = setup();
    expect((await problemOf(gateway.send({ to: PHONE, text: '  ', lang: 'ru' }))).status).toBe(400);
    expect((await problemOf(gateway.send({ to: PHONE, text: 'x'.repeat(1001), lang: 'ru' }))).status).toBe(400);
    expect((await problemOf(gateway.send({ to: PHONE, text: 'x', lang: 'en' as 'ru' }))).status).toBe(400);
  });

  it('R7.5 T-SMS-10: deleting a phone removes all its messages and the phone from the list', async () => {
    const { gateway } = setup();
    await gateway.send({ to: PHONE, text: 'a', lang: 'ru' });
    await gateway.reply(PHONE, 'ИӘ');
    await gateway.send({ to: OTHER, text: 'b', lang: 'ru' });
    // The reply to the unexpected answer is a third message.
    expect(await gateway.deleteMessages(PHONE)).toBe(3);
    expect((await gateway.messages(PHONE)).total).toBe(0);
    expect((await gateway.phones()).map((p) => p.phone)).toEqual([OTHER]);
  });
});

describe('SmsGateway: the fault plan', () => {
  it('R7.5 T-SMS-8: a lost SMS never shows on the phone but is journalled as lost', async () => {
    const { rt, faults, gateway } = setup();
    faults.update({ smsLossRate: 1 });
    const sent = await gateway.send({ to: PHONE, text: 'lost', lang: 'ru' });
    expect(sent.fate).toBe('lost');
    rt.clock.advance(3_600_000);
    expect((await gateway.messages(PHONE)).total).toBe(0);
    expect(await gateway.message(sent.id)).toBeUndefined();
    expect((await rt.journal.query({ channel: 'sms' }))[0]?.outcome).toBe('lost');
  });

  it('R7.5 T-SMS-8: a delayed SMS shows only once the virtual clock reaches its delivery time', async () => {
    const { rt, faults, gateway } = setup();
    faults.update({ smsDelayMs: 30_000 });
    const sent = await gateway.send({ to: PHONE, text: 'late', lang: 'ru' });
    expect(sent.deliverAt).toBe(rt.clock.nowMs() + 30_000);
    expect(await gateway.latest(PHONE)).toBeUndefined();
    expect(await gateway.phones()).toEqual([]);
    rt.clock.advance(29_999);
    expect(await gateway.message(sent.id)).toBeUndefined();
    rt.clock.advance(1);
    expect((await gateway.latest(PHONE))?.id).toBe(sent.id);
    expect((await rt.journal.query({ channel: 'sms' }))[0]?.outcome).toBe('delayed');
  });

  it('R7.5 T-SMS-8: a duplicated SMS shows twice, the copy pointing at the original', async () => {
    const { rt, faults, gateway } = setup();
    faults.update({ smsDuplicateRate: 1 });
    const sent = await gateway.send({ to: PHONE, text: 'twice', lang: 'ru' });
    const { items } = await gateway.messages(PHONE);
    expect(items).toHaveLength(2);
    expect(items.map((m) => m.duplicateOf)).toEqual([sent.id, undefined]);
    expect(items[0]!.id).toBe(sent.duplicateId);
    expect((await rt.journal.query({ channel: 'sms' }))[0]?.outcome).toBe('duplicated');
  });
});

describe('SmsGateway: answers from the phone', () => {
  it('R7.5 R7.3 T-SMS-7: an answer reaches the subscribed service, which can answer back', async () => {
    const { rt, gateway } = setup();
    const offer = await gateway.send({
      to: PHONE,
      text: renderSms('proactive-offer', 'kk', { provider: 'P', service: 'S' }),
      lang: 'kk',
      ref: { offerId: 'o1' },
    });
    const seen: IncomingAnswer[] = [];
    gateway.onAnswer((a) => {
      seen.push(a);
      return a.answer.decision === 'yes' ? renderSms('consent-given', 'kk', { requester: 'P', data: 'S' }) : undefined;
    });
    rt.clock.advance(5_000);
    const r = await gateway.reply(PHONE, 'Иә', offer.id);

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      phone: PHONE,
      text: 'Иә',
      inReplyTo: offer.id,
      at: rt.clock.nowMs(),
      answer: { decision: 'yes' },
    });
    expect(seen[0]!.repliedTo?.ref).toEqual({ offerId: 'o1' });
    expect(r.handled).toBe(true);
    expect(r.replies).toHaveLength(1);
    const back = await gateway.latest(PHONE);
    expect(back).toMatchObject({ id: r.replies[0]!.id, lang: 'kk', ref: { inReplyTo: r.message.id } });
    expect(back?.text).toContain('Келісіміңіз қабылданды');
    // The answer itself is on the phone too, as a message it sent.
    expect((await gateway.latest(PHONE, 'from-phone'))?.text).toBe('Иә');
  });

  it('R7.5 T-SMS-7: a code in an answer is handed over normalised', async () => {
    const { gateway } = setup();
    let code: string | undefined;
    gateway.onAnswer((a) => {
      code = a.answer.code;
      return { reply: undefined };
    });
    const r = await gateway.reply(PHONE, 'ab3-k7q');
    expect(code).toBe('AB3K7Q');
    expect(r).toMatchObject({ handled: true, replies: [] });
  });

  it('R7.5 T-SMS-7: every service sees the answer; only those that claim it reply', async () => {
    const { gateway } = setup();
    const calls: string[] = [];
    gateway.onAnswer(() => void calls.push('a'));
    const off = gateway.onAnswer(() => {
      calls.push('b');
      return { reply: 'b got it', lang: 'ru' };
    });
    expect((await gateway.reply(PHONE, 'да')).replies).toHaveLength(1);
    off();
    await gateway.reply(PHONE, 'да');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('R7.5 T-SMS-7: an answer nobody waits for gets the "nothing awaits" text in the language last used', async () => {
    const { gateway } = setup();
    await gateway.send({ to: PHONE, text: 'Код 123456', lang: 'ru' });
    const r = await gateway.reply(PHONE, '123456');
    expect(r.handled).toBe(false);
    expect((await gateway.latest(PHONE))?.text).toBe(renderSms('answer-unexpected', 'ru', {}));
    const silent = setup({ replyToUnexpectedAnswers: false }).gateway;
    expect((await silent.reply(PHONE, '123456')).replies).toEqual([]);
  });

  it('R7.5 T-SMS-9: an answer is journalled with what it was read as and whether a service took it', async () => {
    const { rt, gateway } = setup({ replyToUnexpectedAnswers: false });
    gateway.onAnswer(() => 'ok');
    await gateway.reply(PHONE, 'ДА 482913');
    const recs = await rt.journal.query({ channel: 'sms', service: 'answer' });
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ sender: PHONE, outcome: 'yes+code:handled' });
    expect(JSON.parse(recs[0]!.request)).toMatchObject({ from: PHONE, text: 'ДА 482913' });
  });

  it('refuses an answer to a message the phone never received', async () => {
    const { faults, gateway } = setup();
    const other = await gateway.send({ to: OTHER, text: 'x', lang: 'ru' });
    expect((await problemOf(gateway.reply(PHONE, 'да', other.id))).status).toBe(404);
    expect((await problemOf(gateway.reply(PHONE, 'да', 'no-such-id'))).status).toBe(404);
    faults.update({ smsLossRate: 1 });
    const lost = await gateway.send({ to: PHONE, text: 'x', lang: 'ru' });
    expect((await problemOf(gateway.reply(PHONE, 'да', lost.id))).status).toBe(404);
  });

  it('a failing service does not stop the others, and its error surfaces after them', async () => {
    const { rt, gateway } = setup();
    gateway.onAnswer(() => {
      throw new Error('boom');
    });
    let reached = false;
    gateway.onAnswer(() => {
      reached = true;
      return 'fine';
    });
    await expect(gateway.reply(PHONE, 'да')).rejects.toThrow('boom');
    expect(reached).toBe(true);
    expect((await gateway.latest(PHONE))?.text).toBe('fine');
    expect((await rt.journal.query({ service: 'answer' }))[0]?.outcome).toBe('yes:handler-failed');
  });
});

describe('SmsGateway: waiting for the next message', () => {
  it('R7.5 T-SMS-10: a wait is woken at once by a send to that phone', async () => {
    const { gateway } = setup();
    await gateway.send({ to: PHONE, text: 'old', lang: 'ru' });
    const waiting = gateway.waitForNext(PHONE, { timeoutMs: 10_000 });
    setTimeout(() => void gateway.send({ to: OTHER, text: 'not this phone', lang: 'ru' }), 10);
    setTimeout(() => void gateway.send({ to: PHONE, text: 'new', lang: 'ru' }), 30);
    expect((await waiting)?.text).toBe('new');
  });

  it('R7.5 T-SMS-10: a wait with nothing arriving ends empty at its timeout', async () => {
    const { gateway } = setup();
    const started = performance.now();
    expect(await gateway.waitForNext(PHONE, { timeoutMs: 40 })).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('R7.5 T-SMS-10: after a message id, the next one is returned at once if already there', async () => {
    const { gateway } = setup();
    const a = await gateway.send({ to: PHONE, text: 'a', lang: 'ru' });
    await gateway.send({ to: PHONE, text: 'b', lang: 'ru' });
    await gateway.send({ to: PHONE, text: 'c', lang: 'ru' });
    expect((await gateway.waitForNext(PHONE, { after: a.id, timeoutMs: 0 }))?.text).toBe('b');
    expect((await problemOf(gateway.waitForNext(PHONE, { after: 'nope' }))).status).toBe(404);
  });

  it('R7.5 T-SMS-10: since is inclusive of its instant (a frozen clock sends in the same millisecond)', async () => {
    const { rt, gateway } = setup();
    rt.clock.freeze();
    const since = rt.clock.nowMs();
    await gateway.send({ to: PHONE, text: 'same ms', lang: 'ru' });
    expect((await gateway.waitForNext(PHONE, { since, timeoutMs: 0 }))?.text).toBe('same ms');
    expect(await gateway.waitForNext(PHONE, { since: since + 1, timeoutMs: 0 })).toBeUndefined();
  });

  it('R7.5 T-SMS-8: a wait for a delayed SMS is woken when the virtual clock reaches it', async () => {
    const { rt, faults, gateway } = setup();
    faults.update({ smsDelayMs: 60_000 });
    const waiting = gateway.waitForNext(PHONE, { timeoutMs: 10_000 });
    await gateway.send({ to: PHONE, text: 'delayed', lang: 'ru' });
    setTimeout(() => rt.clock.advance(60_000), 20);
    expect((await waiting)?.text).toBe('delayed');
  });

  it('T-SMS-10 a waiting long poll reads the store only on an event that can concern it', async () => {
    const { rt, faults, gateway } = setup();
    const messages = rt.store.collection('sms.messages');
    await gateway.send({ to: OTHER, text: 'before', lang: 'ru' });
    const reads = vi.spyOn(messages, 'find');
    const waiting = gateway.waitForNext(PHONE, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 5));
    const settled = reads.mock.calls.length;
    // The clock moving with nothing due, and another phone's traffic: no read at all.
    for (let i = 0; i < 50; i++) rt.clock.advance(1_000);
    for (let i = 0; i < 5; i++) await gateway.send({ to: OTHER, text: `other ${i}`, lang: 'ru' });
    await new Promise((r) => setTimeout(r, 5));
    const elsewhere = reads.mock.calls.length - settled;
    expect(elsewhere).toBe(0);
    // A delayed message to this phone: one look when it is sent, one when the clock reaches it.
    faults.update({ smsDelayMs: 60_000 });
    await gateway.send({ to: PHONE, text: 'later', lang: 'ru' });
    await new Promise((r) => setTimeout(r, 5));
    const afterSend = reads.mock.calls.length;
    rt.clock.advance(30_000);
    await new Promise((r) => setTimeout(r, 5));
    expect(reads.mock.calls.length).toBe(afterSend);
    rt.clock.advance(30_000);
    expect((await waiting)?.text).toBe('later');
  });

  it('ends a wait when its signal aborts', async () => {
    const { gateway } = setup();
    const ac = new AbortController();
    const waiting = gateway.waitForNext(PHONE, { timeoutMs: 10_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    expect(await waiting).toBeUndefined();
  });

  it('refuses more long polls than it is configured to hold', async () => {
    const { gateway } = setup({ maxWaiters: 1 });
    const first = gateway.waitForNext(PHONE, { timeoutMs: 200 });
    await new Promise((r) => setTimeout(r, 10));
    expect((await problemOf(gateway.waitForNext(OTHER, { timeoutMs: 200 }))).status).toBe(503);
    await first;
    expect(await gateway.waitForNext(OTHER, { timeoutMs: 0 })).toBeUndefined();
  });
});
