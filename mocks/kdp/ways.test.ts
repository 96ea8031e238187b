import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBin } from '../../protocol/identifiers/bin.ts';
import { makeIin } from '../../protocol/identifiers/iin.ts';
import { signOvt } from '../../protocol/kdp/index.ts';
import { renderSms } from '../sms/texts.ts';
import { forEnvironment } from './profile.ts';
import { groundText } from './texts.ts';
import { KDP_SERVICE_IDS } from './queries.ts';
import { createKdpKit, type KdpKit } from './testing.ts';

const MIN = 60_000;

let kit: KdpKit;
beforeEach(async () => {
  kit = await createKdpKit();
});
afterEach(async () => {
  await kit.close();
});

function rejectsWith(p: Promise<unknown>, errorCode: string) {
  return expect(p).rejects.toMatchObject({ errorCode });
}

async function ovtFor(
  k: KdpKit,
  role: 'bank' | 'own-means-company',
  iin: string,
  claims: Record<string, unknown> = {},
) {
  const org = k.org(role);
  return signOvt(
    { privateJwk: org.keys.rsa.privateJwk, kid: org.keys.rsa.kid, alg: 'RS256' },
    {
      cbin: org.bin,
      uin: iin,
      accessName: 'GBDFLUniversal_token',
      audience: forEnvironment(k.state.profile.ovt.audience, 'test'),
      nowSec: Math.floor(k.runtime.clock.nowMs() / 1000),
      jti: k.runtime.random.uuid(),
    },
    claims,
  );
}

describe('way 5, SMS through Mobile government (R7.5, T-KDP-12)', () => {
  it('R7.5 is the default way: the SMS names requester and data and carries a code; answering it approves and the repeated request gets the token', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    expect(first).toMatchObject({ status: 'PENDING' });
    expect(first.code).toBeUndefined();
    const sms = await kit.lastSms(subject);
    expect(sms.text).toContain(org.name);
    expect(sms.text).toContain(org.bin);
    expect(sms.text).toContain('Сведения о физическом лице');
    expect(sms.text).toContain('GBDFLUniversal_token');
    expect(sms.ref).toMatchObject({ requestId: first.requestId });

    const code = await kit.lastCode(subject);
    await kit.sms.reply(subject.phone, code);
    const repeated = await kit.consent(org, subject, {}, { correlationId: first.requestId! });
    expect(repeated.status).toBe('APPROVED');
    expect(repeated.code).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(repeated.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(repeated.requestId).toBe(first.requestId);
    // The subject is told of the consent and of how to revoke it (T-KDP-11).
    expect((await kit.lastSms(subject)).text).toMatch(/КЕРІ [0-9A-F]{8}/);
  });

  it('R7.5 T-KDP-3 the outcome is also asked for with a <requestId> element', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(1);
    const first = await kit.consent(org, subject);
    await kit.sms.reply(subject.phone, `ДА ${await kit.lastCode(subject)}`);
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'APPROVED' });
  });

  it('R7.5 T-KDP-16 a wrong code is answered with the attempts left; at the limit the request is LOCKED and even the right code fails', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    const code = await kit.lastCode(subject);
    const wrong = code === '000000' ? '111111' : '000000';
    const r1 = await kit.sms.reply(subject.phone, wrong);
    expect(r1.handled).toBe(true);
    expect((await kit.lastSms(subject)).text).toBe(renderSms('code-wrong', 'kk', { attemptsLeft: '2' }));
    await kit.sms.reply(subject.phone, wrong);
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'PENDING' });
    await kit.sms.reply(subject.phone, wrong);
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'LOCKED' });
    await kit.sms.reply(subject.phone, code);
    const after = await kit.consent(org, subject, { requestId: first.requestId! });
    expect(after.status).toBe('LOCKED');
    expect(after.code).toBeUndefined();
  });

  it('R7.5 an unanswered request expires with its code; a late answer approves nothing', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    const code = await kit.lastCode(subject);
    kit.runtime.clock.advance(5 * MIN);
    await kit.sms.reply(subject.phone, code);
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'EXPIRED' });
    expect(await kit.state.tokens.records.count()).toBe(0);
  });

  it('R7.5 a code is single use: answering it twice issues one token', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    await kit.consent(org, subject);
    const code = await kit.lastCode(subject);
    await kit.sms.reply(subject.phone, code);
    const again = await kit.sms.reply(subject.phone, code);
    expect(again.handled).toBe(false);
    expect(await kit.state.tokens.records.count()).toBe(1);
  });

  it('R7.5 НЕТ declines', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    await kit.sms.reply(subject.phone, 'Жоқ');
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'DECLINED' });
  });

  it("R7.5 an answer to another service's SMS is left to that service", async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    const code = await kit.lastCode(subject);
    const other = await kit.sms.send({
      to: subject.phone,
      text: 'Another service',
      lang: 'ru',
      ref: { service: 'OTHER' },
    });
    expect((await kit.sms.reply(subject.phone, code, other.id)).handled).toBe(false);
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'PENDING' });
  });

  it('R7.5 with two requests waiting, the answer to a particular SMS goes to its request', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const a = await kit.consent(org, subject);
    const smsA = await kit.lastSms(subject);
    const codeA = await kit.lastCode(subject);
    const b = await kit.consent(org, subject, { access_name: 'MCDB_SERVICE' });
    await kit.sms.reply(subject.phone, 'НЕТ');
    expect(await kit.consent(org, subject, { requestId: b.requestId!, access_name: 'MCDB_SERVICE' })).toMatchObject({
      status: 'PENDING',
    });
    await kit.sms.reply(subject.phone, codeA, smsA.id);
    expect(await kit.consent(org, subject, { requestId: a.requestId! })).toMatchObject({ status: 'APPROVED' });
    expect(await kit.consent(org, subject, { requestId: b.requestId!, access_name: 'MCDB_SERVICE' })).toMatchObject({
      status: 'PENDING',
    });
  });
});

