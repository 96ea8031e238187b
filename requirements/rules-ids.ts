/**
 * The Rules' own requirement IDs (../shared/RULES.md, order 236/НҚ as amended by 276/НҚ). Stable:
 * never renumbered.
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
