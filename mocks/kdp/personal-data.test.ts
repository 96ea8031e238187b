import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../fixtures/types.ts';
import { childrenNamed, childText } from '../../protocol/xml/element.ts';
import { parseXml } from '../../protocol/xml/parse.ts';
import { organisationFor } from '../../fixtures/index.ts';
import { createKdpKit, testFixtures, type KdpKit } from './testing.ts';

const DAY = 86_400_000;

let kit: KdpKit;
let reader: Organisation;

beforeEach(async () => {
  reader = organisationFor(await testFixtures(), 'proactive-state-body')!;
  // The portal that shows subjects their history may read all of it.
  kit = await createKdpKit({ registry: { historyReaders: [reader.bin] } });
});
afterEach(async () => {
  await kit.close();
});

async function history(org: Organisation, uin: string, range: { start?: string; end?: string } = {}) {
  const xml = `<uin>${uin}</uin>${range.start ? `<start_date>${range.start}</start_date>` : ''}${range.end ? `<end_date>${range.end}</end_date>` : ''}`;
  const r = await kit.call('KDP_PERSONALDATA', xml, kit.ctx(org, 'KDP_PERSONALDATA'));
  const data = parseXml(`<data>${r.dataXml}</data>`);
  return {
    uin: childText(data, 'uin'),
    records: childrenNamed(data, 'r_pdata').map((el) => Object.fromEntries(el.children.map((c) => [c.name, c.text]))),
  };
}

/** 2026-03-02 10:00 Astana, the kit's clock. */
describe("KDP_PERSONALDATA, the subject's access history (T-KDP-10, R7.4)", () => {
  it('T-KDP-10 R7.4 who, when, what, which way and which ground, oldest first', async () => {
    const subject = kit.subject(5);
    const company = kit.org('sms-only-company');
    const first = await kit.consent(company, subject);
    await kit.sms.reply(subject.phone, await kit.lastCode(subject));
    const done = await kit.consent(company, subject, { requestId: first.requestId! });
    await kit.data('GBDFLUniversal_token', company, subject.iin, { code: done.code! });
    kit.runtime.clock.advance(DAY);
    const body = kit.org('notifying-state-body');
    await kit.consent(body, subject, {
      consentWay: 'notification',
      article9Ground: 'art9-1',
      employee_name: 'Следователь Б.',
    });

    const all = await history(reader, subject.iin);
    expect(all.uin).toBe(subject.iin);
    expect(all.records.map((r) => [r.event, r.company_bin, r.way])).toEqual([
      ['CONSENT_GIVEN', company.bin, 'sms'],
      ['DATA_RELEASED', company.bin, 'sms'],
      ['NOTIFIED', body.bin, 'notification'],
    ]);
    expect(all.records[2]).toMatchObject({
      company: body.name,
      employee_name: 'Следователь Б.',
      access_name: 'GBDFLUniversal_token',
      personal_data_name: 'Сведения о физическом лице',
      ground: 'art9-1',
    });
    expect(all.records[0]!.date).toBe('2026-03-02T09:00:00.000+05:00');
    expect(all.records[0]!.token_ref).toMatch(/^[0-9A-F]{8}$/);

    // Kazakhstan (UTC+5) days, inclusive.
    expect((await history(reader, subject.iin, { start: '2026-03-03' })).records.map((r) => r.event)).toEqual([
      'NOTIFIED',
    ]);
    expect((await history(reader, subject.iin, { end: '2026-03-02' })).records).toHaveLength(2);
    expect(
      (
        await history(reader, subject.iin, {
          start: '2026-03-02T10:00:00.000+06:00',
          end: '2026-03-02T10:00:00.000+06:00',
        })
      ).records,
    ).toHaveLength(2);

    // Any other organisation sees only its own dealings with the subject.
    expect((await history(company, subject.iin)).records.map((r) => r.company_bin)).toEqual([company.bin, company.bin]);
    expect((await history(kit.org('bank'), subject.iin)).records).toEqual([]);
  });

  it('T-KDP-10 refusals: bad dates, reversed range, bad IIN', async () => {
    const iin = kit.subject(0).iin;
    await expect(history(reader, iin, { start: '2026-02-30' })).rejects.toMatchObject({ errorCode: 'KDP-500' });
    await expect(history(reader, iin, { start: 'yesterday' })).rejects.toMatchObject({ errorCode: 'KDP-500' });
    await expect(history(reader, iin, { start: '2026-03-03', end: '2026-03-01' })).rejects.toMatchObject({
      errorCode: 'KDP-500',
    });
    await expect(history(reader, '123')).rejects.toMatchObject({ errorCode: 'KDP-102' });
  });
});
