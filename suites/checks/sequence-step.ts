import { defineCheck, failed, passed, skipped } from '../check.ts';

export interface SequenceStep {
  requirement: string;
  step: string;
  status: number;
}

/** One requirement of clauses 4–12 held through the whole Smart Bridge sequence for the SUT's organisation. */
export const sequenceStep = defineCheck<{
  requirement: string;
  steps: readonly SequenceStep[];
  failure?: { requirement: string; step: string; message: string };
  evidence: string[];
}>({
  name: 'sequence-step',
  summary: 'every step of clauses 4–12 citing the requirement went as the Rules say',
  run({ requirement, steps, failure, evidence }) {
    const mine = steps.filter((s) => s.requirement === requirement);
    if (failure?.requirement === requirement) return failed(`${failure.step}: ${failure.message}`, evidence);
    if (mine.length === 0)
      return failure
        ? skipped(`not reached: the sequence stopped at ${failure.requirement} (${failure.step})`)
        : skipped('no step cites it');
    return passed(mine.map((s) => s.step).join('; '), evidence);
  },
});
