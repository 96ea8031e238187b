import type { ProfileRequirementDraft as ProfileRequirement } from '../draft.ts';

/**
 * The technical profile's requirements on the environment itself (T-ENV-N): what an integrator
 * and the authorized body may rely on when they run it. IDs are stable: never renumber.
 */
export const ENVIRONMENT_REQUIREMENTS = [
  {
    id: 'T-ENV-1',
    title:
      'Nothing answered is lost when the process is killed: every write behind an answer is committed before the answer leaves',
  },
  { id: 'T-ENV-2', title: 'SIGINT and SIGTERM stop the environment cleanly (exit code 0), keeping the store' },
  { id: 'T-ENV-3', title: 'Virtual time survives a restart: an expired code or token stays expired' },
  {
    id: 'T-ENV-4',
    title:
      "Bad input to any API (malformed or hostile XML, malformed JSON, a wrong IIN or phone) is answered in the protocol's own form and the environment keeps answering",
  },
  { id: 'T-ENV-5', title: 'A reset forgets every exchange, message, consent and token and re-seeds the fixtures' },
] as const satisfies readonly ProfileRequirement[];
