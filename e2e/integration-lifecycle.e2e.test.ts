/**
 * Clauses 4–12 end to end on the composed environment, as a new integrator meets them: a bank that
 * is not among the onboarded fixtures gets a Smart Bridge API key from the environment, walks its
 * application through the platform's HTTP API (walkClauses4to12), and every SHEP leg is real —
 * SOAP through the gateway's routes to the state service, the subject's phone through the virtual
 * phone API. Then what Smart Bridge decided is what SHEP and the state service honour: credentials
 * per environment (R12), the approved ways and services only (R7.0), the registered key only
 * (R10.2); and no credentials before approval (R4), no testing act on a failed or unknown
 * exchange (R11). All through fastify inject; no port is opened.
 */
import { decodeJwt, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSENT_WAY_MIX,
  draftOrganisations,
  organisationFor,
  pickEcKeyPair,
  TEST_KEYS_PER_SEED,
  type OrganisationDraft,
} from '../fixtures/index.ts';
import type { ShepCredential, Subject } from '../fixtures/types.ts';
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
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../mocks/msw.ts';
import { buildSendMessageRequest, parseShepReply, type ShepReply } from '../protocol/shep/envelope.ts';
import type { ShepEnvironment } from '../mocks/shep/environments.ts';
import type { ApplicationForm } from '../mocks/smart-bridge/model.ts';
import {
  walkClauses4to12,
  type HttpCall,
  type TestExchangeInput,
  type WalkResult,
} from '../mocks/smart-bridge/walk.ts';

const SB = '/smart-bridge/api/v1';

let env: InMemoryEnvironment;
let authorityKey: string;
/** Banks the environment's fixture set does not hold: the same generators, later positions. */
let fresh: OrganisationDraft[];

beforeAll(async () => {
  env = await createInMemoryEnvironment({ subjects: 10 });
  const fixtures = (await env.app.inject({ method: 'GET', url: '/env/api/v1/fixtures' })).json();
  authorityKey = fixtures.smartBridge.authority.apiKey;
  const bank = CONSENT_WAY_MIX.find((m) => m.role === 'bank')!;
  const profiles = [...CONSENT_WAY_MIX, bank, bank, bank].map(({ role: _role, ...profile }) => profile);
  fresh = draftOrganisations({ seed: env.fixtures.seed, count: profiles.length, profiles }).slice(
    CONSENT_WAY_MIX.length,
  );
  const known = new Set(env.fixtures.organisations.map((o) => o.bin));
  for (const org of fresh) expect(known.has(org.bin)).toBe(false);
});
afterAll(async () => {
  await env.close();
});

const http: HttpCall = (req) =>
  env.app.inject({
    method: req.method as 'GET',
    url: req.url,
    headers: req.headers ?? {},
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });

/** What a person does first: ask the environment for an API key bound to the organisation's BIN. */
async function apiKeyFor(bin: string): Promise<string> {
  const res = await env.app.inject({
    method: 'POST',
    url: '/env/api/v1/smart-bridge/api-keys',
    payload: { role: 'organisation', bin },
  });
  expect(res.statusCode).toBe(201);
  return res.json().apiKey;
}

async function keyPair(index: number): Promise<{ publicJwk: JWK; privateJwk: JWK; kid: string }> {
  return pickEcKeyPair({ seed: env.fixtures.seed, index });
}

function formFor(org: OrganisationDraft): ApplicationForm {
  return {
    organisation: {
      bin: org.bin,
      name: org.name,
      kind: org.kind,
      agreementWithAuthorizedBody: org.agreementWithAuthorizedBody,
      connectedToSoc: org.connectedToSoc,
      proactiveServiceProvider: org.proactiveServiceProvider,
    },
    contact: {
      fullName: 'Айгерим Садыкова',
      position: 'Head of integration',
      email: 'integration@bank.example',
      phone: '+77012345678',
    },
    informationSystem: { name: 'Retail lending platform', subjectToUnifiedRequirements: false },
    // Only the person record and only SMS and own means: 1414 and MCDB_SERVICE stay unapproved (R7.0).
    services: [
      {
        name: 'Consumer loan',
        dataServices: ['GBDFLUniversal_token'],
        businessProcess: 'The applicant asks for a loan; the bank confirms identity before scoring.',
        stage: 'eligibility-check',
      },
    ],
    dataHandling: {
      storagePeriodDays: 1825,
      processingPeriodDays: 30,
      storageGrounds: [{ basis: 'law', reference: 'Law on banks, Article 50' }],
    },
    ways: ['sms', 'own-means'],
    article9Grounds: [],
  };
}

