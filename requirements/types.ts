import type { RulesRequirementId } from './rules-ids.ts';

/**
 * The shape of one requirement. This folder is a leaf: it imports nothing else of the project, so
 * that mocks, suites, reports and contracts can all cite requirements without a cycle.
 */

/** A text in the three languages of a report: Kazakh, Russian, English. */
export interface Localized {
  kk: string;
  ru: string;
  en: string;
}

/**
 * Whom a requirement binds. A conformance report to the authorized body lists only what binds the
 * integrator; what binds the platform is what the mocks do (the real state service's duty); what
 * binds the harness is a feature of this tool (in-process msw use, the environment API).
 */
export type Party = 'integrator' | 'platform' | 'harness';

/**
 * 'rules': the Rules' own words (RULES.md); 'observed': restates the real system (REAL-SYSTEMS.md);
 * 'standard': a standard says so (SOAP 1.1, RFC 7519…); 'profile': the public record is silent and
 * the project chose (docs/profile.md).
 */
export type Basis = 'rules' | 'observed' | 'standard' | 'profile';

export interface Requirement<Id extends string = string> {
  id: Id;
  /** Clause of order 236/НҚ (Rules IDs), or where the profile requirement is written down. */
  clause: string;
  title: Localized;
  /** What must hold, in full. */
  text: Localized;
  binds: readonly Party[];
  basis: Basis;
  /** The Rules' requirement a profile requirement makes concrete, when there is one. */
  rule?: RulesRequirementId;
}
