import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, approved, draft, exchange, expectStatus, ORG_PUBLIC_PEM, submitted, testing } from './flow-helpers.ts';
import { BANK_BIN, COMPANY_BIN, pdf, setup, upload, validForm, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

const grant = (env: Env, environment: 'test' | 'prod', bin = BANK_BIN) =>
  env.bridge.registry.grantFor(bin, environment);

describe('SmartBridgeIntegrationRegistry (R4, R7.0, R10.2, R12)', () => {
  it('R4: grants nothing before approval, nor after approval until test credentials are issued', async () => {
    await draft(env);
    expect(await grant(env, 'test')).toBeUndefined();
    const id = await submitted(env);
    expect(await grant(env, 'test')).toBeUndefined();
    await env.call('POST', `/applications/${id}/approve`, env.authorityKey, {});
    expect(await grant(env, 'test')).toBeUndefined();
    expect(await grant(env, 'prod')).toBeUndefined();
  });

  it('R7.0, R10.2: grants the test environment only what was approved, verified with the registered key only', async () => {
    await testing(env, { services: ['GBDFLUniversal_token'], ways: ['own-means'] });
    const g = await grant(env, 'test');
    const app = (await env.call('GET', '/applications', env.bankKey)).json().items[0];
    expect(g).toEqual({
      bin: BANK_BIN,
      organisationName: app.form.organisation.name,
      environment: 'test',
      ways: ['own-means'],
      services: ['GBDFLUniversal_token'],
      article9Grounds: [],
      ovtKeys: [app.signatureKeys[0].jwk],
    });
    expect(g!.ovtKeys[0]).not.toHaveProperty('d');
    expect(await grant(env, 'prod')).toBeUndefined();
    expect(await grant(env, 'test', COMPANY_BIN)).toBeUndefined();
  });

  it('R12: production opens only when the testing act is accepted, and test access stays', async () => {
    const { id } = await testing(env);
    expectStatus(
      await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, await act(env, id, [exchange(env)])),
      200,
    );
    expect(await grant(env, 'prod')).toBeUndefined();
    expectStatus(await env.call('POST', `/applications/${id}/testing-act/accept`, env.authorityKey, {}), 200);
    expect(await grant(env, 'prod')).toMatchObject({
      environment: 'prod',
      ways: ['sms', 'own-means'],
      services: ['GBDFLUniversal_token', 'MCDB_SERVICE'],
    });
    expectStatus(await env.call('POST', `/applications/${id}/credentials/prod`, env.bankKey), 201);
    expect(await grant(env, 'prod')).toBeDefined();
    expect(await grant(env, 'test')).toBeDefined();
  });

  it('R7.4: grants Article 9 grounds only with the approved notification way', async () => {
    const id = await approved(
      env,
      {},
      validForm(BANK_BIN, { ways: ['notification', 'sms'], article9Grounds: ['art9-1', 'art9-2'] }),
    );
    const doc = await upload(env, env.bankKey, 'technical-documentation', pdf(100));
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: doc }), 200);
    expectStatus(await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey), 201);
    expect(await grant(env, 'test')).toMatchObject({
      ways: ['notification', 'sms'],
      article9Grounds: ['art9-1', 'art9-2'],
      ovtKeys: [],
    });

    const narrowed = await approved(
      env,
      { ways: ['sms'] },
      validForm(BANK_BIN, { ways: ['notification', 'sms'], article9Grounds: ['art9-9'] }),
    );
    const app = (await env.call('GET', `/applications/${narrowed}`, env.bankKey)).json();
    expect(app.approved).toEqual({
      services: ['GBDFLUniversal_token', 'MCDB_SERVICE'],
      ways: ['sms'],
      article9Grounds: [],
    });
  });

  it('R7.0: merges several open applications into one grant, and keeps them apart in grantsFor', async () => {
    await testing(env, { ways: ['own-means'], services: ['MCDB_SERVICE'] });
    const second = await approved(env, {}, validForm(BANK_BIN, { ways: ['callcenter-1414'] }));
    const doc = await upload(env, env.bankKey, 'technical-documentation', pdf(100));
    expectStatus(await env.call('POST', `/applications/${second}/attachments`, env.bankKey, { uploadId: doc }), 200);
    expectStatus(
      await env.call('POST', `/applications/${second}/signature-keys`, env.bankKey, { pem: ORG_PUBLIC_PEM }),
      200,
    );
    expectStatus(await env.call('POST', `/applications/${second}/credentials/test`, env.bankKey), 201);

    const grants = await env.bridge.registry.grantsFor(BANK_BIN, 'test');
    expect(grants.map((g) => g.ways)).toEqual([['own-means'], ['callcenter-1414']]);
    const merged = await grant(env, 'test');
    expect(merged).toMatchObject({
      ways: ['own-means', 'callcenter-1414'],
      services: ['MCDB_SERVICE', 'GBDFLUniversal_token'],
    });
    // The same key registered on both applications appears once.
    expect(merged!.ovtKeys).toHaveLength(1);
  });

  it('R4: withdrawn or rejected applications grant nothing', async () => {
    const id = await submitted(env);
    await env.call('POST', `/applications/${id}/reject`, env.authorityKey, { reasons: [{ message: 'no' }] });
    expect(await env.bridge.registry.grantsFor(BANK_BIN, 'test')).toEqual([]);
  });
});
