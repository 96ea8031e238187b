import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, approved, draft, exchange, expectStatus, ORG_PUBLIC_PEM, submitted, testing } from './flow-helpers.ts';
import { BANK_BIN, COMPANY_BIN, DAY, pdf, setup, upload, validForm, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

function problem(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return res.json();
}

const fields = (p: { errors?: { field: string }[] }) => (p.errors ?? []).map((e) => e.field);

describe('the application form (R5.1–R5.5, R6)', () => {
  it('R6: a complete form is filed as a draft owned by the caller', async () => {
    const res = await env.call('POST', '/applications', env.bankKey, validForm(BANK_BIN));
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/smart-bridge/api/v1/applications/${res.json().id}`);
    expect(res.json()).toMatchObject({ status: 'draft', bin: BANK_BIN, overdue: false, version: 1, attachments: [] });
  });

  it('R5.1: an application without services is refused with the field named', async () => {
    const p = problem(await env.call('POST', '/applications', env.bankKey, validForm(BANK_BIN, { services: [] })), 400);
    expect(fields(p)).toEqual(['body/services']);
  });

  it('R5.2: each service names known data services and describes its business process', async () => {
    const form = validForm(BANK_BIN);
    form.services[0]!.dataServices = ['NO_SUCH_SERVICE'];
    expect(fields(problem(await env.call('POST', '/applications', env.bankKey, form), 400))).toEqual([
      'body/services/0/dataServices/0',
    ]);
    const short = validForm(BANK_BIN);
    short.services[0]!.businessProcess = 'loans';
    expect(fields(problem(await env.call('POST', '/applications', env.bankKey, short), 400))).toEqual([
      'body/services/0/businessProcess',
    ]);
  });

  it('R5.3: the stage of service provision is one of the profile', async () => {
    const form = validForm(BANK_BIN);
    form.services[0]!.stage = 'whenever';
    expect(fields(problem(await env.call('POST', '/applications', env.bankKey, form), 400))).toEqual([
      'body/services/0/stage',
    ]);
  });

  it('R5.4: storage and processing periods are whole numbers of days', async () => {
    const form = validForm(BANK_BIN);
    form.dataHandling.storagePeriodDays = -1;
    expect(fields(problem(await env.call('POST', '/applications', env.bankKey, form), 400))).toEqual([
      'body/dataHandling/storagePeriodDays',
    ]);
    const missing = validForm(BANK_BIN) as unknown as { dataHandling: Record<string, unknown> };
    delete missing.dataHandling.processingPeriodDays;
    expect(fields(problem(await env.call('POST', '/applications', env.bankKey, missing), 400))).toEqual([
      'body/dataHandling/processingPeriodDays',
    ]);
  });

  it('R5.5: at least one ground for storing personal data is stated', async () => {
    const form = validForm(BANK_BIN);
    form.dataHandling.storageGrounds = [];
    expect(fields(problem(await env.call('POST', '/applications', env.bankKey, form), 400))).toEqual([
      'body/dataHandling/storageGrounds',
    ]);
  });

  it('R6: the form rules report every violation at once, each with its field and requirement', async () => {
    const form = validForm(BANK_BIN, {
      organisation: {
        ...validForm(BANK_BIN).organisation,
        bin: BANK_BIN.slice(0, 11) + String((Number(BANK_BIN[11]) + 1) % 10),
        kind: 'company',
      },
      ways: ['own-means', 'proactive', 'notification'],
    });
    form.services.push({ ...form.services[0]! });
    const p = problem(await env.call('POST', '/applications', env.bankKey, form), 422);
    expect(p).toMatchObject({ type: 'urn:kdp-conformance:problem:application-invalid', requirement: 'R6' });
    expect(p.errors).toEqual([
      { field: 'body/organisation/bin', message: expect.stringMatching(/check digit/), requirement: 'R6' },
      { field: 'body/services/1/name', message: 'two services have the same name', requirement: 'R5.1' },
      { field: 'body/ways/0', message: expect.stringMatching(/only for banks/), requirement: 'R7.2' },
      { field: 'body/ways/1', message: expect.stringMatching(/proactive services/), requirement: 'R7.3' },
      {
        field: 'body/article9Grounds',
        message: expect.stringMatching(/needs an Article 9 ground/),
        requirement: 'R7.4',
      },
    ]);
  });

  it('R6: an organisation applies only for its own BIN', async () => {
    const p = problem(await env.call('POST', '/applications', env.bankKey, validForm(COMPANY_BIN)), 422);
    expect(p.errors).toEqual([
      {
        field: 'body/organisation/bin',
        message: `an organisation applies only for itself: the BIN must be ${BANK_BIN}`,
        requirement: 'R6',
      },
    ]);
  });

  it('R6: a draft can be changed, and the changed form is checked again', async () => {
    const id = await draft(env);
    const changed = validForm(BANK_BIN, { ways: ['sms'] });
    const res = await env.call('PUT', `/applications/${id}`, env.bankKey, changed);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, form: { ways: ['sms'] } });
    const bad = validForm(BANK_BIN, { ways: ['sms'], article9Grounds: ['art9-1'] });
    expect(problem(await env.call('PUT', `/applications/${id}`, env.bankKey, bad), 422).errors[0].field).toBe(
      'body/article9Grounds',
    );
  });
});

describe('way eligibility (R7.0, R8)', () => {
  it('R7.0: own means is open to a company with an agreement and a connection to the operations center', async () => {
    const org = { ...validForm(COMPANY_BIN).organisation, kind: 'company' as const };
    const refused = await env.call(
      'POST',
      '/applications',
      env.companyKey,
      validForm(COMPANY_BIN, { organisation: { ...org, agreementWithAuthorizedBody: true } }),
    );
    expect(problem(refused, 422).errors[0]).toMatchObject({ field: 'body/ways/1', requirement: 'R7.2' });
    const ok = await env.call(
      'POST',
      '/applications',
      env.companyKey,
      validForm(COMPANY_BIN, { organisation: { ...org, agreementWithAuthorizedBody: true, connectedToSoc: true } }),
    );
    expect(ok.statusCode).toBe(201);
  });

  it('R7.0: proactive needs a proactive-service provider; notification needs an Article 9 ground and only then', async () => {
    const org = validForm(BANK_BIN).organisation;
    expect(
      (
        await env.call(
          'POST',
          '/applications',
          env.bankKey,
          validForm(BANK_BIN, { organisation: { ...org, proactiveServiceProvider: true }, ways: ['proactive'] }),
        )
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await env.call(
          'POST',
          '/applications',
          env.bankKey,
          validForm(BANK_BIN, { ways: ['notification'], article9Grounds: ['art9-2'] }),
        )
      ).statusCode,
    ).toBe(201);
    const orphan = await env.call(
      'POST',
      '/applications',
      env.bankKey,
      validForm(BANK_BIN, { ways: ['sms'], article9Grounds: ['art9-2'] }),
    );
    expect(problem(orphan, 422).errors[0]).toMatchObject({ field: 'body/article9Grounds', requirement: 'R7.4' });
  });

  it('R8: own means cannot be submitted without the information-security test protocols', async () => {
    const id = await draft(env);
    const p = problem(await env.call('POST', `/applications/${id}/submit`, env.bankKey), 422);
    expect(p).toMatchObject({ type: 'urn:kdp-conformance:problem:not-eligible', requirement: 'R8' });
    expect(p.errors).toEqual([
      { field: 'application/attachments', message: expect.stringMatching(/test protocols/), requirement: 'R8' },
    ]);
    const protocol = await upload(env, env.bankKey, 'is-test-protocol', pdf(1000));
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: protocol }), 200);
    expect((await env.call('POST', `/applications/${id}/submit`, env.bankKey)).json().status).toBe('under-review');
  });

  it('R7.0: a system under the unified requirements (decree 832) needs its test protocols too', async () => {
    const id = await draft(
      env,
      validForm(BANK_BIN, { ways: ['sms'], informationSystem: { name: 'CRM', subjectToUnifiedRequirements: true } }),
    );
    const p = problem(await env.call('POST', `/applications/${id}/submit`, env.bankKey), 422);
    expect(p.errors).toEqual([
      { field: 'application/attachments', message: expect.stringMatching(/decree No 832/), requirement: 'R7.0' },
    ]);
  });

  it('R7.0: a form without those needs goes through without protocols', async () => {
    const id = await draft(env, validForm(BANK_BIN, { ways: ['sms', 'callcenter-1414'] }));
    expect((await env.call('POST', `/applications/${id}/submit`, env.bankKey)).statusCode).toBe(200);
  });
});

describe('review by the authorized body (R9, R5.6)', () => {
  it('R9: submission sets the deadline ten working days on, across Nauryz and its substitutes', async () => {
    const id = await submitted(env);
    const app = (await env.call('GET', `/applications/${id}`, env.bankKey)).json();
    expect(app.review).toMatchObject({
      submittedDate: '2026-03-20',
      deadlineDate: '2026-04-08',
      deadline: '2026-04-08T18:59:59.999Z',
      workingDays: 10,
      calendarComplete: true,
    });
    expect(app.overdue).toBe(false);
  });

  it('R9: the application is flagged overdue the moment the virtual clock passes the deadline', async () => {
    const id = await submitted(env);
    const get = async () => (await env.call('GET', `/applications/${id}`, env.authorityKey)).json();
    env.clock.advance(Date.parse('2026-04-08T18:59:59.999Z') - env.clock.nowMs());
    expect((await get()).overdue).toBe(false);
    expect(await env.bridge.applications.sweepOverdue()).toEqual([]);
    env.clock.advance(1);
    expect((await get()).overdue).toBe(true);
    const listed = (await env.call('GET', '/applications?overdue=true', env.authorityKey)).json().items;
    expect(listed.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(await env.bridge.applications.sweepOverdue()).toEqual([id]);
    expect(await env.bridge.applications.sweepOverdue()).toEqual([]);
    expect((await get()).review.overdueFlaggedAt).toBe('2026-04-08T19:00:00.000Z');
    const history = (await env.call('GET', `/applications/${id}/history`, env.authorityKey)).json();
    expect(history.at(-1)).toMatchObject({
      action: 'flag-overdue',
      actor: { role: 'system' },
      reason: expect.stringMatching(/2026-04-08/),
    });
    // A late decision is still taken, and says it was late.
    const res = await env.call('POST', `/applications/${id}/approve`, env.authorityKey, {});
    expect(res.json()).toMatchObject({ status: 'approved', overdue: false, decision: { withinDeadline: false } });
  });

  it('R9: an approval within the deadline grants what was asked, or the part the authority names', async () => {
    const id = await submitted(env);
    env.clock.advance(3 * DAY);
    const res = await env.call('POST', `/applications/${id}/approve`, env.authorityKey, {
      services: ['GBDFLUniversal_token'],
      comment: 'MCDB is not needed for scoring',
    });
    expect(res.json()).toMatchObject({
      status: 'approved',
      approved: { services: ['GBDFLUniversal_token'], ways: ['sms', 'own-means'], article9Grounds: [] },
      decision: {
        outcome: 'approved',
        by: { role: 'authority', name: 'Reviewer One' },
        withinDeadline: true,
        comment: 'MCDB is not needed for scoring',
      },
    });
  });

  it('R7.0, T-SB-7: the authority cannot approve more than was asked', async () => {
    const id = await submitted(env);
    const p = problem(
      await env.call('POST', `/applications/${id}/approve`, env.authorityKey, { ways: ['sms', 'notification'] }),
      422,
    );
    expect(fields(p)).toContain('body/ways/1');
  });

  it('R5.6: a rejection needs reasons, and records them', async () => {
    const id = await submitted(env);
    expect(
      fields(problem(await env.call('POST', `/applications/${id}/reject`, env.authorityKey, { reasons: [] }), 400)),
    ).toEqual(['body/reasons']);
    const blank = problem(
      await env.call('POST', `/applications/${id}/reject`, env.authorityKey, { reasons: [{ message: '   ' }] }),
      422,
    );
    expect(blank).toMatchObject({ requirement: 'R5.6', errors: [{ field: 'body/reasons/0/message' }] });
    const reasons = [
      { message: 'The storage period exceeds what the Law on banks requires', field: 'dataHandling/storagePeriodDays' },
    ];
    const res = await env.call('POST', `/applications/${id}/reject`, env.authorityKey, { reasons });
    expect(res.json()).toMatchObject({ status: 'rejected', decision: { outcome: 'rejected', reasons } });
    const history = (await env.call('GET', `/applications/${id}/history`, env.bankKey)).json();
    expect(history.at(-1)).toMatchObject({
      action: 'reject',
      from: 'under-review',
      to: 'rejected',
      reason: reasons[0]!.message,
    });
  });

  it('R5.6: a rejected application is revised as a draft and submitted again with a new deadline', async () => {
    const id = await submitted(env);
    await env.call('POST', `/applications/${id}/reject`, env.authorityKey, { reasons: [{ message: 'incomplete' }] });
    expect(problem(await env.call('PUT', `/applications/${id}`, env.bankKey, validForm(BANK_BIN)), 409).type).toMatch(
      /invalid-transition/,
    );
    expect((await env.call('POST', `/applications/${id}/revise`, env.bankKey)).json().status).toBe('draft');
    expectStatus(
      await env.call(
        'PUT',
        `/applications/${id}`,
        env.bankKey,
        validForm(BANK_BIN, {
          dataHandling: {
            storagePeriodDays: 365,
            processingPeriodDays: 30,
            storageGrounds: [{ basis: 'law', reference: 'Law on banks' }],
          },
        }),
      ),
      200,
    );
    env.clock.advance(14 * DAY);
    const res = (await env.call('POST', `/applications/${id}/submit`, env.bankKey)).json();
    expect(res).toMatchObject({ status: 'under-review', submissions: 2, review: { submittedDate: '2026-04-03' } });
    expect(res.decision).toBeUndefined();
  });

  it('R9: only the authorized body decides, and only an application under review', async () => {
    const id = await submitted(env);
    expect(problem(await env.call('POST', `/applications/${id}/approve`, env.bankKey, {}), 403).type).toMatch(
      /forbidden/,
    );
    expect(
      problem(await env.call('POST', `/applications/${id}/reject`, env.bankKey, { reasons: [{ message: 'x' }] }), 403)
        .type,
    ).toMatch(/forbidden/);
    const fresh = await draft(env);
    expect(problem(await env.call('POST', `/applications/${fresh}/approve`, env.authorityKey, {}), 409)).toMatchObject({
      requirement: 'R9',
      currentStatus: 'draft',
    });
  });

  it('T-SB-2: organisations file applications; the authority does not', async () => {
    expect(problem(await env.call('POST', '/applications', env.authorityKey, validForm(BANK_BIN)), 403).type).toMatch(
      /forbidden/,
    );
    const id = await draft(env);
    expect(problem(await env.call('POST', `/applications/${id}/submit`, env.authorityKey), 403).type).toMatch(
      /forbidden/,
    );
  });

  it('T-SB-4: an organisation withdraws its application, with its reason in the history', async () => {
    const id = await submitted(env);
    const res = await env.call('POST', `/applications/${id}/withdraw`, env.bankKey, {
      reason: 'the project was cancelled',
    });
    expect(res.json().status).toBe('withdrawn');
    const history = (await env.call('GET', `/applications/${id}/history`, env.bankKey)).json();
    expect(history.at(-1)).toMatchObject({
      action: 'withdraw',
      reason: 'the project was cancelled',
      from: 'under-review',
      to: 'withdrawn',
    });
    expect(problem(await env.call('POST', `/applications/${id}/submit`, env.bankKey), 409).type).toMatch(
      /invalid-transition/,
    );
  });
});

describe('after approval: documentation, key, test credentials (R4, R10.1, R10.2)', () => {
  it('R4: no test credentials exist before an application is approved', async () => {
    const id = await submitted(env);
    const p = problem(await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey), 409);
    expect(p).toMatchObject({ type: 'urn:kdp-conformance:problem:not-approved', requirement: 'R4' });
    const fresh = await draft(env);
    expect(
      problem(await env.call('POST', `/applications/${fresh}/credentials/test`, env.bankKey), 409).requirement,
    ).toBe('R4');
    expect(env.credentials.issued).toEqual([]);
  });

  it('R10.1: test credentials wait for the technical documentation', async () => {
    const id = await approved(env);
    const p = problem(await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey), 409);
    expect(p).toMatchObject({ type: 'urn:kdp-conformance:problem:documentation-missing', requirement: 'R10.1' });
    expect(env.credentials.issued).toEqual([]);
  });

  it('R10.2, T-SB-8: own means waits for the signature key; then test credentials are issued once', async () => {
    const id = await approved(env);
    const doc = await upload(env, env.bankKey, 'technical-documentation', pdf(4000));
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: doc }), 200);
    expect(problem(await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey), 409)).toMatchObject({
      requirement: 'R10.2',
    });

    const key = await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, { pem: ORG_PUBLIC_PEM });
    expect(key.json().signatureKeys).toEqual([
      expect.objectContaining({
        kty: 'EC',
        crv: 'P-256',
        alg: 'ES256',
        jwk: expect.not.objectContaining({ d: expect.anything() }),
      }),
    ]);
    expect(
      problem(await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, { pem: ORG_PUBLIC_PEM }), 409)
        .type,
    ).toMatch(/signature-key-exists/);

    const res = await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({
      environment: 'test',
      senderId: `test-${BANK_BIN}-1`,
      password: expect.any(String),
      application: { status: 'testing' },
    });
    expect(res.json().application.credentials).toEqual({
      test: { senderId: `test-${BANK_BIN}-1`, issuedAt: expect.any(String) },
    });
    expect(env.credentials.issued).toEqual([{ bin: BANK_BIN, environment: 'test', credential: expect.anything() }]);
    expect(problem(await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey), 409).type).toMatch(
      /credentials-already-issued/,
    );
    // The password is not kept anywhere the API can show it again.
    expect(JSON.stringify((await env.call('GET', `/applications/${id}`, env.bankKey)).json())).not.toContain(
      res.json().password,
    );
  });

  it('R10.2: without own means no key is required; the key is refused before approval and when private', async () => {
    const early = await draft(env);
    expect(
      problem(
        await env.call('POST', `/applications/${early}/signature-keys`, env.bankKey, { pem: ORG_PUBLIC_PEM }),
        409,
      ).requirement,
    ).toBe('R10.2');
    const id = await approved(env, { ways: ['sms'] });
    const priv = await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, {
      jwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'c' },
    });
    expect(problem(priv, 422)).toMatchObject({ requirement: 'R10.2', errors: [{ field: 'body/jwk' }] });
    const doc = await upload(env, env.bankKey, 'technical-documentation', pdf(4000));
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: doc }), 200);
    expect((await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey)).statusCode).toBe(201);
  });

  it('R10.2: a key the state service could never verify an ovt with is refused at registration, not after credentials', async () => {
    const id = await approved(env);
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'pem' });
    const p = problem(await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, { pem }), 422);
    expect(p).toMatchObject({
      type: 'urn:kdp-conformance:problem:signature-algorithm-refused',
      requirement: 'R10.2',
      errors: [{ field: 'body/pem', message: expect.stringContaining('RS256, ES256') }],
    });
    expect((await env.call('GET', `/applications/${id}`, env.bankKey)).json().signatureKeys).toEqual([]);
  });

  it('R10.2: the number of keys an application holds is bounded', async () => {
    const id = await approved(env);
    const { generateKeyPairSync } = await import('node:crypto');
    for (let i = 0; i < 3; i++) {
      const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
      expectStatus(await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, { pem }), 200);
    }
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(
      problem(await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, { pem }), 409).type,
    ).toMatch(/too-many-keys/);
  });
});

describe('the testing act and production (R11, R12)', () => {
  it('R11: the act is filed only in testing', async () => {
    const id = await approved(env);
    const p = problem(
      await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, {
        ...(await actBody(id)),
        attachmentId: crypto.randomUUID(),
      }),
      409,
    );
    expect(p).toMatchObject({ requirement: 'R11', currentStatus: 'approved' });
  });

  async function actBody(_id: string) {
    return {
      number: 'TA-1',
      date: '2026-03-20',
      informationSystem: 'x',
      scenarios: [{ way: 'sms', dataService: 'GBDFLUniversal_token', result: 'passed' }],
      evidence: [{ messageId: 'm' }],
      conclusion: 'ok',
      signatories: [{ fullName: 'A', position: 'B', side: 'initiator' }],
    };
  }

  it('R11: every cited response must be a successful test-environment response of this organisation with a valid token', async () => {
    const { id } = await testing(env);
    const cases: [string, string, RegExp][] = [
      ['unknown', 'no-such-message', /no test-environment exchange no-such-message/],
      ['prod', exchange(env, { environment: 'prod' }), /prod environment/],
      ['failed', exchange(env, { successful: false }), /not a success/],
      ['no token', exchange(env, { securityToken: { presented: false, valid: false } }), /no security token/],
      [
        'bad token',
        exchange(env, { securityToken: { presented: true, valid: false, reason: 'expired' } }),
        /not valid: expired/,
      ],
      ['stale', exchange(env, { at: env.clock.nowMs() - 1 }), /predates/],
      ['stranger', exchange(env, { senderBin: COMPANY_BIN }), /no test-environment exchange .* of this organisation/],
    ];
    for (const [label, messageId, message] of cases) {
      const p = problem(
        await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, await act(env, id, [messageId])),
        422,
      );
      expect(p, label).toMatchObject({ type: 'urn:kdp-conformance:problem:testing-act-invalid', requirement: 'R11' });
      expect(p.errors, label).toEqual([
        { field: 'body/evidence/0/messageId', message: expect.stringMatching(message), requirement: 'R11' },
      ]);
    }
    expect((await env.call('GET', `/applications/${id}`, env.bankKey)).json().status).toBe('testing');
  });

  it('R11: the act covers every approved way with a passed scenario, cites the signed document and its date is plausible', async () => {
    const { id } = await testing(env);
    const good = exchange(env);
    const onlySms = await act(env, id, [good], {
      scenarios: [{ way: 'sms', dataService: 'GBDFLUniversal_token', result: 'passed' }],
    });
    expect(
      problem(await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, onlySms), 422).errors,
    ).toEqual([
      { field: 'body/scenarios', message: 'no passed scenario for the approved way "own-means"', requirement: 'R11' },
    ]);
    const failed = await act(env, id, [good], {
      scenarios: [
        { way: 'sms', dataService: 'GBDFLUniversal_token', result: 'failed' },
        { way: 'own-means', dataService: 'MCDB_SERVICE', result: 'passed' },
        { way: 'callcenter-1414', dataService: 'MCDB_SERVICE', result: 'passed' },
      ],
    });
    expect(
      fields(problem(await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, failed), 422)),
    ).toEqual(['body/scenarios/0/result', 'body/scenarios/2/way', 'body/scenarios']);
    const unattached = await act(env, id, [good], { attachmentId: crypto.randomUUID(), date: '2026-03-19' });
    expect(
      fields(problem(await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, unattached), 422)),
    ).toEqual(['body/date', 'body/attachmentId']);
  });

  it('R11, R12: a rejected act returns to testing; an accepted one opens production credentials, once', async () => {
    const { id, senderId } = await testing(env);
    expect(problem(await env.call('POST', `/applications/${id}/credentials/prod`, env.bankKey), 409)).toMatchObject({
      requirement: 'R12',
    });
    env.clock.advance(DAY);
    const filed = await env.call(
      'POST',
      `/applications/${id}/testing-act`,
      env.bankKey,
      await act(env, id, [exchange(env)]),
    );
    expect(filed.json()).toMatchObject({
      status: 'act-under-review',
      testingAct: {
        status: 'under-review',
        verifiedEvidence: [{ serviceId: 'KDP_SERVICE', tokenId: expect.any(String) }],
      },
    });
    expect(problem(await env.call('POST', `/applications/${id}/credentials/prod`, env.bankKey), 409)).toMatchObject({
      requirement: 'R12',
    });
    expect(
      problem(await env.call('POST', `/applications/${id}/testing-act/accept`, env.bankKey, {}), 403).type,
    ).toMatch(/forbidden/);

    const rejected = await env.call('POST', `/applications/${id}/testing-act/reject`, env.authorityKey, {
      reasons: [{ message: 'the own-means scenario lacks the signed consent evidence' }],
    });
    expect(rejected.json()).toMatchObject({
      status: 'testing',
      testingAct: { status: 'rejected', reasons: [{ message: expect.any(String) }] },
    });

    expectStatus(
      await env.call(
        'POST',
        `/applications/${id}/testing-act`,
        env.bankKey,
        await act(env, id, [exchange(env)], { number: 'TA-2026-002' }),
      ),
      200,
    );
    const accepted = await env.call('POST', `/applications/${id}/testing-act/accept`, env.authorityKey, {
      comment: 'complete',
    });
    expect(accepted.json()).toMatchObject({
      status: 'act-accepted',
      testingAct: { status: 'accepted', number: 'TA-2026-002', decidedBy: { role: 'authority' } },
    });

    const prod = await env.call('POST', `/applications/${id}/credentials/prod`, env.bankKey);
    expect(prod.statusCode).toBe(201);
    expect(prod.json()).toMatchObject({ environment: 'prod', application: { status: 'production' } });
    expect(prod.json().senderId).not.toBe(senderId);
    expect(prod.json().password).not.toBe('');
    expect(env.credentials.issued.map((i) => i.environment)).toEqual(['test', 'prod']);
    expect(problem(await env.call('POST', `/applications/${id}/credentials/prod`, env.bankKey), 409).type).toMatch(
      /credentials-already-issued/,
    );
  });
});

describe('history (every state change: who, when, why)', () => {
  it('T-SB-4: keeps each change in order, in the Store, with actor, time, transition and reason', async () => {
    const { id } = await testing(env);
    const history = (await env.call('GET', `/applications/${id}/history`, env.authorityKey)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'attach',
      'submit',
      'approve',
      'attach',
      'register-signature-key',
      'issue-test-credentials',
    ]);
    expect(history.map((h: { seq: number }) => h.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(history[2]).toMatchObject({
      actor: { role: 'organisation', bin: BANK_BIN },
      from: 'draft',
      to: 'under-review',
      at: '2026-03-20T05:00:00.000Z',
      reason: expect.any(String),
    });
    expect(history[3]).toMatchObject({
      actor: { role: 'authority', name: 'Reviewer One' },
      from: 'under-review',
      to: 'approved',
      details: { withinDeadline: true },
    });
    expect(history[6]).toMatchObject({
      from: 'approved',
      to: 'testing',
      details: { environment: 'test', senderId: expect.any(String) },
    });
    for (const h of history) expect(h.reason.length).toBeGreaterThan(0);
    // It is the Store that holds it.
    expect(await env.store.collection('smart-bridge-history').count({ where: { applicationId: id } })).toBe(7);
  });

  it('T-SB-4: a refused change leaves no trace', async () => {
    const id = await draft(env);
    await env.call('POST', `/applications/${id}/submit`, env.bankKey);
    const history = (await env.call('GET', `/applications/${id}/history`, env.bankKey)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create']);
    expect((await env.call('GET', `/applications/${id}`, env.bankKey)).json().version).toBe(1);
  });
});

describe('listing', () => {
  it('T-SB-2: an organisation lists its own applications; the authority lists all and filters', async () => {
    const mine = await draft(env);
    const org = { ...validForm(COMPANY_BIN).organisation, kind: 'company' as const };
    const theirs = await draft(env, validForm(COMPANY_BIN, { organisation: org, ways: ['sms'] }), env.companyKey);
    const ids = async (key: string, q = '') =>
      (await env.call('GET', `/applications${q}`, key)).json().items.map((a: { id: string }) => a.id);
    expect(await ids(env.bankKey)).toEqual([mine]);
    expect(await ids(env.companyKey)).toEqual([theirs]);
    expect(await ids(env.authorityKey)).toEqual([mine, theirs]);
    expect(await ids(env.authorityKey, `?bin=${COMPANY_BIN}`)).toEqual([theirs]);
    expect(await ids(env.authorityKey, '?status=under-review')).toEqual([]);
    // The bin filter is the authority's: an organisation still sees only its own.
    expect(await ids(env.companyKey, `?bin=${BANK_BIN}`)).toEqual([theirs]);
  });
});