describe('way 1, the 1414 contact center (R7.1, T-KDP-13)', () => {
  it('R7.1 the request waits in the queue with requester and data; the operator confirms and a token is issued', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(2);
    const first = await kit.consent(org, subject, {}, { properties: { consentWay: 'callcenter-1414' } });
    expect(first.status).toBe('PENDING');
    const { items } = await kit.callCenter.list();
    expect(items).toEqual([
      expect.objectContaining({
        subjectIin: subject.iin,
        phone: subject.phone,
        requester: { name: org.name, bin: org.bin },
        ref: expect.objectContaining({ requestId: first.requestId, accessName: 'GBDFLUniversal_token' }),
      }),
    ]);
    expect(items[0]!.data).toContain('Сведения о физическом лице');
    await kit.decide1414(first.requestId!, 'confirmed');
    const done = await kit.consent(org, subject, {}, { correlationId: first.requestId! });
    expect(done.status).toBe('APPROVED');
    expect(done.code).toBeDefined();
  });

  it('R7.1 T-KDP-16 the operator refuses: DECLINED, and the subject is told', async () => {
    const org = kit.org('bank');
    const subject = kit.subject(2);
    const first = await kit.consent(org, subject, { consentWay: 'callcenter-1414' });
    await kit.decide1414(first.requestId!, 'refused');
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'DECLINED' });
    expect((await kit.lastSms(subject)).text).toContain(org.name);
  });

  it('R7.1 an undecided request expires after 24 hours and no confirmation is taken after', async () => {
    const org = kit.org('bank');
    const subject = kit.subject(2);
    const first = await kit.consent(org, subject, { consentWay: 'callcenter-1414' });
    kit.runtime.clock.advance(24 * 60 * MIN);
    await expect(kit.decide1414(first.requestId!, 'confirmed')).rejects.toMatchObject({ code: 'callcenter-expired' });
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'EXPIRED' });
  });
});