/** An initiator's SHEP client: SendMessage to one environment with one credential. */
async function soap(
  environment: ShepEnvironment,
  sender: ShepCredential,
  serviceId: string,
  dataXml: string,
  extra: { properties?: Record<string, string>; dataType?: { ns: string; name: string } } = {},
): Promise<{ messageId: string; reply: ShepReply }> {
  const messageId = `{${env.runtime.random.uuid()}}`;
  const payload = buildSendMessageRequest({
    requestInfo: {
      messageId,
      serviceId,
      messageDate: formatShepDate(env.clock.nowMs()),
      sender,
      properties: Object.entries(extra.properties ?? {}).map(([key, value]) => ({ key, value })),
    },
    dataXml,
    ...(extra.dataType ? { dataType: extra.dataType } : {}),
  });
  const res = await env.app.inject({
    method: 'POST',
    url: `/${environment}/bip-sync-wss-gost/`,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    payload,
  });
  return { messageId, reply: parseShepReply(res.body) };
}

function answer(reply: ShepReply): UserDataResponse {
  if (reply.kind !== 'response') throw new Error(`SOAP fault ${reply.errorInfo?.errorCode}: ${reply.faultstring}`);
  return readUserDataResponse(reply.data);
}

function faultCode(reply: ShepReply): string | undefined {
  return reply.kind === 'fault' ? reply.errorInfo?.errorCode : undefined;
}

const fields = (
  org: OrganisationDraft,
  s: Subject,
  more: Partial<UserDataRequestFields> = {},
): UserDataRequestFields => ({
  uin: s.iin,
  company: org.name,
  company_bin: org.bin,
  company_responsible: 'Кредитный отдел',
  employee_name: 'Сериков А.',
  access_name: 'GBDFLUniversal_token',
  personal_data_name: 'Сведения о физическом лице',
  expiresIn: 600,
  ...more,
});

/** KDP_SERVICE by own means: the ovt signed with `key` (R7.2, R2.8). */
async function ownMeans(
  environment: ShepEnvironment,
  org: OrganisationDraft,
  sender: ShepCredential,
  s: Subject,
  key: { privateJwk: JWK; kid: string },
  more: Partial<UserDataRequestFields> = {},
) {
  const ovt = await signOvt(
    { privateJwk: key.privateJwk, kid: key.kid, alg: 'ES256' },
    {
      cbin: org.bin,
      uin: s.iin,
      accessName: more.access_name ?? 'GBDFLUniversal_token',
      audience: forEnvironment(env.kdp.state.profile.ovt.audience, environment),
      nowSec: Math.floor(env.clock.nowMs() / 1000),
      jti: env.runtime.random.uuid(),
    },
  );
  return soap(
    environment,
    sender,
    'KDP_SERVICE',
    userDataRequestXml(fields(org, s, { 'omit-sms': true, ovt, ...more })),
    { dataType: USER_DATA_REQUEST_TYPE },
  );
}

/** KDP_SERVICE by SMS (R7.5): the request, the code on the subject's phone, the answer, the poll. */
async function bySms(environment: ShepEnvironment, org: OrganisationDraft, sender: ShepCredential, s: Subject) {
  const first = await soap(environment, sender, 'KDP_SERVICE', userDataRequestXml(fields(org, s)), {
    dataType: USER_DATA_REQUEST_TYPE,
  });
  expect(answer(first.reply).status).toBe('PENDING');
  const phone = encodeURIComponent(s.phone);
  const sms = (await env.app.inject({ method: 'GET', url: `/sms/api/v1/phones/${phone}/messages/latest` })).json() as {
    text: string;
  };
  const code = /\b(\d{6})\b/.exec(sms.text)![1]!;
  expect(
    (await env.app.inject({ method: 'POST', url: `/sms/api/v1/phones/${phone}/replies`, payload: { text: code } }))
      .statusCode,
  ).toBe(201);
  const poll = await soap(
    environment,
    sender,
    'KDP_SERVICE',
    userDataRequestXml(fields(org, s, { requestId: answer(first.reply).requestId! })),
    { dataType: USER_DATA_REQUEST_TYPE },
  );
  return { first, poll: answer(poll.reply) };
}

