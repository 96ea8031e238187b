/**
 * The five ways of clause 7 end to end, as an initiator meets them: SOAP messages through the real
 * SHEP gateway routes (fastify inject, no port), the subject's phone through the virtual phone
 * API, the 1414 operator through its API; each way to a token and to the data it unlocks. Then a
 * restart: a file-backed store closed and reopened keeps consents, tokens, keys and history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureSet, organisationFor, type ConsentWayRole } from '../fixtures/index.ts';
import type { FixtureSet, Organisation, Subject } from '../fixtures/types.ts';
import { formatShepDate } from '../protocol/dates.ts';
import {
  readUserDataResponse,
  signOvt,
  tokenDataRequestXml,
  USER_DATA_REQUEST_TYPE,
  userDataRequestXml,
  type UserDataRequestFields,
  type UserDataResponse,
} from '../protocol/kdp/index.ts';
import { forEnvironment } from '../mocks/kdp/profile.ts';
import { KDP_NS } from '../protocol/kdp/fields.ts';
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../mocks/msw.ts';
import { buildSendMessageRequest, parseShepReply, type ShepReply } from '../protocol/shep/envelope.ts';
import { childrenNamed, childText, type XmlElement } from '../protocol/xml/element.ts';

let fixtures: FixtureSet;
beforeAll(async () => {
  fixtures = await buildFixtureSet({ subjects: 8 });
});

/** An initiator's view of the environment: SOAP calls and the APIs, all through inject. */
function client(env: InMemoryEnvironment) {
  const org = (role: ConsentWayRole): Organisation => organisationFor(env.fixtures, role)!;

  async function soap(
    o: Organisation,
    serviceId: string,
    dataXml: string,
    extra: {
      correlationId?: string;
      properties?: Record<string, string>;
      dataType?: { ns: string; name: string };
    } = {},
  ): Promise<ShepReply> {
    const payload = buildSendMessageRequest({
      requestInfo: {
        messageId: env.runtime.random.uuid(),
        ...(extra.correlationId ? { correlationId: extra.correlationId } : {}),
        serviceId,
        messageDate: formatShepDate(env.clock.nowMs()),
        sender: o.credentials.test,
        properties: Object.entries(extra.properties ?? {}).map(([key, value]) => ({ key, value })),
      },
      dataXml,
      ...(extra.dataType ? { dataType: extra.dataType } : {}),
    });
    const res = await env.app.inject({
      method: 'POST',
      url: '/test/bip-sync-wss-gost/',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      payload,
    });
    return parseShepReply(res.body);
  }

  function ok(reply: ShepReply): XmlElement {
    if (reply.kind !== 'response') throw new Error(`SOAP fault ${reply.errorInfo?.errorCode}: ${reply.faultstring}`);
    return reply.data!;
  }

  const fields = (o: Organisation, s: Subject, accessName = 'GBDFLUniversal_token'): UserDataRequestFields => ({
    uin: s.iin,
    company: o.name,
    company_bin: o.bin,
    company_responsible: 'Служба комплаенс',
    employee_name: 'Сериков А.',
    access_name: accessName,
    personal_data_name: 'Сведения о физическом лице',
    expiresIn: 3600,
  });

  return {
    org,
    soap,
    ok,
    async consent(
      o: Organisation,
      s: Subject,
      more: Partial<UserDataRequestFields> = {},
      extra: { correlationId?: string; properties?: Record<string, string> } = {},
    ): Promise<UserDataResponse> {
      return readUserDataResponse(
        ok(
          await soap(o, 'KDP_SERVICE', userDataRequestXml({ ...fields(o, s, more.access_name), ...more }), {
            ...extra,
            dataType: USER_DATA_REQUEST_TYPE,
          }),
        ),
      );
    },
    async data(o: Organisation, s: Subject, serviceId: string, token: UserDataResponse): Promise<ShepReply> {
      const xml = tokenDataRequestXml({
        messageId: env.runtime.random.uuid(),
        messageDate: formatShepDate(env.clock.nowMs()),
        senderCode: o.credentials.test.senderId,
        iin: s.iin,
        kdpToken: token.code!,
        publicKey: token.publicKey!,
      });
      return soap(o, serviceId, xml);
    },
    async latestSms(s: Subject): Promise<{ id: string; text: string }> {
      const r = await env.app.inject({
        method: 'GET',
        url: `/sms/api/v1/phones/${encodeURIComponent(s.phone)}/messages/latest`,
      });
      expect(r.statusCode).toBe(200);
      return r.json();
    },
    async answer(s: Subject, text: string, inReplyTo?: string) {
      const r = await env.app.inject({
        method: 'POST',
        url: `/sms/api/v1/phones/${encodeURIComponent(s.phone)}/replies`,
        payload: { text, ...(inReplyTo ? { inReplyTo } : {}) },
      });
      expect(r.statusCode).toBe(201);
      return r.json() as { handled: boolean };
    },
    async operator(s: Subject, requestId: string, action: 'confirm' | 'refuse') {
      const list = (
        await env.app.inject({ method: 'GET', url: `/1414/api/v1/requests?subjectIin=${s.iin}` })
      ).json() as { requests: { id: string; ref: Record<string, string> }[] };
      const call = list.requests.find((r) => r.ref.requestId === requestId)!;
      const r = await env.app.inject({
        method: 'POST',
        url: `/1414/api/v1/requests/${call.id}/${action}`,
        payload: { operatorId: 'op-7', note: 'subject reached by phone' },
      });
      expect(r.statusCode).toBe(200);
    },
  };
}