describe('way 2, own means (R7.2, R10.2)', () => {
  it('R7.2 a bank with a valid ovt gets the token at once; omit-sms=true selects the way', async () => {
    const org = kit.org('bank');
    const subject = kit.subject(3);
    const r = await kit.consent(org, subject, { 'omit-sms': true, ovt: await ovtFor(kit, 'bank', subject.iin) });
    expect(r.status).toBe('APPROVED');
    expect(r.code).toBeDefined();
    const history = await kit.state.history.forSubject({
      environment: 'test',
      iin: subject.iin,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(history).toEqual([
      expect.objectContaining({ event: 'CONSENT_GIVEN', way: 'own-means', mcheck: 'Bio', companyBin: org.bin }),
    ]);
  });

  it('R7.2 a company with an agreement and a SOC connection may use it too', async () => {
    const subject = kit.subject(3);
    const r = await kit.consent(kit.org('own-means-company'), subject, {
      consentWay: 'own-means',
      ovt: await ovtFor(kit, 'own-means-company', subject.iin),
    });
    expect(r.status).toBe('APPROVED');
  });

  it('R7.2 R7.0 refused to an organisation not eligible (no agreement, or agreement without SOC)', async () => {
    const subject = kit.subject(3);
    await rejectsWith(kit.consent(kit.org('sms-only-company'), subject, { 'omit-sms': true, ovt: 'x.y.z' }), 'KDP-113');
    await rejectsWith(
      kit.consent(kit.org('agreement-without-soc-company'), subject, { consentWay: 'own-means', ovt: 'x.y.z' }),
      'KDP-113',
    );
  });

  it('R7.2 without ovt the way is refused', async () => {
    await rejectsWith(kit.consent(kit.org('bank'), kit.subject(3), { 'omit-sms': true }), 'KDP-200');
  });
});

describe('way 3, proactive service (R7.3, T-KDP-14)', () => {
  it('R7.3 the subject gets an offer and accepts with ИӘ', async () => {
    const org = kit.org('proactive-state-body');
    const subject = kit.subject(4);
    const first = await kit.consent(org, subject, { consentWay: 'proactive' });
    expect(first.status).toBe('PENDING');
    const offer = await kit.lastSms(subject);
    expect(offer.text).toContain(org.name);
    expect(offer.text).toMatch(/ИӘ|ДА/);
    await kit.sms.reply(subject.phone, 'Иә');
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'APPROVED' });
  });

  it('R7.3 the subject declines with НЕТ', async () => {
    const org = kit.org('proactive-state-body');
    const subject = kit.subject(4);
    const first = await kit.consent(org, subject, { consentWay: 'proactive' });
    await kit.sms.reply(subject.phone, 'нет');
    expect(await kit.consent(org, subject, { requestId: first.requestId! })).toMatchObject({ status: 'DECLINED' });
  });

  it('R7.3 R7.0 refused to an organisation that provides no proactive services', async () => {
    await rejectsWith(kit.consent(kit.org('bank'), kit.subject(4), { consentWay: 'proactive' }), 'KDP-113');
  });
});

