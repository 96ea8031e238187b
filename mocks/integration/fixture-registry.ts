import type { JWK } from 'jose';
import type { FixtureSet, Organisation } from '../../fixtures/types.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { Article9Ground, ConsentWay } from '../../protocol/kdp/ways.ts';
import type { IntegrationGrant, IntegrationRegistry } from './grant.ts';

/**
 * Grants read off the fixtures' organisations, for tests of the state service on its own (the
 * composed environment's grants are Smart Bridge's, mocks/smart-bridge/registry.ts): every
 * organisation is integrated on both environments, with the ways clause 7 makes it eligible for (R7.0):
 * sms and 1414 for everyone; own means for banks and for holders of an agreement whose systems are
 * connected to the SOC (7.2); proactive for proactive-service providers (7.3); notification for
 * state bodies on Article 9 grounds (7.4).
 */
export interface FixtureRegistryOptions {
  /** Data services every organisation may request; default GBDFLUniversal_token, MCDB_SERVICE and GbdulAffilFace_KDP. */
  services?: string[];
  /** BINs that may read every subject's full history (KDP_PERSONALDATA), e.g. the portal's. */
  historyReaders?: string[];
  /** An organisation's Article 9 grounds; default: those the fixtures flag it with. */
  article9Grounds?: (org: Organisation) => Article9Ground[];
}

export const FIXTURE_SERVICES = ['GBDFLUniversal_token', 'MCDB_SERVICE', 'GbdulAffilFace_KDP'];

export class FixtureIntegrationRegistry implements IntegrationRegistry {
  private readonly byBin: Map<string, Organisation>;

  constructor(
    fixtures: Pick<FixtureSet, 'organisations'>,
    private readonly options: FixtureRegistryOptions = {},
  ) {
    this.byBin = new Map(fixtures.organisations.map((o) => [o.bin, o]));
  }

  async grantFor(bin: string, environment: ShepEnvironment): Promise<IntegrationGrant | undefined> {
    const org = this.byBin.get(bin);
    return org ? this.grant(org, environment) : undefined;
  }

  grant(org: Organisation, environment: ShepEnvironment): IntegrationGrant {
    const grounds = (this.options.article9Grounds ?? defaultGrounds)(org);
    const ownMeans = org.kind === 'bank' || (org.agreementWithAuthorizedBody && org.connectedToSoc);
    const ways: ConsentWay[] = ['callcenter-1414', 'sms'];
    if (ownMeans) ways.push('own-means');
    if (org.proactiveServiceProvider) ways.push('proactive');
    if (grounds.length > 0) ways.push('notification');
    const services = [...(this.options.services ?? FIXTURE_SERVICES)];
    if (this.options.historyReaders?.includes(org.bin)) services.push('KDP_PERSONALDATA');
    return {
      bin: org.bin,
      organisationName: org.name,
      environment,
      ways,
      services,
      article9Grounds: grounds,
      ovtKeys: ownMeans
        ? [
            verifyKey(org.keys.rsa.publicJwk, org.keys.rsa.kid, 'RS256'),
            verifyKey(org.keys.ec.publicJwk, org.keys.ec.kid, 'ES256'),
          ]
        : [],
    };
  }
}

function defaultGrounds(org: Organisation): Article9Ground[] {
  return [...org.article9Grounds];
}

/** Public members only, pinned to one algorithm, so no key can be used in a way it was not meant for. */
function verifyKey(jwk: JWK, kid: string, alg: 'RS256' | 'ES256'): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...pub } = jwk;
  return { ...pub, kid, alg, use: 'sig' };
}
