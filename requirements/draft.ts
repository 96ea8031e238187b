import type { Basis, Party } from './types.ts';

/**
 * A profile requirement as first written (English title only). The catalogue (index.ts) completes
 * it into a full Requirement; translations replace the English fallback as they are written.
 */
export interface ProfileRequirementDraft {
  /** T-AREA-N. */
  id: string;
  title: string;
  /** The Rules' requirement it makes concrete, when there is one. */
  rule?: string;
  basis?: Exclude<Basis, 'rules'>;
  /** Where it is written down. */
  clause?: string;
  /** Default: the platform (what the mocks do). */
  binds?: readonly Party[];
}
