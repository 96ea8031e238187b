import { CALLCENTER_REQUIREMENTS } from './profile/callcenter.ts';
import { ENVIRONMENT_REQUIREMENTS } from './profile/environment.ts';
import { INITIATOR_REQUIREMENTS } from './profile/initiator.ts';
import { KDP_REQUIREMENTS } from './profile/kdp.ts';
import { SHEP_REQUIREMENTS } from './profile/shep.ts';
import { SMART_BRIDGE_REQUIREMENTS } from './profile/smart-bridge.ts';
import { SMS_REQUIREMENTS } from './profile/sms.ts';
import { RULES_REQUIREMENTS, type RulesRequirementId } from './rules.ts';
import type { Party, Requirement } from './types.ts';

export type { Basis, Localized, Party, Requirement } from './types.ts';
export { RULES_REQUIREMENTS, RULES_REQUIREMENT_IDS, type RulesRequirementId } from './rules.ts';
export { KDP_REQUIREMENTS, type KdpRequirementId } from './profile/kdp.ts';
export { SHEP_REQUIREMENTS, shepRequirement, type ShepRequirement, type ShepRequirementId } from './profile/shep.ts';
export { SMART_BRIDGE_REQUIREMENTS, type SmartBridgeRequirementId } from './profile/smart-bridge.ts';
export { SMS_REQUIREMENTS, type SmsRequirementId } from './profile/sms.ts';
export { CALLCENTER_REQUIREMENTS, type CallCenterRequirementId } from './profile/callcenter.ts';
export { ENVIRONMENT_REQUIREMENTS, type EnvironmentRequirementId } from './profile/environment.ts';
export { INITIATOR_REQUIREMENTS } from './profile/initiator.ts';

/**
 * The technical profile in code: T-AREA-N IDs, one file per area in profile/, in the order the docs
 * list them.
 */
export const PROFILE_REQUIREMENTS = [
  ...SHEP_REQUIREMENTS,
  ...KDP_REQUIREMENTS,
  ...SMS_REQUIREMENTS,
  ...CALLCENTER_REQUIREMENTS,
  ...SMART_BRIDGE_REQUIREMENTS,
  ...ENVIRONMENT_REQUIREMENTS,
  ...INITIATOR_REQUIREMENTS,
] as const;

export type ProfileRequirementId = (typeof PROFILE_REQUIREMENTS)[number]['id'];
/** Every ID a check, a test, a report line or a contract may cite. Cite by this type, never by string. */
export type RequirementId = RulesRequirementId | ProfileRequirementId;
export type ProfileRequirement = Requirement<ProfileRequirementId>;

/**
 * The whole catalogue: the Rules' own IDs (RULES.md, stable, never renumbered), then the profile's.
 * Typed loosely on purpose: callers look requirements up by ID, they do not narrow on the literals.
 */
export const REQUIREMENTS: readonly Requirement<RequirementId>[] = [...RULES_REQUIREMENTS, ...PROFILE_REQUIREMENTS];

const BY_ID = new Map<string, Requirement<RequirementId>>(REQUIREMENTS.map((r) => [r.id, r]));

export function isRequirementId(id: string): id is RequirementId {
  return BY_ID.has(id);
}
/** @deprecated use isRequirementId */
export const isKnownRequirement = isRequirementId;

/** The requirement an ID names. Every RequirementId is in the catalogue, so this never fails. */
export function requirement(id: RequirementId): Requirement<RequirementId> {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`requirement ${id} is not in the catalogue`);
  return found;
}

/** The requirement an untyped ID (from a file, a report, a command line) names, if any. */
export function findRequirement(id: string): Requirement<RequirementId> | undefined {
  return BY_ID.get(id);
}

/**
 * Every requirement that binds a party, in catalogue order. The report to the authorized body lists
 * requirementsBinding('integrator'); a requirement that binds several parties is in each list.
 */
export function requirementsBinding(party: Party): readonly Requirement<RequirementId>[] {
  return REQUIREMENTS.filter((r) => r.binds.includes(party));
}

/** Where a requirement belongs: 'RULES' for the Rules' own IDs, else the AREA of T-AREA-N. */
export type RequirementArea = 'RULES' | (ProfileRequirementId extends `T-${infer Area}-${number}` ? Area : never);

export function requirementArea(id: RequirementId): RequirementArea {
  return (id.startsWith('T-') ? id.slice(2, id.lastIndexOf('-')) : 'RULES') as RequirementArea;
}
