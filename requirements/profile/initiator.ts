import type { Requirement } from '../types.ts';

/**
 * The technical profile's requirements on the initiator's system (T-INIT-N): what the conformance
 * harness checks of a system under test beyond the Rules' own words. Written in the full shape
 * (titles and texts in kk, ru, en; binds the integrator). IDs are stable: never renumber.
 */
export const INITIATOR_REQUIREMENTS = [] as const satisfies readonly Requirement[];
