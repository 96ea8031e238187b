import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { KNOWN_DEFECTS, type Defect } from '../../examples/reference-initiator/defects.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../usage-error.ts';

/**
 * The runs mostly wait (real-time pauses the modules need: expiries, latency, a refusal left room
 * to be retried), so twice as many as there are cores keep the cores busy without crowding them.
 * Here rather than in ../self-test.ts, which the usage text would otherwise load with the harness.
 */
export const DEFAULT_JOBS = Math.max(2, availableParallelism() * 2);

export const selfTestCommand: Command = {
  name: 'self-test',
  summary: 'Prove the harness catches every broken initiator of the zoo and passes the reference clean',
  usage: `kdp-conformance self-test [--defect NAME]… [--jobs N]
      Runs every plan against the reference initiator, and against each broken initiator of
      examples/broken/ (the reference with one declared defect) the modules that make its defect
      show plus the passive checks; prints the detection table (defect, requirement, caught by,
      also flagged) and the totals (docs/sensitivity.md).

  --defect NAME    Only this broken initiator (repeatable); the reference still runs.
  --jobs N         Runs at once (default ${DEFAULT_JOBS}: twice the cores; the runs mostly wait).
  Exit: 0 every defect caught under its declared requirement and check, the reference with no
  FAILED and no WARNING; 1 otherwise; 2 usage.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { defect: { type: 'string', multiple: true }, jobs: { type: 'string' } },
      strict: true,
    });
    const known: readonly string[] = KNOWN_DEFECTS;
    const unknown = (values.defect ?? []).filter((d) => !known.includes(d));
    if (unknown.length) throw new UsageError(`unknown defect ${unknown.join(', ')}; known: ${known.join(', ')}`);
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && (!Number.isSafeInteger(jobs) || jobs < 1))
      throw new UsageError('--jobs must be a positive integer');
    // Loaded here, not at the top: every command of the CLI loads the command table (`up` starts faster).
    const { detectionTable, runSelfTest, selfTestPassed } = await import('../self-test.ts');
    const report = await runSelfTest({
      ...(jobs ? { jobs } : {}),
      ...(values.defect ? { defects: values.defect as Defect[] } : {}),
      onDone: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write(`\n${detectionTable(report)}\n`);
    return selfTestPassed(report) ? 0 : 1;
  },
};