const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;

describe('the five ways through SHEP, each to a token and a data record', () => {
  let env: InMemoryEnvironment;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    env = await createInMemoryEnvironment({ fixtures });
    c = client(env);
  });
  afterAll(async () => {
    await env.close();
  });

  it('R7.5 SMS through Mobile government: code by SMS, answer by SMS, token, person record', async () => {
    const org = c.org('sms-only-company');
    const s = fixtures.subjects[0]!;
    const first = await c.consent(org, s);
    expect(first.status).toBe('PENDING');
    const sms = await c.latestSms(s);
    expect(sms.text).toContain(org.name);
    expect((await c.answer(s, codeIn(sms.text))).handled).toBe(true);
    const token = await c.consent(org, s, {}, { correlationId: first.requestId! });
    expect(token.status).toBe('APPROVED');
    const person = c.ok(await c.data(org, s, 'GBDFLUniversal_token', token));
    expect(
      childText(
        person.children.find((e) => e.name === 'person'),
        'iin',
      ),
    ).toBe(s.iin);
  });

  it('R7.1 1414: the operator confirms after the call; token; mobile number from MCDB_SERVICE', async () => {
    const org = c.org('bank');
    const s = fixtures.subjects[1]!;
    const first = await c.consent(
      org,
      s,
      { access_name: 'MCDB_SERVICE' },
      { properties: { consentWay: 'callcenter-1414' } },
    );
    expect(first.status).toBe('PENDING');
    await c.operator(s, first.requestId!, 'confirm');
    const token = await c.consent(org, s, { access_name: 'MCDB_SERVICE', requestId: first.requestId! });
    expect(token.status).toBe('APPROVED');
    expect(childText(c.ok(await c.data(org, s, 'MCDB_SERVICE', token)), 'mobilePhone')).toBe(s.phone);
  });

  it('R7.2 R10.2 own means: omit-sms with an ovt signed by the registered key; token at once', async () => {
    const org = c.org('bank');
    const s = fixtures.subjects[2]!;
    const ovt = await signOvt(
      { privateJwk: org.keys.ec.privateJwk, kid: org.keys.ec.kid, alg: 'ES256' },
      {
        cbin: org.bin,
        uin: s.iin,
        accessName: 'GBDFLUniversal_token',
        audience: forEnvironment(env.kdp.state.profile.ovt.audience, 'test'),
        nowSec: Math.floor(env.clock.nowMs() / 1000),
        jti: env.runtime.random.uuid(),
      },
    );
    const token = await c.consent(org, s, { 'omit-sms': true, ovt });
    expect(token.status).toBe('APPROVED');
    c.ok(await c.data(org, s, 'GBDFLUniversal_token', token));
    // The same ovt again is a replay (R2.8).
    const replay = await c.soap(
      org,
      'KDP_SERVICE',
      userDataRequestXml({
        uin: s.iin,
        company: org.name,
        company_bin: org.bin,
        company_responsible: 'x',
        employee_name: 'y',
        access_name: 'GBDFLUniversal_token',
        personal_data_name: 'z',
        'omit-sms': true,
        ovt,
      }),
      { dataType: USER_DATA_REQUEST_TYPE },
    );
    expect(replay).toMatchObject({ kind: 'fault', faultcode: 'Client', errorInfo: { errorCode: 'KDP-203' } });
  });

  it('R7.3 proactive: the offer by SMS, ИӘ, token, person record', async () => {
    const org = c.org('proactive-state-body');
    const s = fixtures.subjects[3]!;
    const first = await c.consent(org, s, { consentWay: 'proactive' });
    const offer = await c.latestSms(s);
    await c.answer(s, 'Иә', offer.id);
    const token = await c.consent(org, s, { requestId: first.requestId! });
    expect(token.status).toBe('APPROVED');
    c.ok(await c.data(org, s, 'GBDFLUniversal_token', token));
  });

  it('R7.4 notification: Article 9 ground, no consent asked, the subject notified, the access in the history', async () => {
    const org = c.org('notifying-state-body');
    const s = fixtures.subjects[4]!;
    const token = await c.consent(org, s, {}, { properties: { consentWay: 'notification', article9Ground: 'art9-1' } });
    expect(token.status).toBe('APPROVED');
    expect((await c.latestSms(s)).text).toContain(org.name);
    c.ok(await c.data(org, s, 'GBDFLUniversal_token', token));
    const history = c.ok(
      await c.soap(org, 'KDP_PERSONALDATA', `<uin>${s.iin}</uin>`, {
        dataType: { ns: KDP_NS, name: 'getPersonalDataRequest' },
      }),
    );
    expect(childrenNamed(history, 'r_pdata').map((r) => [childText(r, 'event'), childText(r, 'ground')])).toEqual([
      ['NOTIFIED', 'art9-1'],
      ['DATA_RELEASED', 'art9-1'],
    ]);
  });

  it('R7.0 a way the organisation is not approved for is a SOAP fault with its KDP code', async () => {
    const reply = await c.soap(
      c.org('sms-only-company'),
      'KDP_SERVICE',
      userDataRequestXml({
        uin: fixtures.subjects[0]!.iin,
        company: 'x',
        company_bin: c.org('sms-only-company').bin,
        company_responsible: 'x',
        employee_name: 'x',
        access_name: 'GBDFLUniversal_token',
        personal_data_name: 'x',
      }),
      { properties: { consentWay: 'proactive' } },
    );
    expect(reply).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'KDP-113' } });
  });

  it('R3 T-KDP-11 revocation: КЕРІ by SMS, listed, accepted; the data service refuses the token at once', async () => {
    const org = c.org('sms-only-company');
    const s = fixtures.subjects[5]!;
    const first = await c.consent(org, s);
    await c.answer(s, codeIn((await c.latestSms(s)).text));
    const token = await c.consent(org, s, { requestId: first.requestId! });
    const approval = await c.latestSms(s);
    await c.answer(s, 'КЕРІ', approval.id);
    const listed = c.ok(await c.soap(org, 'KDP_LIST_TO_REVOKE', ''));
    const id = childText(childrenNamed(listed, 'request')[0], 'request_id')!;
    const solved = c.ok(
      await c.soap(org, 'KDP_SEND_SOLUTION', `<request_id>${id}</request_id><solution>ACCEPT</solution>`),
    );
    expect(childText(solved, 'status')).toBe('ACCEPTED');
    expect(await c.data(org, s, 'GBDFLUniversal_token', token)).toMatchObject({
      kind: 'fault',
      errorInfo: { errorCode: 'KDP-403' },
    });
  });
});

