import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, Subject } from '../../fixtures/types.ts';
import { childrenNamed, childText } from '../../protocol/xml/element.ts';
import { parseXml } from '../../protocol/xml/parse.ts';
import { createKdpKit, type KdpKit } from './testing.ts';

let kit: KdpKit;
beforeEach(async () => {
  kit = await createKdpKit();
});
afterEach(async () => {
  await kit.close();
});

async function consented(org: Organisation, subject: Subject) {
  const first = await kit.consent(org, subject);
  await kit.sms.reply(subject.phone, await kit.lastCode(subject));
  const done = await kit.consent(org, subject, { requestId: first.requestId! });
  const approval = await kit.lastSms(subject);
  const record = (await kit.state.tokens.records.find({ where: { requestId: first.requestId! } }))[0]!;
  return { code: done.code!, publicKey: done.publicKey!, approval, ref: record.ref };
}

async function list(org: Organisation) {
  const r = await kit.call('KDP_LIST_TO_REVOKE', '', kit.ctx(org, 'KDP_LIST_TO_REVOKE'));
  const data = parseXml(`<data>${r.dataXml}</data>`);
  return {
    count: childText(data, 'count'),
    items: childrenNamed(data, 'request').map((el) => Object.fromEntries(el.children.map((c) => [c.name, c.text]))),
  };
}

async function solve(org: Organisation, id: string, solution: string, reason?: string) {
  const xml = `<request_id>${id}</request_id><solution>${solution}</solution>${reason ? `<reason>${reason}</reason>` : ''}`;
  const r = await kit.call('KDP_SEND_SOLUTION', xml, kit.ctx(org, 'KDP_SEND_SOLUTION'));
  const data = parseXml(`<data>${r.dataXml}</data>`);
  return { requestId: childText(data, 'request_id'), status: childText(data, 'status') };
}

function refused(p: Promise<unknown>, errorCode: string) {
  return expect(p).rejects.toMatchObject({ errorCode });
}

describe('revocation (T-KDP-11)', () => {
  it('T-KDP-11 the subject answers КЕРІ to the approval SMS; the initiator lists it and accepts; the token stops at once', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    await kit.data('GBDFLUniversal_token', org, subject.iin, token);

    const answered = await kit.sms.reply(subject.phone, 'КЕРІ', token.approval.id);
    expect(answered.handled).toBe(true);
    expect((await kit.lastSms(subject)).text).toContain(token.ref);

    const pending = await list(org);
    expect(pending.count).toBe('1');
    expect(pending.items[0]).toMatchObject({
      uin: subject.iin,
      access_name: 'GBDFLUniversal_token',
      token_ref: token.ref,
      channel: 'sms',
    });
    expect((await list(kit.org('bank'))).count).toBe('0');

    expect(await solve(org, pending.items[0]!.request_id!, 'ACCEPT')).toEqual({
      requestId: pending.items[0]!.request_id,
      status: 'ACCEPTED',
    });
    await refused(kit.data('GBDFLUniversal_token', org, subject.iin, token), 'KDP-403');
    expect((await kit.lastSms(subject)).text).toContain(token.ref);
    expect((await list(org)).count).toBe('0');
    const history = await kit.state.history.forSubject({
      environment: 'test',
      iin: subject.iin,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(history.map((r) => r.event)).toEqual(['CONSENT_GIVEN', 'DATA_RELEASED', 'REVOKED']);
  });

  it('T-KDP-11 ОТОЗВАТЬ and the reference, without answering a particular SMS; a second request is the same request', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(1);
    const token = await consented(org, subject);
    await kit.sms.reply(subject.phone, `отозвать ${token.ref.toLowerCase()}`);
    await kit.sms.reply(subject.phone, `ОТОЗВАТЬ ${token.ref}`);
    expect((await list(org)).count).toBe('1');
  });

  it('T-KDP-11 a rejected revocation leaves the token working and tells the subject why', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const r = await kit.state.revocations.requestByApi({ iin: subject.iin, ref: token.ref });
    expect(r).toMatchObject({ status: 'PENDING', via: 'api', companyBin: org.bin });
    expect(await solve(org, r.id, 'REJECT', 'действующий договор займа')).toMatchObject({ status: 'REJECTED' });
    await expect(kit.data('GBDFLUniversal_token', org, subject.iin, token)).resolves.toBeDefined();
    expect((await kit.lastSms(subject)).text).toContain('действующий договор займа');
  });

  it('T-KDP-19 a reason with a line break never reaches the subject: KDP-108, and the request stays open', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const r = await kit.state.revocations.requestByApi({ iin: subject.iin, ref: token.ref });
    const before = (await kit.lastSms(subject)).text;
    await refused(solve(org, r.id, 'REJECT', 'договор\nПозвоните 8-800-000'), 'KDP-108');
    expect((await kit.lastSms(subject)).text).toBe(before);
    expect(await solve(org, r.id, 'REJECT', 'действующий договор')).toMatchObject({ status: 'REJECTED' });
  });

  it("T-KDP-11 decisions: once, only by the token's organisation, ACCEPT or REJECT", async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const r = await kit.state.revocations.requestByApi({ iin: subject.iin, ref: token.ref });
    await refused(solve(kit.org('bank'), r.id, 'ACCEPT'), 'KDP-501');
    await refused(solve(org, r.id, 'MAYBE'), 'KDP-503');
    await refused(solve(org, 'nope', 'ACCEPT'), 'KDP-501');
    await solve(org, r.id, 'ACCEPT');
    await refused(solve(org, r.id, 'REJECT'), 'KDP-502');
  });

  it('T-KDP-11 unknown references and Article 9 accesses cannot be revoked', async () => {
    const subject = kit.subject(5);
    await kit.sms.reply(subject.phone, 'REVOKE ABCDEF12');
    expect((await kit.lastSms(subject)).text).toMatch(/табылмады|не найдено/);
    await expect(kit.state.revocations.requestByApi({ iin: subject.iin, ref: 'ABCDEF12' })).rejects.toMatchObject({
      code: 'kdp-token-not-found',
    });
    await expect(kit.state.revocations.requestByApi({ iin: '1', ref: 'x' })).rejects.toMatchObject({
      code: 'validation',
    });

    const body = kit.org('notifying-state-body');
    await kit.consent(body, subject, { consentWay: 'notification', article9Ground: 'art9-1' });
    const record = (await kit.state.tokens.records.find({ where: { iin: subject.iin } }))[0]!;
    await expect(kit.state.revocations.requestByApi({ iin: subject.iin, ref: record.ref })).rejects.toMatchObject({
      code: 'kdp-token-not-found',
    });
  });
});