function sb(method: string, path: string, key: string, payload?: unknown, headers: Record<string, string> = {}) {
  return http({
    method,
    url: SB + path,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function attachPdf(key: string, id: string, kind: string): Promise<string> {
  const bytes = Buffer.from(`%PDF-1.7\n% ${kind}\n%%EOF\n`, 'latin1');
  const meta = [`filename ${btoa(`${kind}.pdf`)}`, `filetype ${btoa('application/pdf')}`, `kind ${btoa(kind)}`].join(
    ',',
  );
  const created = await sb('POST', '/uploads', key, undefined, {
    'tus-resumable': '1.0.0',
    'upload-length': String(bytes.length),
    'upload-metadata': meta,
  });
  const uploadId = String(created.headers.location).split('/').pop()!;
  await sb('PATCH', `/uploads/${uploadId}`, key, bytes, {
    'tus-resumable': '1.0.0',
    'upload-offset': '0',
    'content-type': 'application/offset+octet-stream',
  });
  expect((await sb('POST', `/applications/${id}/attachments`, key, { uploadId })).statusCode).toBe(200);
  return uploadId;
}

const subject = (i: number): Subject => env.fixtures.subjects[i]!;

async function advance(by: string): Promise<void> {
  expect((await env.app.inject({ method: 'POST', url: '/env/api/v1/clock/advance', payload: { by } })).statusCode).toBe(
    200,
  );
}

describe("clauses 4–12 for a new bank, through the environment's HTTP routes", () => {
  let bank: OrganisationDraft;
  let key: { publicJwk: JWK; privateJwk: JWK; kid: string };
  let walk: WalkResult | undefined;
  let tested: { ownMeans: string; accessTokenJti: string } | undefined;

  beforeAll(async () => {
    bank = fresh[0]!;
    key = await keyPair(CONSENT_WAY_MIX.length);
  });

  it("R4 R5.1 R6 R8 R9 R10.1 R10.2 R11 R12 R7.2 R7.5 R2.8: from a refused form to production, with real consents on the test environment of SHEP as the act's evidence", async () => {
    walk = await walkClauses4to12({
      http,
      organisationKey: await apiKeyFor(bank.bin),
      authorityKey,
      form: formFor(bank),
      signingKey: key,
      advanceClock: (ms) => advance(`${ms}ms`),
      async performTestExchange({ credential, privateJwk, kid, approved }: TestExchangeInput) {
        expect(approved).toEqual({
          services: ['GBDFLUniversal_token'],
          ways: ['sms', 'own-means'],
          article9Grounds: [],
        });
        // Own means: the ovt is signed by the registered key (kid is its thumbprint) and the token comes at once.
        const own = await ownMeans('test', bank, credential, subject(0), { privateJwk, kid });
        const token = answer(own.reply);
        expect(token.status).toBe('APPROVED');
        // The access token opens the person record on the test environment (R3).
        const person = await soap(
          'test',
          credential,
          'GBDFLUniversal_token',
          tokenDataRequestXml({
            messageId: 'x',
            messageDate: formatShepDate(env.clock.nowMs()),
            senderCode: credential.senderId,
            iin: subject(0).iin,
            kdpToken: token.code!,
            publicKey: token.publicKey!,
          }),
        );
        expect(person.reply.kind).toBe('response');
        // SMS through Mobile government: the subject answers the one-time code.
        const sms = await bySms('test', bank, credential, subject(1));
        expect(sms.poll.status).toBe('APPROVED');
        tested = { ownMeans: own.messageId, accessTokenJti: String(decodeJwt(token.code!).jti) };
        return { messageId: own.messageId };
      },
      async checkCredentialSeparation({ test, prod }) {
        const ping = '<ping>R12</ping>';
        expect(faultCode((await soap('prod', test, 'KDP_CONFORMANCE_ECHO', ping)).reply)).toBe('EAUT003');
        expect(faultCode((await soap('test', prod, 'KDP_CONFORMANCE_ECHO', ping)).reply)).toBe('EAUT003');
        expect((await soap('prod', prod, 'KDP_CONFORMANCE_ECHO', ping)).reply.kind).toBe('response');
      },
    });

    const app = (await sb('GET', `/applications/${walk.applicationId}`, authorityKey)).json();
    expect(app).toMatchObject({
      status: 'production',
      decision: { withinDeadline: true },
      credentials: { test: { senderId: walk.test.senderId }, prod: { senderId: walk.prod.senderId } },
    });
    // R11: the act's proof is what the gateway and the state service recorded of the cited exchange.
    expect(app.testingAct).toMatchObject({
      status: 'accepted',
      verifiedEvidence: [{ messageId: tested!.ownMeans, serviceId: 'KDP_SERVICE', tokenId: tested!.accessTokenJti }],
    });
    expect(app.testingAct.evidenceWaived).toBeUndefined();
    expect(walk.history.map((h) => h.action)).toContain('issue-prod-credentials');
  });

  it('R12: test credentials never work in production, nor production credentials in test; a consent in production opens after the act', async () => {
    expect(walk).toBeDefined();
    const { test, prod } = walk!;
    const s = subject(2);
    expect(faultCode((await ownMeans('prod', bank, test, s, key)).reply)).toBe('EAUT003');
    expect(faultCode((await ownMeans('test', bank, prod, s, key)).reply)).toBe('EAUT003');
    // A consent in production by own means, and the data it unlocks there.
    const token = answer((await ownMeans('prod', bank, prod, s, key)).reply);
    expect(token.status).toBe('APPROVED');
    const person = await soap(
      'prod',
      prod,
      'GBDFLUniversal_token',
      tokenDataRequestXml({
        messageId: 'p',
        messageDate: formatShepDate(env.clock.nowMs()),
        senderCode: prod.senderId,
        iin: s.iin,
        kdpToken: token.code!,
        publicKey: token.publicKey!,
      }),
    );
    expect(person.reply.kind).toBe('response');
    // The production token is refused on the test environment (R12, R2.8: bound to its environment).
    const onTest = await soap(
      'test',
      test,
      'GBDFLUniversal_token',
      tokenDataRequestXml({
        messageId: 't',
        messageDate: formatShepDate(env.clock.nowMs()),
        senderCode: test.senderId,
        iin: s.iin,
        kdpToken: token.code!,
        publicKey: token.publicKey!,
      }),
    );
    expect(faultCode(onTest.reply)).toBe('KDP-407');
    // A consent by SMS in production, too.
    expect((await bySms('prod', bank, prod, subject(3))).poll.status).toBe('APPROVED');
  });

  it('R7.0: a way or a data service the application was not approved for is refused, on either environment', async () => {
    expect(walk).toBeDefined();
    for (const [environment, sender] of [
      ['test', walk!.test],
      ['prod', walk!.prod],
    ] as const) {
      const s = subject(4);
      const by1414 = await soap(environment, sender, 'KDP_SERVICE', userDataRequestXml(fields(bank, s)), {
        properties: { consentWay: 'callcenter-1414' },
        dataType: USER_DATA_REQUEST_TYPE,
      });
      expect(faultCode(by1414.reply)).toBe('KDP-113');
      expect(
        faultCode((await ownMeans(environment, bank, sender, s, key, { access_name: 'MCDB_SERVICE' })).reply),
      ).toBe('KDP-111');
    }
  });

  it('R10.2: an ovt signed by any key but the registered one is refused, whatever kid it names', async () => {
    expect(walk).toBeDefined();
    const stranger = await keyPair(TEST_KEYS_PER_SEED - 1);
    const s = subject(5);
    for (const forged of [stranger, { ...stranger, kid: key.kid }]) {
      const reply = (await ownMeans('test', bank, walk!.test, s, forged)).reply;
      expect(reply).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'KDP-201' } });
    }
    // The registered key still works: the refusals were about the key alone.
    expect(answer((await ownMeans('test', bank, walk!.test, s, key)).reply).status).toBe('APPROVED');
  });
});

