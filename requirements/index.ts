import type { ProfileRequirementDraft } from './draft.ts';
import { CALLCENTER_REQUIREMENTS } from './profile/callcenter.ts';
import { ENVIRONMENT_REQUIREMENTS } from './profile/environment.ts';
import { INITIATOR_REQUIREMENTS } from './profile/initiator.ts';
import { KDP_REQUIREMENTS } from './profile/kdp.ts';
import { SHEP_REQUIREMENTS } from './profile/shep.ts';
import { SMART_BRIDGE_REQUIREMENTS } from './profile/smart-bridge.ts';
import { SMS_REQUIREMENTS } from './profile/sms.ts';
import { RULES_REQUIREMENT_IDS, type RulesRequirementId } from './rules.ts';

export type { Basis, Localized, Party, Requirement } from './types.ts';
export { RULES_REQUIREMENT_IDS, type RulesRequirementId } from './rules.ts';
export { KDP_REQUIREMENTS, type KdpRequirementId } from './profile/kdp.ts';
export { SHEP_REQUIREMENTS, shepRequirement, type ShepRequirement } from './profile/shep.ts';
export { SMART_BRIDGE_REQUIREMENTS, type SmartBridgeRequirementId } from './profile/smart-bridge.ts';
export { SMS_REQUIREMENTS, type SmsRequirementId } from './profile/sms.ts';
export { CALLCENTER_REQUIREMENTS, type CallCenterRequirementId } from './profile/callcenter.ts';
export { ENVIRONMENT_REQUIREMENTS } from './profile/environment.ts';
export { INITIATOR_REQUIREMENTS } from './profile/initiator.ts';

/**
 * The requirement catalogue in code. The Rules' own IDs come from RULES.md (stable, never
 * renumbered); the technical profile adds T-AREA-N IDs, one file per area in profile/.
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
/** Kept for the profile files' own drafts. */
export type ProfileRequirement = ProfileRequirementDraft;

export function isRequirementId(id: string): id is RequirementId {
  return (RULES_REQUIREMENT_IDS as readonly string[]).includes(id) || PROFILE_REQUIREMENTS.some((r) => r.id === id);
}
/** @deprecated use isRequirementId */
export const isKnownRequirement = isRequirementId;
