import { SignJWT, decodeJwt, decodeProtectedHeader, exportSPKI, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, Subject } from '../../fixtures/types.ts';
import { childText, child } from '../../protocol/xml/element.ts';
import { createKdpKit, type KdpKit } from '../kdp/testing.ts';
import { infoAbtTokenXml, tokenDataRequestXml } from '../../protocol/kdp/data-services.ts';
import { parseXml } from '../../protocol/xml/parse.ts';
import { affiliationsOf } from './affiliations.ts';
import { DATA_SERVICE_IDS } from './data-services.ts';

const { gbdfl: GBDFL, mcdb: MCDB, affilFace: AFFIL } = DATA_SERVICE_IDS;

let kit: KdpKit;
beforeEach(async () => {
  kit = await createKdpKit();
});
afterEach(async () => {
  await kit.close();
});

/** A token by way 5: the request, the subject's code, the repeated request. */
async function consented(org: Organisation, subject: Subject, accessName: string = GBDFL) {
  const first = await kit.consent(org, subject, { access_name: accessName });
  await kit.sms.reply(subject.phone, await kit.lastCode(subject));
  const done = await kit.consent(org, subject, { access_name: accessName, requestId: first.requestId! });
  return { code: done.code!, publicKey: done.publicKey! };
}

function refused(p: Promise<unknown>, errorCode: string) {
  return expect(p).rejects.toMatchObject({ errorCode });
}