describe('way 4, notification (R7.4, T-KDP-15)', () => {
  it('R7.4 on a granted Article 9 ground: no consent asked, the subject notified, the access recorded', async () => {
    const org = kit.org('notifying-state-body');
    const subject = kit.subject(5);
    const r = await kit.consent(
      org,
      subject,
      {},
      { properties: { consentWay: 'notification', article9Ground: 'art9-1' } },
    );
    expect(r.status).toBe('APPROVED');
    expect(r.code).toBeDefined();
    const sms = await kit.lastSms(subject);
    expect(sms.text).toContain(org.name);
    expect(sms.text).toBe(
      renderSms('access-notification', 'kk', {
        requester: `${org.name} (${org.bin})`,
        data: 'Сведения о физическом лице (GBDFLUniversal_token)',
        ground: groundText('art9-1', 'kk'),
      }),
    );
    // The ground as the law numbers it: subparagraph 1) of Article 9.
    expect(sms.text).toContain('9-бабы 1) тармақшасы');
    const history = await kit.state.history.forSubject({
      environment: 'test',
      iin: subject.iin,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(history).toEqual([expect.objectContaining({ event: 'NOTIFIED', way: 'notification', ground: 'art9-1' })]);
  });

  it('R7.4 refused without a ground, with an unknown ground, a ground not granted, or by an organisation without grounds', async () => {
    const org = kit.org('notifying-state-body');
    const subject = kit.subject(5);
    await rejectsWith(kit.consent(org, subject, { consentWay: 'notification' }), 'KDP-115');
    await rejectsWith(kit.consent(org, subject, { consentWay: 'notification', article9Ground: 'art9-7' }), 'KDP-115');
    await rejectsWith(kit.consent(org, subject, { consentWay: 'notification', article9Ground: 'art9-2' }), 'KDP-116');
    await rejectsWith(
      kit.consent(kit.org('bank'), subject, { consentWay: 'notification', article9Ground: 'art9-1' }),
      'KDP-113',
    );
    // A ground goes with the notification way only.
    await rejectsWith(kit.consent(org, subject, { article9Ground: 'art9-1' }), 'KDP-114');
  });
});

describe('the request (T-KDP-1, T-KDP-2, R7.0)', () => {
  it('T-KDP-2 an unknown way, contradictory ways and omit-sms with another way are refused', async () => {
    const org = kit.org('bank');
    const subject = kit.subject(0);
    await rejectsWith(kit.consent(org, subject, { consentWay: 'carrier-pigeon' }), 'KDP-112');
    await rejectsWith(
      kit.consent(org, subject, { consentWay: 'sms' }, { properties: { consentWay: 'proactive' } }),
      'KDP-114',
    );
    await rejectsWith(kit.consent(org, subject, { consentWay: 'sms', 'omit-sms': true }), 'KDP-114');
  });

  it('T-KDP-1 every field is checked', async () => {
    const org = kit.org('bank');
    const subject = kit.subject(0);
    const badIin = subject.iin.slice(0, 11) + String((Number(subject.iin[11]) + 1) % 10);
    await rejectsWith(kit.consent(org, subject, { uin: badIin }), 'KDP-102');
    await rejectsWith(kit.consent(org, subject, { company_bin: '123456789012' }), 'KDP-103');
    await rejectsWith(kit.consent(org, subject, { company_bin: kit.org('sms-only-company').bin }), 'KDP-104');
    await rejectsWith(kit.consent(org, subject, { access_name: 'GBDUL_SERVICE_NOT_APPROVED' }), 'KDP-111');
    await rejectsWith(kit.consent(org, subject, { expiresIn: 'soon' }), 'KDP-105');
    await rejectsWith(kit.consent(org, subject, { expiresIn: 10 }), 'KDP-105');
    await rejectsWith(kit.consent(org, subject, { expiresIn: 157_680_001 }), 'KDP-105');
    await rejectsWith(kit.consent(org, subject, { 'omit-sms': 'maybe' as unknown as boolean }), 'KDP-106');
    await rejectsWith(kit.consent(org, subject, { employee_name: '' }), 'KDP-101');
    await rejectsWith(kit.consent(org, subject, { personal_data_name: 'x'.repeat(256) }), 'KDP-101');
    const stranger = makeIin({ birthDate: '1990-01-01', sex: 'male', serial: 4242 });
    await rejectsWith(kit.consent(org, { ...subject, iin: stranger }), 'KDP-107');
  });

  it('T-KDP-1 R7.0 an organisation without an integration is refused', async () => {
    const bin = makeBin({ yearMonth: '2001-01', type: 'resident', subtype: 'head', serial: 12345 });
    const org = { ...kit.org('bank'), bin };
    await rejectsWith(kit.consent(org, kit.subject(0), {}, { senderBin: bin }), 'KDP-110');
  });

  it('T-KDP-1 data of another type is refused', async () => {
    const org = kit.org('bank');
    await rejectsWith(
      kit.call(KDP_SERVICE_IDS.consent, '<uin>1</uin>', kit.ctx(org, 'KDP_SERVICE'), 'somethingElse'),
      'KDP-100',
    );
    await rejectsWith(kit.call(KDP_SERVICE_IDS.consent, undefined, kit.ctx(org, 'KDP_SERVICE')), 'KDP-100');
  });

  it('T-KDP-3 another organisation cannot read a request; a repetition for another subject is refused', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    await rejectsWith(kit.consent(kit.org('bank'), subject, { requestId: first.requestId! }), 'KDP-300');
    await rejectsWith(kit.consent(org, kit.subject(1), { requestId: first.requestId! }), 'KDP-301');
    await rejectsWith(kit.consent(org, subject, { requestId: 'no-such-request' }), 'KDP-300');
    // A correlationId naming nothing of this sender's is a new request, not an error.
    expect(await kit.consent(org, subject, {}, { correlationId: 'their-own-business-id' })).toMatchObject({
      status: 'PENDING',
    });
  });

  it('T-KDP-7 every consent step is journalled (channel kdp)', async () => {
    const org = kit.org('bank');
    const subject = kit.subject(3);
    await kit.consent(org, subject, { 'omit-sms': true, ovt: await ovtFor(kit, 'bank', subject.iin) });
    const outcomes = (await kit.runtime.journal.query({ channel: 'kdp' })).map((r) => r.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['consent-requested', 'consent-approved', 'token-issued']));
  });
});

