import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskSecretElements, maskSecrets } from './journal-masking.ts';
import { createTestGateway, echoRequest, type TestGateway } from './testing.ts';

const SECRET = 'Sw0rdfish-7Q';

/**
 * The same password, spelled every way XML allows: each is what the parser reads as SECRET, so
 * the gateway authenticates with it, and none may reach the journal.
 */
const SPELLINGS: Record<string, string> = {
  plain: SECRET,
  cdata: `<![CDATA[${SECRET}]]>`,
  'comment splitting the text': 'Sw0rd<!-- x -->fish-7Q',
  'comment holding a fake end tag': 'Sw0rd<!-- </password> -->fish-7Q',
  'character references': '&#x53;w0rd&#102;ish&#45;7Q',
  'one hex character reference': 'Sw0rdfish&#x2d;7Q',
  'split text and CDATA mixed': 'Sw0<![CDATA[rdf]]>ish-<![CDATA[7Q]]>',
  'two CDATA sections': `<![CDATA[Sw0rd]]><![CDATA[fish-7Q]]>`,
  'two empty comments': 'S<!---->w0rd<!---->fish-7Q',
};

let t: TestGateway;
beforeEach(async () => {
  t = await createTestGateway();
  await t.credentials.register({ environment: 'test', senderId: 'spelled', password: SECRET });
});
afterEach(async () => {
  await t.close();
});

/** Fragments of the secret long enough to identify it (a comment-split spelling leaves halves). */
function leaks(text: string): string[] {
  return ['Sw0rd', 'fish-7Q', '&#x53;w0rd', 'rdf]]', SECRET].filter((f) => text.includes(f));
}

describe('T-SHEP-11 the journal masks the password whatever its XML spelling', () => {
  it.each(Object.entries(SPELLINGS))('%s', async (_name, spelled) => {
    const request = echoRequest({ sender: { senderId: 'spelled', password: 'PLACEHOLDER' } }).replace(
      '<password>PLACEHOLDER</password>',
      `<password>${spelled}</password>`,
    );
    // The gateway read the spelling as the registered password: the value is really there.
    expect((await t.gateway.handle('test', request)).outcome).toBe('SCSS001');
    const [rec] = await t.runtime.journal.query({ channel: 'shep' });
    expect(leaks(rec!.request)).toEqual([]);
    expect(rec!.request).toContain('<password>***</password>');
    expect(rec!.request).toContain('<senderId>spelled</senderId>');
  });

  it('a copy of the parsed password in another field is masked too', async () => {
    const request = echoRequest({ sender: { senderId: 'spelled', password: SECRET } }, `<note>${SECRET}</note>`);
    expect((await t.gateway.handle('test', request)).outcome).toBe('SCSS001');
    const [rec] = await t.runtime.journal.query({ channel: 'shep' });
    expect(leaks(rec!.request)).toEqual([]);
  });

  it('a refused message (wrong password, unparsable XML) is masked all the same', async () => {
    const wrong = echoRequest({ sender: { senderId: 'spelled', password: 'x' } }).replace(
      '<password>x</password>',
      '<password>Sw0rd<!-- -->fish-7Q-wrong</password>',
    );
    expect((await t.gateway.handle('test', wrong)).outcome).toBe('EAUT002');
    await t.gateway.handle('test', `<a><password>Sw0rd<!-- -->fish-7Q</password><b>`);
    for (const rec of await t.runtime.journal.query({ channel: 'shep' })) expect(leaks(rec.request)).toEqual([]);
  });
});

describe('maskSecretElements', () => {
  it('masks wsse:Password and prefixed passwords, keeps what surrounds them', () => {
    const xml =
      '<h><wsse:Password Type="t>x">pw1</wsse:Password></h><p:password xmlns:p="u">pw2</p:password><password/><k>v</k>';
    expect(maskSecretElements(xml)).toBe(
      '<h><wsse:Password Type="t>x">***</wsse:Password></h><p:password xmlns:p="u">***</p:password><password/><k>v</k>',
    );
  });

  it('leaves a password inside a comment or CDATA alone, and masks an unclosed one to the end', () => {
    expect(maskSecretElements('<!-- <password> --><a>1</a>')).toBe('<!-- <password> --><a>1</a>');
    expect(maskSecretElements('<a><password>s3cr3t<b>more')).toBe('<a><password>***');
  });

  it('scrubs only parsed values long enough to be secrets', () => {
    expect(maskSecrets('<a>abc</a><b>abcd</b>', ['abc'])).toBe('<a>abc</a><b>abcd</b>');
    expect(maskSecrets('<a>abcd</a>', ['abcd', undefined])).toBe('<a>***</a>');
  });
});
