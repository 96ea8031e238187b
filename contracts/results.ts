import { isRequirementId, type RequirementId } from '../requirements/index.ts';
import { shepErrorByCode } from './wire.ts';

/**
 * The result of verifying a consumer pact against the mock environment: plain JSON, one entry per
 * interaction, for the command line and for the conformance report (a section of its own, under
 * the requirements each interaction exercises). Version it when its shape changes.
 */
export const CONTRACT_RESULT_VERSION = '1' as const;

export type ContractStatus = 'PASSED' | 'FAILED';

export interface ContractMismatch {
  /** What did not agree: the answer's status, a header, the body, a provider state, or the run. */
  kind: 'status' | 'header' | 'body' | 'provider-state' | 'error';
  /** Where, as the Pact core writes it (namespace-URI form for XML bodies). */
  path?: string;
  expected?: string;
  actual?: string;
  /** One line a person reads. */
  message: string;
}

export interface ContractInteractionResult {
  description: string;
  providerStates: { name: string; params?: Record<string, unknown> }[];
  status: ContractStatus;
  mismatches: ContractMismatch[];
  /** What the interaction exercises and, on a failure, what the environment's refusal proves. */
  requirements: RequirementId[];
  /** The SHEP outcome the environment gave: SCSS001, or the fault's errorCode. */
  outcome?: string;
  /** What SHEP said with a refusal: the fault's errorMessage. */
  outcomeMessage?: string;
  /** Set when a provider state switched replay mode on: the instant the clock read. */
  replay?: { at: string; note: string };
  /** Recorded values the environment replaced with its own (ids, tokens), by provider state. */
  substituted?: number;
}

export interface ContractResults {
  version: typeof CONTRACT_RESULT_VERSION;
  pact: { consumer: string; provider: string; file?: string; specification?: string };
  verifiedAt: string;
  /** FAILED as soon as one interaction failed; REFUSED when the pact was not run at all. */
  status: ContractStatus | 'REFUSED';
  /** Why the pact was refused (plugins, not a pact). */
  refused?: string;
  interactions: ContractInteractionResult[];
}

/** The requirement a SHEP or state-service error code proves, when one does. */
export function requirementOfErrorCode(code: string): RequirementId[] {
  const shep = shepErrorByCode(code)?.requirement;
  if (shep && isRequirementId(shep)) return [shep];
  const m = /^KDP-(\d)(\d\d)$/.exec(code);
  if (!m) return [];
  const n = Number(`${m[1]}${m[2]}`);
  if ([110, 111, 113].includes(n)) return ['R7.0'];
  if ([112, 114].includes(n)) return ['T-KDP-2'];
  if ([115, 116].includes(n)) return ['R7.4', 'T-KDP-15'];
  if (m[1] === '1') return ['T-KDP-1'];
  if (m[1] === '2') return ['R2.8', 'T-KDP-8'];
  if (m[1] === '3') return ['T-KDP-3'];
  if (m[1] === '4') return ['R3', 'T-KDP-9'];
  if (n === 500) return ['T-KDP-10'];
  return ['T-KDP-11'];
}

/** What an interaction exercises, by the service it calls and the way it names. */
export function requirementsOfRequest(serviceId: string | undefined, way: string | undefined): RequirementId[] {
  const base: RequirementId[] = ['T-SHEP-1', 'T-SHEP-2'];
  switch (serviceId) {
    case 'KDP_SERVICE': {
      const byWay: Record<string, RequirementId> = {
        'callcenter-1414': 'R7.1',
        'own-means': 'R7.2',
        proactive: 'R7.3',
        notification: 'R7.4',
        sms: 'R7.5',
      };
      return [...base, 'T-KDP-1', ...(way && byWay[way] ? [byWay[way]] : [])];
    }
    case 'GBDFLUniversal_token':
    case 'MCDB_SERVICE':
      return [...base, 'R3', 'T-KDP-9'];
    case 'KDP_PERSONALDATA':
      return [...base, 'T-KDP-10'];
    case 'KDP_LIST_TO_REVOKE':
    case 'KDP_SEND_SOLUTION':
      return [...base, 'T-KDP-11'];
    default:
      return [...base, 'T-SHEP-5'];
  }
}

export function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
