import type { JWK } from 'jose';
import type { RequirementId } from '../../requirements/index.ts';
import type { Article9Ground, ConsentWay } from '../../protocol/kdp/ways.ts';
import type { ShepEnvironment } from '../shep/environments.ts';

/**
 * What an organisation has been allowed on one SHEP environment: the seam between Smart Bridge
 * (which decides it, clauses 4–12) and the state service and gateway (which honour it, R7.0, R10.2).
 * In the composed environment Smart Bridge feeds it; tests of the state service alone use fixtures.
 */
export const WAY_REQUIREMENT: Record<ConsentWay, RequirementId> = {
  'callcenter-1414': 'R7.1',
  'own-means': 'R7.2',
  proactive: 'R7.3',
  notification: 'R7.4',
  sms: 'R7.5',
};

export interface IntegrationGrant {
  bin: string;
  /** The organisation's name as the platform registered it: what a subject is told, never the request's `company`. */
  organisationName: string;
  environment: ShepEnvironment;
  ways: ConsentWay[];
  /** Data services (access_name values) whose data it may request, e.g. GBDFLUniversal_token. */
  services: string[];
  article9Grounds: Article9Ground[];
  /** Public keys that verify its security token `ovt` (R10.2); empty unless own means is granted. */
  ovtKeys: JWK[];
}

export interface IntegrationRegistry {
  grantFor(bin: string, environment: ShepEnvironment): Promise<IntegrationGrant | undefined>;
}
