import { CALLCENTER_REQUIREMENTS } from './callcenter/requirements.ts';
import { ENVIRONMENT_REQUIREMENTS } from './environment/requirements.ts';
import { KDP_REQUIREMENTS } from './kdp/requirements.ts';
import { SHEP_REQUIREMENTS } from './shep/requirements.ts';
import { SMART_BRIDGE_REQUIREMENTS } from './smart-bridge/requirements.ts';
import { SMS_REQUIREMENTS } from './sms/requirements.ts';

/**
 * The requirement catalogue in code. The Rules' own IDs come from RULES.md (stable, never
 * renumbered); the technical profile adds T-AREA-N IDs, each kept beside the module it governs and
 * gathered here, so that checks, tests and reports cite IDs that exist.
 */
export const RULES_REQUIREMENT_IDS = [
  'R2.8',
  'R3',
  'R4',
  'R5.1',
  'R5.2',
  'R5.3',
  'R5.4',
  'R5.5',
  'R5.6',
  'R6',
  'R7.0',
  'R7.1',
  'R7.2',
  'R7.3',
  'R7.4',
  'R7.5',
  'R8',
  'R9',
  'R10.1',
  'R10.2',
  'R11',
  'R12',
] as const;
export type RulesRequirementId = (typeof RULES_REQUIREMENT_IDS)[number];

/** A requirement of the technical profile: where the Rules' words need a concrete, testable form. */
export interface ProfileRequirement {
  /** T-AREA-N. */
  id: string;
  title: string;
  /** The Rules' requirement it makes concrete, when there is one. */
  rule?: RulesRequirementId;
  /** 'observed': restates the real system (REAL-SYSTEMS.md); 'standard': a standard says so; 'profile': the project chose. */
  basis?: 'observed' | 'standard' | 'profile';
  /** Where it is written down. */
  clause?: string;
}

export const PROFILE_REQUIREMENTS: readonly ProfileRequirement[] = [
  ...SHEP_REQUIREMENTS,
  ...KDP_REQUIREMENTS,
  ...SMS_REQUIREMENTS,
  ...CALLCENTER_REQUIREMENTS,
  ...SMART_BRIDGE_REQUIREMENTS,
  ...ENVIRONMENT_REQUIREMENTS,
];

export function isKnownRequirement(id: string): boolean {
  return (RULES_REQUIREMENT_IDS as readonly string[]).includes(id) || PROFILE_REQUIREMENTS.some((r) => r.id === id);
}
