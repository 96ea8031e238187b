import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';

/**
 * The technical profile's requirements on the initiator's system (T-INIT-N): what the conformance
 * harness checks of a system under test beyond the Rules' own words. IDs are stable: never renumber.
 */
export const INITIATOR_REQUIREMENTS = [] as const satisfies readonly ProfileRequirement[];
