import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { organisationFor } from '../../fixtures/index.ts';
import type { FixtureSet } from '../../fixtures/types.ts';
import { FixtureIntegrationRegistry } from '../integration/fixture-registry.ts';
import { testFixtures } from '../kdp/testing.ts';
import {
  describeSeededAccess,
  eligibleWays,
  FIXTURE_AUTHORITY_NAME,
  fixtureApiKey,
  seedSmartBridge,
} from './bootstrap.ts';
import { setup, type Env } from './test-support.ts';
import { actContentErrors } from './testing-act.ts';

let fixtures: FixtureSet;
let env: Env;
beforeAll(async () => {
  fixtures = await testFixtures();
});
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

describe('the environment onboards its fixture organisations through Smart Bridge (R4–R12)', () => {
  it("T-SB-10 R4 R12: every fixture organisation but the one left for a person ends in production, with the fixtures' own credentials", async () => {
    const access = await seedSmartBridge(env.bridge, fixtures);
    const handWalk = organisationFor(fixtures, 'own-means-company')!;
    for (const org of fixtures.organisations) {
      const apps = await env.bridge.applications.ofOrganisation(org.bin);
      if (org === handWalk) {
        expect(apps).toEqual([]);
        continue;
      }
      expect(apps.map((a) => a.status)).toEqual(['production']);
      expect(apps[0]!.credentials).toMatchObject({
        test: { senderId: org.credentials.test.senderId },
        prod: { senderId: org.credentials.prod.senderId },
      });
    }
    // The issuer was asked for exactly the fixture credentials, per environment (R12).
    expect(env.credentials.issued.filter((i) => i.bin === organisationFor(fixtures, 'bank')!.bin)).toEqual([
      {
        bin: organisationFor(fixtures, 'bank')!.bin,
        environment: 'test',
        credential: organisationFor(fixtures, 'bank')!.credentials.test,
      },
      {
        bin: organisationFor(fixtures, 'bank')!.bin,
        environment: 'prod',
        credential: organisationFor(fixtures, 'bank')!.credentials.prod,
      },
    ]);
    expect(access.organisations.find((o) => o.bin === handWalk.bin)).toMatchObject({
      role: 'own-means-company',
      onboardedAtSeed: false,
      applications: [],
    });
  });

  it('T-SB-10 R7.0 R10.2: what SHEP and the state service are granted is what the old fixture grants gave: the eligible ways, the services, the own-means keys', async () => {
    await seedSmartBridge(env.bridge, fixtures, { notOnboarded: [] });
    const old = new FixtureIntegrationRegistry(fixtures);
    for (const org of fixtures.organisations) {
      for (const environment of ['test', 'prod'] as const) {
        const grant = (await env.bridge.registry.grantFor(org.bin, environment))!;
        const before = (await old.grantFor(org.bin, environment))!;
        expect(grant.ways.toSorted()).toEqual(before.ways.toSorted());
        expect(grant).toMatchObject({ services: before.services, article9Grounds: before.article9Grounds });
        expect(grant.ovtKeys.map((k) => k.kid)).toEqual(before.ovtKeys.map((k) => k.kid));
      }
    }
    expect(eligibleWays(organisationFor(fixtures, 'agreement-without-soc-company')!)).toEqual([
      'callcenter-1414',
      'sms',
    ]);
  });

  it("T-SB-10 R11: the seed's testing act cites no exchange and says so; every step is in the history", async () => {
    await seedSmartBridge(env.bridge, fixtures);
    const bank = organisationFor(fixtures, 'bank')!;
    const [app] = await env.bridge.applications.ofOrganisation(bank.bin);
    expect(app!.testingAct).toMatchObject({
      status: 'accepted',
      evidence: [],
      verifiedEvidence: [],
      evidenceWaived: expect.stringContaining('seed'),
    });
    const reviewer = (await env.bridge.apiKeys.authenticate(
      fixtureApiKey(fixtures.seed, { role: 'authority', name: FIXTURE_AUTHORITY_NAME }).apiKey,
    ))!;
    const history = await env.bridge.applications.historyOf(reviewer, app!.id);
    expect(history.map((h) => h.action)).toEqual([
      'create',
      'attach',
      'submit',
      'approve',
      'attach',
      'register-signature-key',
      'register-signature-key',
      'issue-test-credentials',
      'attach',
      'submit-testing-act',
      'accept-testing-act',
      'issue-prod-credentials',
    ]);
    expect(history.find((h) => h.action === 'submit-testing-act')!.reason).toMatch(/without cited exchanges/);
    expect(history.find((h) => h.action === 'approve')!.actor).toEqual({
      role: 'authority',
      name: FIXTURE_AUTHORITY_NAME,
    });
  });

  it('T-SB-10 R11: outside the seed, a waiver does not excuse cited messages, and an act without evidence is refused', async () => {
    await seedSmartBridge(env.bridge, fixtures, { notOnboarded: [] });
    const app = (await env.bridge.applications.ofOrganisation(organisationFor(fixtures, 'bank')!.bin))[0]!;
    const act = { ...app.testingAct!, evidence: [{ messageId: 'm-1' }] };
    const asTesting = { ...app, status: 'testing' as const };
    expect(
      actContentErrors(act, asTesting, env.bridge.profile, env.clock.nowMs(), { evidenceWaived: true }).map(
        (e) => e.field,
      ),
    ).toEqual(['evidence']);
    expect(
      actContentErrors({ ...act, evidence: [] }, asTesting, env.bridge.profile, env.clock.nowMs()).map((e) => e.field),
    ).toEqual(['evidence']);
  });

  it('T-SB-1 T-SB-10: API keys are derived from the seed, authenticate, and survive a second seeding unchanged; a revoked seeded key stays revoked', async () => {
    const first = await seedSmartBridge(env.bridge, fixtures);
    const bank = organisationFor(fixtures, 'bank')!;
    const bankKey = first.organisations.find((o) => o.bin === bank.bin)!;
    expect(bankKey).toMatchObject(fixtureApiKey(fixtures.seed, { role: 'organisation', bin: bank.bin }));
    expect(bankKey.apiKey).toMatch(/^sbo_[A-Za-z0-9_-]{43}$/);
    expect(first.authority.apiKey).toMatch(/^sba_/);
    expect(await env.bridge.apiKeys.authenticate(bankKey.apiKey)).toEqual({
      role: 'organisation',
      bin: bank.bin,
      keyId: bankKey.keyId,
    });
    expect(fixtureApiKey(fixtures.seed + 1, { role: 'organisation', bin: bank.bin }).apiKey).not.toBe(bankKey.apiKey);

    await env.bridge.apiKeys.revoke(bankKey.keyId);
    const second = await seedSmartBridge(env.bridge, fixtures);
    expect(second).toEqual(await describeSeededAccess(env.bridge, fixtures));
    expect(second.organisations.map((o) => o.applications.length)).toEqual(
      first.organisations.map((o) => o.applications.length),
    );
    expect(await env.bridge.apiKeys.authenticate(bankKey.apiKey)).toBeUndefined();
  });

  it('T-SB-10 R4: two seedings at once (two resets racing) onboard each organisation once', async () => {
    await Promise.all([
      seedSmartBridge(env.bridge, fixtures, { notOnboarded: [] }),
      seedSmartBridge(env.bridge, fixtures, { notOnboarded: [] }),
    ]);
    for (const org of fixtures.organisations) {
      const apps = await env.bridge.applications.ofOrganisation(org.bin);
      expect(
        apps.map((x) => x.status),
        org.name,
      ).toEqual(['production']);
    }
    // Each organisation's credentials were issued once per environment.
    for (const org of fixtures.organisations)
      expect(env.credentials.issued.filter((i) => i.bin === org.bin).map((i) => i.environment)).toEqual([
        'test',
        'prod',
      ]);
    // A third seeding afterwards finds everything done.
    const third = await seedSmartBridge(env.bridge, fixtures, { notOnboarded: [] });
    expect(third.organisations.map((o) => o.applications.length)).toEqual(fixtures.organisations.map(() => 1));
  });

  it('T-SB-10: after a reset (store emptied) the seed onboards again', async () => {
    await seedSmartBridge(env.bridge, fixtures);
    await env.store.clear();
    await seedSmartBridge(env.bridge, fixtures);
    expect(
      (await env.bridge.applications.ofOrganisation(organisationFor(fixtures, 'bank')!.bin)).map((x) => x.status),
    ).toEqual(['production']);
  });

  it("T-SB-1 T-SB-10: a given key must have the role's form", async () => {
    await expect(
      env.bridge.apiKeys.issue({ role: 'authority', name: 'R' }, undefined, {
        apiKey: 'sbo_' + 'a'.repeat(43),
        keyId: 'k',
      }),
    ).rejects.toThrow(RangeError);
    await expect(
      env.bridge.apiKeys.issue({ role: 'authority', name: 'R' }, undefined, { apiKey: 'sba_short', keyId: 'k' }),
    ).rejects.toThrow(RangeError);
  });

  it('T-SB-10 R5.2 R5.3 R5.5: the fixture form follows the profile (its data services, stages and storage bases)', async () => {
    const narrow = await setup({
      profile: { dataServices: ['GBDFLUniversal_token'], stages: ['decision'], storageBases: ['law'] },
    });
    try {
      await seedSmartBridge(narrow.bridge, fixtures);
      const [app] = await narrow.bridge.applications.ofOrganisation(organisationFor(fixtures, 'bank')!.bin);
      expect(app!.form.services[0]).toMatchObject({ dataServices: ['GBDFLUniversal_token'], stage: 'decision' });
      expect(app!.form.dataHandling.storageGrounds[0]!.basis).toBe('law');
      expect((await narrow.bridge.registry.grantFor(app!.bin, 'prod'))!.services).toEqual(['GBDFLUniversal_token']);
    } finally {
      await narrow.close();
    }
  });
});