describe('R4: no credentials before approval', () => {
  it("R4: a new organisation's application gets no SHEP credentials until approved; SHEP knows neither it nor an un-onboarded fixture organisation", async () => {
    const org = fresh[1]!;
    const key = await apiKeyFor(org.bin);
    const created = await sb('POST', '/applications', key, formFor(org));
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    for (const environment of ['test', 'prod']) {
      const refused = await sb('POST', `/applications/${id}/credentials/${environment}`, key);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().requirement).toBe(environment === 'test' ? 'R4' : 'R12');
    }
    expect((await sb('GET', `/applications/${id}`, key)).json().credentials).toEqual({});
    // The fixture organisation left for a person to onboard: its generated credentials were never issued.
    const handWalk = organisationFor(env.fixtures, 'own-means-company')!;
    const listing = (await env.app.inject({ method: 'GET', url: '/env/api/v1/smart-bridge/api-keys' })).json();
    expect(listing.organisations.find((o: { bin: string }) => o.bin === handWalk.bin)).toMatchObject({
      onboardedAtSeed: false,
      applications: [],
    });
    expect(faultCode((await soap('test', handWalk.credentials.test, 'KDP_CONFORMANCE_ECHO', '<ping/>')).reply)).toBe(
      'EAUT001',
    );
    // An onboarded one's work at once.
    expect(
      (await soap('test', organisationFor(env.fixtures, 'bank')!.credentials.test, 'KDP_CONFORMANCE_ECHO', '<ping/>'))
        .reply.kind,
    ).toBe('response');
  });
});

