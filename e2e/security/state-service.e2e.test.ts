/**
 * Security findings on the state service, the data services, the journal and the settings, tried as
 * an attacker would through the composed environment in-process (issue 13; docs/security.md): each
 * case failed before the fix. The cases that already held (token forgeries, ovt replay, cross-tenant
 * reads) are tried again here so that they keep holding.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationFor } from '../../fixtures/index.ts';
import type { Organisation, Subject } from '../../fixtures/types.ts';
import { InitiatorClient, ShepFaultError } from '../../examples/initiator/client.ts';
import { forEnvironment } from '../../mocks/kdp/profile.ts';
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../../mocks/msw.ts';
import type { ShepReply } from '../../protocol/shep/envelope.ts';

let env: InMemoryEnvironment;
let bank: Organisation;
let smsOnly: Organisation;
let notifier: Organisation;
let subjects: Subject[];

function initiator(org: Organisation): InitiatorClient {
  const post = async (url: string, payload: string) =>
    (await env.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml; charset=utf-8' }, payload }))
      .body;
  return new InitiatorClient(
    post,
    { ...org, signingKey: { privateJwk: org.keys.ec.privateJwk, kid: org.keys.ec.kid, alg: 'ES256' } },
    'test',
    () => env.clock.nowMs(),
  );
}

/** The KDP fault code of a refused consent request, or 'accepted'. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof ShepFaultError) return err.reply.errorInfo?.errorCode ?? 'fault';
    throw err;
  }
}

async function textsTo(subject: Subject): Promise<string[]> {
  const { items } = await env.sms.messages(subject.phone, { direction: 'to-phone', limit: 100 });
  return items.map((m) => m.text);
}

beforeAll(async () => {
  env = await createInMemoryEnvironment({ subjects: 8 });
  bank = organisationFor(env.fixtures, 'bank')!;
  smsOnly = organisationFor(env.fixtures, 'sms-only-company')!;
  notifier = organisationFor(env.fixtures, 'notifying-state-body')!;
  subjects = env.fixtures.subjects;
});
afterAll(async () => {
  await env.close();
});

describe('the subject sees the organisation the state service knows (T-KDP-19)', () => {
  it("T-KDP-19 the SMS names the registered organisation, never the request's company", async () => {
    const subject = subjects[0]!;
    const claimed = 'Halyk Trust Bank';
    const r = await initiator(smsOnly).requestConsent(subject.iin, 'GBDFLUniversal_token', { company: claimed });
    expect(r.status).toBe('PENDING');
    const [sms] = await textsTo(subject);
    expect(sms).toContain(`${smsOnly.name} (${smsOnly.bin})`);
    expect(sms).not.toContain(claimed);
  });

  it.each([
    ['company', 'Bank\nCall 1414-000 now'],
    ['personal_data_name', 'personal data.\r\nIgnore the code, answer YES'],
    ['personal_data_name', 'data\u202Eknab'],
    ['personal_data_name', 'tab\there'],
  ])('T-KDP-19 refuses a control character in %s with KDP-108, and sends nothing', async (field, value) => {
    const subject = subjects[1]!;
    const before = (await textsTo(subject)).length;
    const refused = await outcome(
      initiator(smsOnly).requestConsent(subject.iin, 'GBDFLUniversal_token', { [field]: value }),
    );
    expect(refused).toBe('KDP-108');
    expect(await textsTo(subject)).toHaveLength(before);
  });
});

describe('per-subject limits (T-KDP-18)', () => {
  it('T-KDP-18 a burst of consent requests to one subject opens only the limit, the rest refused KDP-117', async () => {
    const subject = subjects[2]!;
    const client = initiator(smsOnly);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => outcome(client.requestConsent(subject.iin, 'GBDFLUniversal_token'))),
    );
    const limit = env.kdp.state.profile.subjectLimits.openRequests;
    expect(results.filter((r) => r === 'accepted')).toHaveLength(limit);
    expect(results.filter((r) => r === 'KDP-117')).toHaveLength(12 - limit);
    // Codes reached the phone only for the open requests: a guess is tried against at most `limit` codes.
    expect((await textsTo(subject)).filter((t) => /\d{6}/.test(t))).toHaveLength(limit);
  });

  it('T-KDP-18 requests that are decided at once are limited per minute (KDP-118), and a minute later allowed again', async () => {
    const subject = subjects[3]!;
    const client = initiator(notifier);
    const notify = () =>
      outcome(
        client.requestConsent(
          subject.iin,
          'GBDFLUniversal_token',
          {},
          { properties: { consentWay: 'notification', article9Ground: 'art9-1' } },
        ),
      );
    const perMinute = env.kdp.state.profile.subjectLimits.smsPerMinute;
    const results: string[] = [];
    for (let i = 0; i < perMinute + 2; i++) results.push(await notify());
    expect(results.slice(0, perMinute)).toEqual(Array(perMinute).fill('accepted'));
    expect(results.slice(perMinute)).toEqual(['KDP-118', 'KDP-118']);
    await env.clock.advance(61_000);
    expect(await notify()).toBe('accepted');
  });
});

describe('a data service checks the token against the record it finds (R2.8, T-KDP-9)', () => {
  it("R2.8 a token whose claims differ from its record's (signed with the state service's key) is refused KDP-411", async () => {
    const [owner, victim] = [subjects[4]!, subjects[5]!];
    const client = initiator(bank);
    const audience = forEnvironment(env.kdp.state.profile.ovt.audience, 'test');
    const granted = await client.consentByOwnMeans(owner.iin, 'GBDFLUniversal_token', audience);
    expect(granted.status).toBe('APPROVED');
    // The state service's own key, as someone holding the store would have it: a token for the
    // victim that reuses the owner's jti.
    const keyDoc = await env.runtime.store.collection<{ privateJwk: JWK }>('kdp.keys').get('test');
    const key = await importJWK(keyDoc!.privateJwk, 'ES256');
    const claims = decodeJwt(granted.code!);
    const code = await new SignJWT({ ...claims, sub: victim.iin })
      .setProtectedHeader(decodeProtectedHeader(granted.code!) as { alg: string })
      .sign(key);
    const reply: ShepReply = await client.fetchData('GBDFLUniversal_token', victim.iin, {
      code,
      publicKey: granted.publicKey!,
    });
    expect(reply).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'KDP-411' } });
    expect(JSON.stringify(reply)).not.toContain(victim.lastName);
    // The genuine token still works for its own subject.
    const ok = await client.fetchData('GBDFLUniversal_token', owner.iin, {
      code: granted.code!,
      publicKey: granted.publicKey!,
    });
    expect(ok.kind).toBe('response');
  });

  it('R2.8 forged tokens keep being refused: alg none, a signature that does not verify', async () => {
    const subject = subjects[6]!;
    const client = initiator(bank);
    const granted = await client.consentByOwnMeans(
      subject.iin,
      'GBDFLUniversal_token',
      forEnvironment(env.kdp.state.profile.ovt.audience, 'test'),
    );
    const [h, p] = granted.code!.split('.');
    const none = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h!, 'base64url').toString()), alg: 'none' })).toString('base64url')}.${p}.`;
    for (const code of [none, `${h}.${p}.${'A'.repeat(86)}`]) {
      const reply = await client.fetchData('GBDFLUniversal_token', subject.iin, {
        code,
        publicKey: granted.publicKey!,
      });
      expect(reply).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'KDP-401' } });
    }
  });

  it('R2.8 an ovt replayed is refused KDP-203', async () => {
    const subject = subjects[7]!;
    const client = initiator(bank);
    const audience = forEnvironment(env.kdp.state.profile.ovt.audience, 'test');
    const first = await client.consentByOwnMeans(subject.iin, 'MCDB_SERVICE', audience);
    expect(first.status).toBe('APPROVED');
    // The same ovt again, through a second message: take it from the journal of the first.
    const recs = await env.runtime.journal.query({
      channel: 'shep',
      service: 'KDP_SERVICE',
      sender: bank.credentials.test.senderId,
    });
    const ovt = /<ovt>([^<]+)<\/ovt>/.exec(recs[recs.length - 1]!.request)![1]!;
    expect(await outcome(client.requestConsent(subject.iin, 'MCDB_SERVICE', { 'omit-sms': true, ovt }))).toBe(
      'KDP-203',
    );
  });
});

describe('the journal masks passwords whatever their XML spelling (T-SHEP-11)', () => {
  it('T-SHEP-11 a password split by a comment and mixed with CDATA authenticates, and never reaches the journal', async () => {
    const { senderId, password } = smsOnly.credentials.test;
    const half = Math.floor(password.length / 2);
    const spelled = `${password.slice(0, half)}<!-- split -->${password.slice(half, half + 2)}<![CDATA[${password.slice(half + 2)}]]>`;
    let sent = '';
    const post = async (url: string, payload: string) => {
      sent = payload.replace(`<password>${password}</password>`, `<password>${spelled}</password>`);
      return (await env.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: sent }))
        .body;
    };
    const client = new InitiatorClient(post, smsOnly, 'test', () => env.clock.nowMs());
    const reply = await client.send('KDP_CONFORMANCE_ECHO', '<ping>1</ping>');
    expect(sent).toContain(spelled);
    expect(reply.kind).toBe('response');
    const recs = await env.runtime.journal.query({ channel: 'shep', sender: senderId });
    const last = recs[recs.length - 1]!;
    expect(last.request).toContain('<password>***</password>');
    expect(last.request).not.toContain(password.slice(0, half));
    expect(last.request).not.toContain(password.slice(half + 2));
  });
});

describe('settings and hostile JSON (T-ENV-7, T-ENV-4)', () => {
  const json = { 'content-type': 'application/json' };

  it('T-ENV-7 a mistyped fault setting is refused with its path, and the plan is unchanged', async () => {
    const before = (await env.app.inject({ url: '/env/api/v1/faults' })).json();
    const r = await env.app.inject({
      method: 'PUT',
      url: '/env/api/v1/faults',
      headers: json,
      payload: { shepLatencyMS: 5000 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: 'body/shepLatencyMS' })]);
    const nested = await env.app.inject({
      method: 'PUT',
      url: '/env/api/v1/faults',
      headers: json,
      payload: { shepFaults: [{ serviceId: '*', errorCode: 'E', errorMessage: 'm', remainig: 1 }] },
    });
    expect(nested.json().errors).toEqual([expect.objectContaining({ field: 'body/shepFaults/0/remainig' })]);
    expect((await env.app.inject({ url: '/env/api/v1/faults' })).json()).toEqual(before);
  });

  it('T-ENV-7 every settings body of the environment API refuses an unknown key', async () => {
    for (const [method, url, payload] of [
      ['POST', '/env/api/v1/clock/advance', { by: '1s', extra: 1 }],
      ['POST', '/env/api/v1/smart-bridge/api-keys', { role: 'authority', name: 'x', rol: 'y' }],
    ] as const) {
      const r = await env.app.inject({ method, url, headers: json, payload });
      expect(r.statusCode, url).toBe(400);
      expect(JSON.stringify(r.json().errors), url).toMatch(/body\/(extra|rol)/);
    }
  });

  it('T-ENV-4 hostile JSON (prototype keys, deep nesting, 1e309) is refused in problem+json and changes nothing', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    for (const payload of ['{"__proto__":{"shepLatencyMs":9}}', `{"shepFaults":${deep}}`, '{"shepLatencyMs":1e309}']) {
      const r = await env.app.inject({ method: 'PUT', url: '/env/api/v1/faults', headers: json, payload });
      expect(r.statusCode, payload.slice(0, 40)).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(({} as Record<string, unknown>).shepLatencyMs).toBeUndefined();
    expect((await env.app.inject({ url: '/env/api/v1/faults' })).json().shepLatencyMs).toBe(0);
  });

  it("R4 an organisation cannot read another's Smart Bridge application: 404 as if it did not exist", async () => {
    const access = (await env.app.inject({ url: '/env/api/v1/smart-bridge/api-keys' })).json();
    const keyOf = (bin: string) =>
      (access.organisations as { bin: string; apiKey: string }[]).find((o) => o.bin === bin)!.apiKey;
    const list = await env.app.inject({
      url: '/smart-bridge/api/v1/applications',
      headers: { authorization: `Bearer ${keyOf(bank.bin)}` },
    });
    const id = list.json().items[0].id as string;
    const other = await env.app.inject({
      url: `/smart-bridge/api/v1/applications/${id}`,
      headers: { authorization: `Bearer ${keyOf(smsOnly.bin)}` },
    });
    const missing = await env.app.inject({
      url: '/smart-bridge/api/v1/applications/00000000-0000-4000-8000-000000000000',
      headers: { authorization: `Bearer ${keyOf(smsOnly.bin)}` },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().type).toBe(missing.json().type);
  });
});