describe('restart (T-KDP-6)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdp-e2e-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('T-KDP-6 R2.8 consents, tokens, the signing key, history, a pending 1414 request and a sent SMS code survive closing and reopening the store', async () => {
    const db = join(dir, 'env.db');
    const s = fixtures.subjects[6]!;
    const waiting = fixtures.subjects[7]!;

    const before = await createInMemoryEnvironment({ fixtures, db });
    const a = client(before);
    const org = a.org('sms-only-company');
    const first = await a.consent(org, s);
    await a.answer(s, codeIn((await a.latestSms(s)).text));
    const token = await a.consent(org, s, { requestId: first.requestId! });
    a.ok(await a.data(org, s, 'GBDFLUniversal_token', token));
    const pending = await a.consent(org, waiting, {}, { properties: { consentWay: 'callcenter-1414' } });
    const bySms = await a.consent(org, waiting, { access_name: 'MCDB_SERVICE' });
    const code = codeIn((await a.latestSms(waiting)).text);
    await before.close();

    const after = await createInMemoryEnvironment({ fixtures, db });
    const b = client(after);
    try {
      // The consent and its token, unchanged.
      expect(await b.consent(org, s, { requestId: first.requestId! })).toEqual(token);
      // The key survived: the old token still opens the data.
      b.ok(await b.data(org, s, 'GBDFLUniversal_token', token));
      // The history, with the releases before and after the restart.
      const history = b.ok(await b.soap(org, 'KDP_PERSONALDATA', `<uin>${s.iin}</uin>`));
      expect(childrenNamed(history, 'r_pdata').map((r) => childText(r, 'event'))).toEqual([
        'CONSENT_GIVEN',
        'DATA_RELEASED',
        'DATA_RELEASED',
      ]);
      // A request still waiting for the operator can be decided after the restart.
      await b.operator(waiting, pending.requestId!, 'confirm');
      expect((await b.consent(org, waiting, { requestId: pending.requestId! })).status).toBe('APPROVED');
      // A code sent before the restart is still accepted after it.
      await b.answer(waiting, code);
      expect((await b.consent(org, waiting, { access_name: 'MCDB_SERVICE', requestId: bySms.requestId! })).status).toBe(
        'APPROVED',
      );
    } finally {
      await after.close();
    }
  });
});