describe('outcome mode "wait" (T-KDP-3)', () => {
  it('T-KDP-3 the first answer is held until the subject decides', async () => {
    await kit.close();
    kit = await createKdpKit({ profile: { outcome: { mode: 'wait', waitMs: 5_000 } } });
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const pending = kit.consent(org, subject);
    let code: string | undefined;
    for (let i = 0; i < 50 && code === undefined; i++) {
      await new Promise((r) => setTimeout(r, 10));
      code = await kit.lastCode(subject).catch(() => undefined);
    }
    await kit.sms.reply(subject.phone, code!);
    expect(await pending).toMatchObject({ status: 'APPROVED' });
  });

  it('T-KDP-3 after waitMs without a decision it answers PENDING', async () => {
    await kit.close();
    kit = await createKdpKit({ profile: { outcome: { mode: 'wait', waitMs: 30 } } });
    expect(await kit.consent(kit.org('sms-only-company'), kit.subject(0))).toMatchObject({ status: 'PENDING' });
  });
});

describe('the code alphabet of way 5 (R7.5: "numeric or alphanumeric")', () => {
  it('R7.5 with smsCode alphanumeric the SMS carries an alphanumeric code, and answering it approves', async () => {
    await kit.close();
    kit = await createKdpKit({ profile: { smsCode: { alphabet: 'alphanumeric', length: 8 } } });
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const first = await kit.consent(org, subject);
    const { text } = await kit.lastSms(subject);
    const code = /кодо?[мы]\S*\s+([A-Z0-9]{8})\b|\b([A-Z0-9]{8})\s+кодымен/u.exec(text);
    const issued = code?.[1] ?? code?.[2];
    expect(issued, text).toMatch(/^(?=.*\d)[A-HJKMNP-Z2-9]{8}$/);
    await kit.sms.reply(subject.phone, issued!);
    const repeated = await kit.consent(org, subject, {}, { correlationId: first.requestId! });
    expect(repeated.status).toBe('APPROVED');
  });
});
