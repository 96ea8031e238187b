import { describe, expect, it } from 'vitest';
import { createMasker, learnNames } from './mask.ts';
import { fakeJwt, ORG_BIN, subjects } from './test-support.ts';

const [p] = subjects(7, 1);
const person = p!;
const IIN = person.iin;
const PHONE = person.phone; // +77XXXXXXXXX
const local = PHONE.slice(2); // 7XXXXXXXXX
const fullwidth = (s: string) =>
  [...s].map((c) => (/\d/.test(c) ? String.fromCodePoint(0xff10 + Number(c)) : c)).join('');
const spaced = (s: string, sep: string, groups: number[]) => {
  const out: string[] = [];
  let i = 0;
  for (const g of groups) out.push(s.slice(i, (i += g)));
  return out.join(sep);
};

describe('masking personal data in evidence', () => {
  const m = createMasker({ keep: [ORG_BIN] });

  it.each([
    ['plain', IIN],
    ['in an XML element', `<uin>${IIN}</uin>`],
    ['in CDATA', `<uin><![CDATA[${IIN}]]></uin>`],
    ['in JSON', `{"iin":"${IIN}"}`],
    ['in a query string', `/persons?iin=${IIN}&x=1`],
    ['spaced', spaced(IIN, ' ', [6, 3, 3])],
    ['dashed', spaced(IIN, '-', [4, 4, 4])],
    ['dotted and bracketed', `(${spaced(IIN, '.', [6, 6])})`],
    ['with zero-width spaces', [...IIN].join('\u200B')],
    ['with soft hyphens and NBSP', spaced(IIN, '\u00AD\u00A0', [6, 6])],
    ['in full-width digits', fullwidth(IIN)],
    [
      'as XML character references',
      IIN.replace(/^(\d)(\d)/, (_, a: string, b: string) => `&#${a.charCodeAt(0)};&#x${b.charCodeAt(0).toString(16)};`),
    ],
    ['as JSON \\u escapes', IIN.replace(/^(\d)/, (_, a: string) => `\\u00${a.charCodeAt(0).toString(16)}`)],
    ['next to letters', `IIN${IIN}kz`],
  ])('hides an IIN %s', (_, text) => {
    const out = m.text(`subject: ${text}`);
    expect(out).toContain('[iin]');
    expect(out.replace(/\D/g, '')).not.toContain(IIN.slice(0, 6));
  });

  it('keeps the organisation BIN readable but not a 13-digit number cut to an IIN', () => {
    expect(m.text(`<company_bin>${ORG_BIN}</company_bin>`)).toContain(ORG_BIN);
    expect(m.text('ref 1234567890123 end')).toBe('ref 1234567890123 end');
  });

  it.each([
    ['canonical', PHONE],
    ['national with 8', `8${local}`],
    ['without plus', `7${local}`],
    ['spaced', `+7 ${spaced(local, ' ', [3, 3, 2, 2])}`],
    ['bracketed and dashed', `+7 (${local.slice(0, 3)}) ${local.slice(3, 6)}-${local.slice(6, 8)}-${local.slice(8)}`],
    ['url-encoded plus', `phone=%2B7${local}`],
    ['in full-width digits', fullwidth(PHONE)],
    ['with a plus reference', `&#43;7${local}`],
    ['in JSON', `{"msisdn":"${PHONE}"}`],
  ])('hides a phone number %s', (_, text) => {
    const out = m.text(`call ${text} now`);
    expect(out).toContain('[phone]');
    expect(out.replace(/\D/g, '')).not.toContain(local.slice(3));
  });

  it('hides JWTs, bearer and basic credentials, passwords, PEM keys and token codes, with a fingerprint where safe', () => {
    const jwt = fakeJwt({ sub: IIN }, 'x');
    const text = [
      `<ovt>${jwt}</ovt>`,
      `Authorization: Bearer ${jwt}`,
      'authorization: Basic dXNlcjpwYXNzd29yZA==',
      '<password>S3cr3t-pa55</password>',
      '<sender><senderId>bank</senderId><password><![CDATA[p<a>ss]]></password></sender>',
      '{"password":"hunter2","apiKey":"k-123456789"}',
      'token=abcdef123456&next=1',
      '<code>c0d3-8f1e2a9b7d6c5e4f3a2b1c0d9e8f7a6b</code>',
      '<status><code>SCSS001</code></status>',
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----',
      `free text with a bare token ${jwt} inside`,
    ].join('\n');
    const out = m.text(text);
    expect(out).not.toContain(jwt.split('.')[1]);
    expect(out).not.toMatch(/S3cr3t|hunter2|k-123456789|abcdef123456|dXNlcjpwYXNzd29yZA|8f1e2a9b|MIIBIjANBg|p<a>ss/);
    expect(out).toContain('SCSS001');
    expect(out).toMatch(/<code>\[secret [0-9a-f]{8}\]<\/code>/);
    expect(out).toContain('<password>[secret]</password>');
    expect(out).toMatch(/\[jwt [0-9a-f]{8}\]/);
    expect(out).toContain('<senderId>bank</senderId>');
  });

  it('hides names from name fields and, once learned, wherever else they appear in any case', () => {
    const xml = `<employee_name>${person.lastName} ${person.firstName}</employee_name><person lastName="${person.lastName}" firstName='${person.firstName}'/><middleName>${person.middleName}</middleName>`;
    const json = { fullName: `${person.lastName} ${person.firstName}`, nested: [{ firstName: person.firstName }] };
    const names = learnNames([xml, json]);
    const mm = createMasker({ names });
    const sms = `Құрметті ${person.firstName.toUpperCase()}! ${person.lastName}, код 4821`;
    for (const out of [mm.text(xml), mm.text(sms), JSON.stringify(mm.value(json))]) {
      expect(out).toContain('[name]');
      for (const n of [person.lastName, person.firstName, person.middleName])
        expect(out.toLowerCase()).not.toContain(n.toLowerCase());
    }
  });

  it('masks JSON values structurally: secret, name and personal keys, numeric IINs', () => {
    const out = m.value({
      iin: Number(IIN),
      token: 'opaque-token-value',
      employeeName: 'Иванов',
      birthDate: person.birthDate,
      code: 'SCSS001',
      deep: { list: [`${PHONE}`] },
    });
    expect(out).toEqual({
      iin: '[iin]',
      token: '[secret]',
      employeeName: '[name]',
      birthDate: '[personal]',
      code: 'SCSS001',
      deep: { list: ['[phone]'] },
    });
  });

  it('keeps a messageId UUID whose last group is all digits, but not one that hides an IIN', () => {
    expect(m.text('<messageId>7d0e4c1a-0000-4000-8000-000000000002</messageId>')).toContain('8000-000000000002');
    expect(m.text(`<messageId>7d0e4c1a-0000-4000-8000-${IIN}</messageId>`)).toContain('8000-[iin]');
  });

  it('leaves ordinary evidence alone: dates, GUIDs, service ids, status codes', () => {
    const text =
      '<messageDate>2026-04-01T09:00:05.000+05:00</messageDate><sessionId>{6F9619FF-8B86-D011-B42D-00CF4FC964FF}</sessionId><serviceId>KDP_SERVICE</serviceId>';
    expect(m.text(text)).toBe(text);
  });
});

describe('digits of other scripts', () => {
  it('reads Arabic-Indic and mathematical double-struck digits as the IIN they spell', () => {
    const iin = subjects(7, 1)[0]!.iin;
    const arabic = [...iin].map((c) => String.fromCodePoint(0x0660 + Number(c))).join('');
    const doubleStruck = [...iin].map((c) => String.fromCodePoint(0x1d7d8 + Number(c))).join('');
    const m = createMasker({ keep: [iin] });
    // Kept as the known number it is: proves the digits were read, not just hidden.
    expect(m.text(arabic)).toBe(iin);
    expect(m.text(doubleStruck)).toBe(iin);
    expect(createMasker().text(doubleStruck)).toBe('[iin]');
  });
});