describe('R11: the testing act cites only a successful test exchange of the organisation', () => {
  it("R11 R2.8: an act citing an unknown exchange, a failed one, another organisation's or a consent still pending is refused; successful ones are taken", async () => {
    const org = fresh[2]!;
    const key = await apiKeyFor(org.bin);
    const signing = await keyPair(CONSENT_WAY_MIX.length + 2);
    // To testing, the short way: file, protocols, submit, approve, documentation, key, test credentials.
    const id = (await sb('POST', '/applications', key, formFor(org))).json().id;
    await attachPdf(key, id, 'is-test-protocol');
    expect((await sb('POST', `/applications/${id}/submit`, key)).statusCode).toBe(200);
    await advance('2d');
    expect((await sb('POST', `/applications/${id}/approve`, authorityKey, {})).statusCode).toBe(200);
    await attachPdf(key, id, 'technical-documentation');
    const { kid } = (await sb('POST', `/applications/${id}/signature-keys`, key, { jwk: signing.publicJwk })).json()
      .signatureKeys[0];
    const issued = (await sb('POST', `/applications/${id}/credentials/test`, key)).json();
    const test: ShepCredential = { senderId: issued.senderId, password: issued.password };

    const failed = await ownMeans('test', org, test, subject(6), await keyPair(TEST_KEYS_PER_SEED - 2)); // not the registered key: KDP-201
    expect(faultCode(failed.reply)).toBe('KDP-201');
    const pending = await soap('test', test, 'KDP_SERVICE', userDataRequestXml(fields(org, subject(7))), {
      dataType: USER_DATA_REQUEST_TYPE,
    });
    expect(answer(pending.reply).status).toBe('PENDING');
    const good = await ownMeans('test', org, test, subject(6), { privateJwk: signing.privateJwk, kid });
    expect(answer(good.reply).status).toBe('APPROVED');
    const theirs = await soap(
      'test',
      organisationFor(env.fixtures, 'bank')!.credentials.test,
      'KDP_CONFORMANCE_ECHO',
      '<ping/>',
    );

    const signed = await attachPdf(key, id, 'testing-act');
    const today = (
      await sb('GET', `/calendar/deadline?from=${encodeURIComponent(env.clock.now().toISOString())}`, key)
    ).json().submittedDate;
    const act = (messageId: string) => ({
      number: 'TA-R11',
      date: today,
      informationSystem: 'Retail lending platform',
      scenarios: [
        { way: 'sms', dataService: 'GBDFLUniversal_token', result: 'passed' },
        { way: 'own-means', dataService: 'GBDFLUniversal_token', result: 'passed' },
      ],
      evidence: [{ messageId }],
      conclusion: 'Tested.',
      signatories: [{ fullName: 'Айгерим Садыкова', position: 'Head of integration', side: 'initiator' }],
      attachmentId: signed,
    });
    const refusals: [string, RegExp][] = [
      ['{00000000-0000-4000-8000-000000000000}', /no test-environment exchange .* is known/],
      [failed.messageId, /not a success: KDP-201/],
      [pending.messageId, /not a success: no access token was issued: the consent request is PENDING/],
      [theirs.messageId, /no test-environment exchange .* is known/],
    ];
    for (const [messageId, why] of refusals) {
      const res = await sb('POST', `/applications/${id}/testing-act`, key, act(messageId));
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        requirement: 'R11',
        errors: [{ field: 'body/evidence/0/messageId', requirement: 'R11' }],
      });
      expect(res.json().errors[0].message).toMatch(why);
    }
    expect((await sb('GET', `/applications/${id}`, key)).json().status).toBe('testing');

    // Once the subject answers, the SMS consent's first message proves the test as well as the own-means one.
    const phone = encodeURIComponent(subject(7).phone);
    const code = /\b(\d{6})\b/.exec(
      (await env.app.inject({ method: 'GET', url: `/sms/api/v1/phones/${phone}/messages/latest` })).json().text,
    )![1]!;
    await env.app.inject({ method: 'POST', url: `/sms/api/v1/phones/${phone}/replies`, payload: { text: code } });
    const taken = await sb('POST', `/applications/${id}/testing-act`, key, {
      ...act(good.messageId),
      evidence: [{ messageId: good.messageId }, { messageId: pending.messageId }],
    });
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({
      status: 'act-under-review',
      testingAct: {
        verifiedEvidence: [
          { messageId: good.messageId, serviceId: 'KDP_SERVICE' },
          { messageId: pending.messageId, serviceId: 'KDP_SERVICE' },
        ],
      },
    });
  });
});

