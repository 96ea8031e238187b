import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Subject } from '../../fixtures/types.ts';
import { renderSms } from '../sms/texts.ts';
import { subjectDirectory, type CallCenterDecision, type CallCenterPort } from './ports.ts';
import { KdpState } from './state.ts';
import { createKdpKit, type KdpKit } from './testing.ts';

/**
 * The first decision wins (state.ts, approve/close): when a code and a refusal arrive together, or
 * a confirmation and a refusal of the same 1414 call, the subject must be told what was decided and
 * nothing else. Each round lets the two race with a different head start.
 */

const ROUNDS = 24;

let kit: KdpKit;
beforeEach(async () => {
  // The rounds ask one subject again and again within a virtual minute: beyond T-KDP-18's default.
  kit = await createKdpKit({ profile: { subjectLimits: { openRequests: 3, smsPerMinute: 10_000 } } });
});
afterEach(async () => {
  await kit.close();
});

/** Lets `n` turns of the event loop pass, so the second contender starts at a different point of the first. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Texts the subject's phone received since `seen` (ids already known). */
async function newTexts(subject: Subject, seen: Set<string>): Promise<string[]> {
  const { items } = await kit.sms.messages(subject.phone, { direction: 'to-phone', limit: 100 });
  return items.filter((m) => !seen.has(m.id)).map((m) => m.text);
}

async function knownIds(subject: Subject): Promise<Set<string>> {
  const { items } = await kit.sms.messages(subject.phone, { direction: 'to-phone', limit: 100 });
  return new Set(items.map((m) => m.id));
}

function texts(org: { name: string; bin: string }, accessName = 'GBDFLUniversal_token') {
  const names = { requester: `${org.name} (${org.bin})`, data: `Сведения о физическом лице (${accessName})` };
  return { given: renderSms('consent-given', 'kk', names), refused: renderSms('consent-refused', 'kk', names) };
}

describe('a code and a refusal at the same time (R7.5, T-KDP-12)', () => {
  it('R7.5 T-KDP-12 the subject is told only the outcome that was recorded, whichever answer wins', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const { given, refused } = texts(org);
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const first = await kit.consent(org, subject);
      const code = await kit.lastCode(subject);
      const seen = await knownIds(subject);
      const head = round % 6;
      await Promise.all([
        kit.sms.reply(subject.phone, code),
        turns(head).then(() => kit.sms.reply(subject.phone, 'НЕТ')),
      ]);

      const final = await kit.consent(org, subject, { requestId: first.requestId! });
      const got = await newTexts(subject, seen);
      const tokens = (await kit.state.tokens.records.find({ where: { requestId: first.requestId! } })).length;
      outcomes.add(final.status);
      if (final.status === 'APPROVED') {
        expect(
          got.filter((t) => t === refused),
          `round ${round}: told "refused" while APPROVED`,
        ).toEqual([]);
        expect(got.filter((t) => t.startsWith(given))).toHaveLength(1);
        expect(tokens).toBe(1);
      } else {
        expect(final.status).toBe('DECLINED');
        expect(
          got.filter((t) => t.startsWith(given)),
          `round ${round}: told "given" while DECLINED`,
        ).toEqual([]);
        expect(got.filter((t) => t === refused)).toHaveLength(1);
        expect(tokens).toBe(0);
      }
    }
    // Both orders happened, so both branches above were checked.
    expect([...outcomes].sort()).toEqual(['APPROVED', 'DECLINED']);
  });
});

describe('a 1414 confirmation and refusal of the same call at the same time (R7.1, T-KDP-13)', () => {
  it('R7.1 T-KDP-13 one decision is recorded and the refusal SMS goes out only when the refusal won', async () => {
    // Two decisions for one call reach the state service only through a port that delivers twice
    // (two operators' consoles on a shared queue, a retried delivery): a fake port plays that.
    let deliver: ((d: CallCenterDecision) => Promise<void>) | undefined;
    const port: CallCenterPort = {
      enqueue: async () => {},
      onDecision: (listener) => {
        deliver = listener;
        return () => {};
      },
    };
    const state = new KdpState({
      runtime: kit.runtime,
      registry: kit.registry,
      subjects: subjectDirectory(kit.fixtures.subjects),
      sms: kit.sms,
      codes: kit.codes,
      callCenter: port,
      profile: kit.state.profile,
    });
    const stop = state.start();
    try {
      const org = kit.org('bank');
      const subject = kit.subject(2);
      const { given, refused } = texts(org);
      const outcomes = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        const ctx = kit.ctx(org, 'KDP_SERVICE');
        const pending = await state.submit(
          {
            uin: subject.iin,
            company: org.name,
            companyBin: org.bin,
            companyResponsible: 'Отдел кредитования',
            employeeName: 'Иванов И.И.',
            accessName: 'GBDFLUniversal_token',
            personalDataName: 'Сведения о физическом лице',
            expiresIn: 600,
            omitSms: false,
            way: 'callcenter-1414',
          },
          ctx,
        );
        const seen = await knownIds(subject);
        const head = round % 6;
        const [a, b] = round % 2 === 0 ? (['confirmed', 'refused'] as const) : (['refused', 'confirmed'] as const);
        await Promise.all([
          deliver!({ requestId: pending.requestId, decision: a }),
          turns(head).then(() => deliver!({ requestId: pending.requestId, decision: b })),
        ]);

        const final = (await state.requests.get(pending.requestId))!;
        const got = await newTexts(subject, seen);
        outcomes.add(final.status);
        if (final.status === 'APPROVED') {
          expect(
            got.filter((t) => t === refused),
            `round ${round}: told "refused" while APPROVED`,
          ).toEqual([]);
          expect(got.filter((t) => t.startsWith(given))).toHaveLength(1);
        } else {
          expect(final.status).toBe('DECLINED');
          expect(
            got.filter((t) => t.startsWith(given)),
            `round ${round}: told "given" while DECLINED`,
          ).toEqual([]);
          expect(got.filter((t) => t === refused)).toHaveLength(1);
        }
      }
      expect([...outcomes].sort()).toEqual(['APPROVED', 'DECLINED']);
    } finally {
      stop();
    }
  });
});
