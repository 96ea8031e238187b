import { describe, expect, it } from 'vitest';
import { organisationFor } from '../../fixtures/index.ts';
import { testFixtures } from '../kdp/testing.ts';
import { FixtureIntegrationRegistry } from './fixture-registry.ts';

describe('FixtureIntegrationRegistry: ways by eligibility (R7.0, clause 7)', () => {
  it('R7.0 every organisation: sms and 1414; bank or agreement+SOC: own means with its public keys; proactive provider: proactive; flagged state body: notification', async () => {
    const set = await testFixtures();
    const registry = new FixtureIntegrationRegistry(set);
    const ways = async (role: Parameters<typeof organisationFor>[1]) =>
      (await registry.grantFor(organisationFor(set, role)!.bin, 'test'))!.ways.sort();
    expect(await ways('bank')).toEqual(['callcenter-1414', 'own-means', 'sms']);
    expect(await ways('own-means-company')).toEqual(['callcenter-1414', 'own-means', 'sms']);
    expect(await ways('agreement-without-soc-company')).toEqual(['callcenter-1414', 'sms']);
    expect(await ways('sms-only-company')).toEqual(['callcenter-1414', 'sms']);
    expect(await ways('proactive-state-body')).toEqual(['callcenter-1414', 'proactive', 'sms']);
    expect(await ways('notifying-state-body')).toEqual(['callcenter-1414', 'notification', 'sms']);
  });

  it('R10.2 own-means grants carry the public RSA and EC keys only; others none', async () => {
    const set = await testFixtures();
    const registry = new FixtureIntegrationRegistry(set);
    const bank = organisationFor(set, 'bank')!;
    const grant = (await registry.grantFor(bank.bin, 'prod'))!;
    expect(grant).toMatchObject({
      bin: bank.bin,
      environment: 'prod',
      services: ['GBDFLUniversal_token', 'MCDB_SERVICE', 'GbdulAffilFace_KDP'],
      article9Grounds: [],
    });
    expect(grant.ovtKeys.map((k) => [k.kty, k.alg, k.kid])).toEqual([
      ['RSA', 'RS256', bank.keys.rsa.kid],
      ['EC', 'ES256', bank.keys.ec.kid],
    ]);
    for (const k of grant.ovtKeys) expect(k.d).toBeUndefined();
    expect((await registry.grantFor(organisationFor(set, 'sms-only-company')!.bin, 'test'))!.ovtKeys).toEqual([]);
    expect(
      (await registry.grantFor(organisationFor(set, 'notifying-state-body')!.bin, 'test'))!.article9Grounds,
    ).toEqual(['art9-1']);
    expect(await registry.grantFor('000000000000', 'test')).toBeUndefined();
  });

  it('T-KDP-10 history readers get KDP_PERSONALDATA', async () => {
    const set = await testFixtures();
    const reader = set.organisations[0]!;
    const grant = await new FixtureIntegrationRegistry(set, { historyReaders: [reader.bin] }).grantFor(
      reader.bin,
      'test',
    );
    expect(grant!.services).toContain('KDP_PERSONALDATA');
  });
});
