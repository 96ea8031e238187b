import type { JWK } from 'jose';
import type { IntegrationGrant, IntegrationRegistry } from '../integration/grant.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { ApplicationService } from './applications.ts';
import type { ApplicationRecord } from './model.ts';
import { GRANTING } from './transitions.ts';

/**
 * What the gateway and the state service honour, decided by Smart Bridge: only what the authority
 * approved (services, ways, Article 9 grounds), on the test environment once test credentials are
 * issued (R4), on production once the testing act is accepted (R12); the security token is
 * verified with the registered keys only (R10.2).
 */
export class SmartBridgeIntegrationRegistry implements IntegrationRegistry {
  constructor(private readonly applications: ApplicationService) {}

  /** One grant per application that opens this environment. */
  async grantsFor(bin: string, environment: ShepEnvironment): Promise<IntegrationGrant[]> {
    const apps = await this.applications.ofOrganisation(bin);
    return apps
      .filter((a) => opens(a, environment))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((a) => grantOf(a, environment));
  }

  /**
   * The interface has one grant per organisation and environment, so several open applications are
   * merged: their union. An organisation with two applications can therefore combine one's way with
   * the other's service; grantsFor keeps them apart for a caller that can tell them apart.
   */
  async grantFor(bin: string, environment: ShepEnvironment): Promise<IntegrationGrant | undefined> {
    const grants = await this.grantsFor(bin, environment);
    if (grants.length === 0) return undefined;
    const union = <T>(pick: (g: IntegrationGrant) => T[]) => [...new Set(grants.flatMap(pick))];
    const keys = new Map<string, JWK>();
    for (const g of grants) for (const k of g.ovtKeys) keys.set(k.kid ?? JSON.stringify(k), k);
    return {
      bin,
      // The latest application's form names the organisation as it stands now.
      organisationName: grants[grants.length - 1]!.organisationName,
      environment,
      ways: union((g) => g.ways),
      services: union((g) => g.services),
      article9Grounds: union((g) => g.article9Grounds),
      ovtKeys: [...keys.values()],
    };
  }
}

function opens(app: ApplicationRecord, environment: ShepEnvironment): boolean {
  if (!app.approved || !GRANTING[environment].includes(app.status)) return false;
  // Test access rests on issued test credentials; production on the accepted act (R12).
  return environment === 'test' ? app.credentials.test !== undefined : app.testingAct?.status === 'accepted';
}

function grantOf(app: ApplicationRecord, environment: ShepEnvironment): IntegrationGrant {
  const scope = app.approved!;
  return {
    bin: app.bin,
    organisationName: app.form.organisation.name,
    environment,
    ways: [...scope.ways],
    services: [...scope.services],
    article9Grounds: [...scope.article9Grounds],
    ovtKeys: app.signatureKeys.map((k) => ({ ...k.jwk })),
  };
}