describe('GBDFLUniversal_token and MCDB_SERVICE (R3, T-KDP-9)', () => {
  it('R3 GBDFLUniversal_token releases the person record for a valid token, and the release is in the history', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const data = await kit.data(GBDFL, org, subject.iin, token);
    const person = child(data, 'person');
    expect(childText(data, 'iin')).toBe(subject.iin);
    expect(childText(person, 'surname')).toBe(subject.lastName);
    expect(childText(person, 'name')).toBe(subject.firstName);
    expect(childText(person, 'birthDate')).toBe(subject.birthDate);
    expect(childText(child(person, 'regAddress'), 'city')).toBe(subject.address.city);
    const history = await kit.state.history.forSubject({
      environment: 'test',
      iin: subject.iin,
      fromMs: 0,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    expect(history.map((r) => r.event)).toEqual(['CONSENT_GIVEN', 'DATA_RELEASED']);
    expect(history[1]).toMatchObject({ company: org.name, companyBin: org.bin, accessName: GBDFL, way: 'sms' });
  });

  it('R3 MCDB_SERVICE releases the mobile number', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(1);
    const token = await consented(org, subject, MCDB);
    expect(childText(await kit.data(MCDB, org, subject.iin, token), 'mobilePhone')).toBe(subject.phone);
  });

  it('R3 nothing without a token', async () => {
    await refused(kit.data(GBDFL, kit.org('bank'), kit.subject(0).iin, {}), 'KDP-400');
  });

  it('T-KDP-9 refused: another service, subject, initiator or environment', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    await refused(kit.data(MCDB, org, subject.iin, token), 'KDP-406');
    await refused(kit.data(GBDFL, org, kit.subject(1).iin, token), 'KDP-404');
    await refused(kit.data(GBDFL, kit.org('bank'), subject.iin, token), 'KDP-405');
    await refused(kit.data(GBDFL, org, subject.iin, token, { environment: 'prod' }), 'KDP-407');
  });

  it('T-KDP-9 refused: expired, revoked', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const record = (await kit.state.tokens.records.find())[0]!;
    await kit.state.tokens.revoke(record.jti, 'r');
    await refused(kit.data(GBDFL, org, subject.iin, token), 'KDP-403');
    const fresh = await consented(org, subject);
    kit.runtime.clock.advance(600_000);
    await refused(kit.data(GBDFL, org, subject.iin, fresh), 'KDP-402');
  });

  it("T-KDP-9 refused: signed by the requester's own key with its own publicKey, alg none, HS256 keyed with the public key", async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const claims = decodeJwt(token.code);
    const header = decodeProtectedHeader(token.code) as { alg: string };
    const evil = await generateKeyPair('ES256', { extractable: true });
    const forged = await new SignJWT(claims).setProtectedHeader(header).sign(evil.privateKey);
    await refused(
      kit.data(GBDFL, org, subject.iin, { code: forged, publicKey: await exportSPKI(evil.publicKey) }),
      'KDP-401',
    );
    const none = `${Buffer.from('{"alg":"none","typ":"kdp-access+jwt"}').toString('base64url')}.${token.code.split('.')[1]}.`;
    await refused(kit.data(GBDFL, org, subject.iin, { code: none }), 'KDP-401');
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'kdp-access+jwt' })
      .sign(new TextEncoder().encode(token.publicKey));
    await refused(kit.data(GBDFL, org, subject.iin, { code: hs, publicKey: token.publicKey }), 'KDP-401');
  });

  it("T-KDP-9 refused: a publicKey that is not the state service's", async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const token = await consented(org, subject);
    const other = await exportSPKI((await generateKeyPair('ES256')).publicKey);
    await refused(kit.data(GBDFL, org, subject.iin, { code: token.code, publicKey: other }), 'KDP-409');
  });

  it('T-KDP-1 the request fields are checked', async () => {
    const org = kit.org('bank');
    await refused(kit.data(GBDFL, org, '123', { code: 'x' }), 'KDP-102');
    await refused(kit.call(GBDFL, '<iin>1</iin>', kit.ctx(org, GBDFL)), 'KDP-101');
    await refused(kit.call(GBDFL, undefined, kit.ctx(org, GBDFL)), 'KDP-100');
  });

  it('T-KDP-9 tokens passed as infoAbtToken/tokens[]{code, publicKey}, as public code passes them, are accepted', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(0);
    const mcdb = await consented(org, subject, MCDB);
    const gbdfl = await consented(org, subject);
    const request = (tokens: { code: string; publicKey: string }[]) =>
      tokenDataRequestXml({
        messageId: `i-${tokens.length}`,
        messageDate: '2026-03-02T10:00:00.000+05:00',
        senderCode: org.credentials.test.senderId,
        iin: subject.iin,
      }) + infoAbtTokenXml(tokens);
    // The service's own token found among several; a list without it refused as kdpToken would be.
    const r = await kit.call(GBDFL, request([mcdb, gbdfl]), kit.ctx(org, GBDFL));
    const data = parseXml(`<data>${r.dataXml}</data>`);
    expect(childText(child(data, 'person'), 'surname')).toBe(subject.lastName);
    await refused(kit.call(GBDFL, request([mcdb]), kit.ctx(org, GBDFL)), 'KDP-406');
  });

  it('R3 GbdulAffilFace_KDP releases the legal entities the person is affiliated with; messageResult/code 00000', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.fixtures.subjects.find((s) => affiliationsOf(s, kit.fixtures.organisations).length > 0)!;
    const token = await consented(org, subject, AFFIL);
    const data = await kit.data(AFFIL, org, subject.iin, token);
    expect(childText(child(data, 'messageResult'), 'code')).toBe('00000');
    const expected = affiliationsOf(subject, kit.fixtures.organisations);
    const got = child(data, 'affiliations')!.children.map((a) => ({
      bin: childText(a, 'bin'),
      name: childText(a, 'name'),
      role: childText(a, 'role'),
    }));
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(0);
    // Without a token of its own, nothing: the same gate as every data service.
    await refused(kit.data(AFFIL, org, subject.iin, await consented(org, subject)), 'KDP-406');
  });

  it('affiliations are derived from the fixtures: none, one or two distinct organisations, repeatable', () => {
    const orgs = kit.fixtures.organisations;
    const counts = new Set(kit.fixtures.subjects.map((s) => affiliationsOf(s, orgs).length));
    expect([...counts].every((c) => c >= 0 && c <= 2)).toBe(true);
    expect(counts.size).toBeGreaterThan(1);
    for (const s of kit.fixtures.subjects) {
      const a = affiliationsOf(s, orgs);
      expect(new Set(a.map((x) => x.bin)).size).toBe(a.length);
      expect(a.every((x) => orgs.some((o) => o.bin === x.bin && o.name === x.name))).toBe(true);
      expect(affiliationsOf(s, orgs)).toEqual(a);
    }
  });

  it('messageResult/code 00000 written in GBDFLUniversal_token and MCDB_SERVICE answers', async () => {
    const org = kit.org('sms-only-company');
    const subject = kit.subject(1);
    const data = await kit.data(MCDB, org, subject.iin, await consented(org, subject, MCDB));
    expect(childText(child(data, 'messageResult'), 'code')).toBe('00000');
  });
});