describe('the environment around Smart Bridge: seeded keys, reset, the overdue sweep', () => {
  let own: InMemoryEnvironment;
  beforeAll(async () => {
    own = await createInMemoryEnvironment({ fixtures: env.fixtures });
  });
  afterAll(async () => {
    await own.close();
  });

  it('R9: moving the clock past the review deadline flags the application overdue in its record and history', async () => {
    const org = fresh[1]!;
    const key = (
      await own.app.inject({
        method: 'POST',
        url: '/env/api/v1/smart-bridge/api-keys',
        payload: { role: 'organisation', bin: org.bin },
      })
    ).json().apiKey;
    const call = (method: string, path: string, k: string, payload?: object) =>
      own.app.inject({
        method: method as 'GET',
        url: SB + path,
        headers: { authorization: `Bearer ${k}` },
        ...(payload ? { payload } : {}),
      });
    const id = (await call('POST', '/applications', key, { ...formFor(org), ways: ['sms'] })).json().id;
    expect((await call('POST', `/applications/${id}/submit`, key)).statusCode).toBe(200);
    expect(
      (await own.app.inject({ method: 'POST', url: '/env/api/v1/clock/advance', payload: { by: '30d' } })).statusCode,
    ).toBe(200);
    const authority = (await own.app.inject({ method: 'GET', url: '/env/api/v1/smart-bridge/api-keys' })).json()
      .authority.apiKey;
    expect((await call('GET', `/applications/${id}`, authority)).json()).toMatchObject({
      overdue: true,
      review: { overdueFlaggedAt: expect.any(String) },
    });
    expect((await call('GET', `/applications/${id}/history`, authority)).json().at(-1)).toMatchObject({
      action: 'flag-overdue',
      actor: { role: 'system' },
    });
  });

  it('T-SB-10 T-SB-1: the seeded keys are the same after a reset and the fixture organisations are onboarded again; random keys are gone', async () => {
    const before = (await own.app.inject({ method: 'GET', url: '/env/api/v1/smart-bridge/api-keys' })).json();
    const issued = (
      await own.app.inject({
        method: 'POST',
        url: '/env/api/v1/smart-bridge/api-keys',
        payload: { role: 'authority', name: 'Second reviewer' },
      })
    ).json();
    expect(
      (
        await own.app.inject({ method: 'GET', url: `${SB}/me`, headers: { authorization: `Bearer ${issued.apiKey}` } })
      ).json(),
    ).toMatchObject({ role: 'authority', name: 'Second reviewer' });
    expect((await own.app.inject({ method: 'POST', url: '/env/api/v1/reset' })).statusCode).toBe(200);
    const after = (await own.app.inject({ method: 'GET', url: '/env/api/v1/smart-bridge/api-keys' })).json();
    const keys = (l: {
      authority: { apiKey: string };
      organisations: { apiKey: string; onboardedAtSeed: boolean }[];
    }) => [l.authority.apiKey, ...l.organisations.map((o) => [o.apiKey, o.onboardedAtSeed])];
    expect(keys(after)).toEqual(keys(before));
    expect(
      after.organisations.filter((o: { applications: { status: string }[] }) =>
        o.applications.some((a) => a.status === 'production'),
      ),
    ).toHaveLength(env.fixtures.organisations.length - 1);
    expect(
      (await own.app.inject({ method: 'GET', url: `${SB}/me`, headers: { authorization: `Bearer ${issued.apiKey}` } }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await own.app.inject({
          method: 'GET',
          url: `${SB}/me`,
          headers: { authorization: `Bearer ${after.authority.apiKey}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('R4: the environment issues an organisation key only for a valid BIN', async () => {
    const bad = await own.app.inject({
      method: 'POST',
      url: '/env/api/v1/smart-bridge/api-keys',
      payload: { role: 'organisation', bin: '123456789012' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'body/bin' }] });
  });
});
