import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { prepareReport, REPORT_FLAGS, REPORT_USAGE, writeReport } from '../report-output.ts';
import { UsageError } from '../usage-error.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run the conformance plans against a system under test (default: the bundled reference initiator)',
  usage: `kdp-conformance run [--driver URL | --interactive] [--environment URL] [--plan NAME]… [--module GLOB]
                    [--expected-failures FILE] [--out DIR] [--seed 236]
                    [--junit FILE] [--html FILE] [--md FILE] [--certified-by NAME --role ROLE]
                    [--valid-days N] [--key FILE] [--contracts FILE]…
      Starts its own mock environment on free loopback ports (unless --environment names a running one),
      walks clauses 4–12 for the SUT's organisation, runs the plans' modules and writes the results.

  --driver URL     The SUT's driver protocol v1 base URL (docs/driver-protocol.md).
  --interactive    No driver: the terminal tells a person each step and asks what the system showed.
  (neither)        Runs against the bundled reference initiator (examples/reference-initiator).
  --environment    A running environment (\`kdp-conformance up\`) instead of the harness's own; modules
                   that need short lifetimes are then SKIPPED (docs/harness.md § Time).
  --plan           testing-act, consent, tokens, resilience, exchange (repeatable; default all).
  --module         Only modules whose name (or plan/name) matches the glob, e.g. 'sms-*'.
  --expected-failures  JSON array of {module, variant?, check, status, reason}.
  --out            Directory for results.json and the bundle (default .kdp-conformance/results).
${REPORT_USAGE}
  Exit: 0 nothing failed, 1 something failed (a check, a contract interaction, or an expected failure
  did not happen), 2 usage or configuration.
  NO_COLOR turns colours off.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        driver: { type: 'string' },
        interactive: { type: 'boolean', default: false },
        environment: { type: 'string' },
        plan: { type: 'string', multiple: true },
        module: { type: 'string' },
        'expected-failures': { type: 'string' },
        out: { type: 'string', default: '.kdp-conformance/results' },
        seed: { type: 'string' },
        ...REPORT_FLAGS,
      },
      strict: true,
    });
    if (values.driver && values.interactive) throw new UsageError('--driver and --interactive exclude each other');
    for (const [name, url] of [
      ['--driver', values.driver],
      ['--environment', values.environment],
    ] as const)
      if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url))
        throw new UsageError(`${name} must be an http(s) URL, not ${url}`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0))
      throw new UsageError(`--seed must be a non-negative integer`);
    // Loaded here, not at the top: every command of the CLI loads the command table (`up` starts faster).
    const [
      { readExpectedFailures },
      { InteractiveSut, terminalPrompter },
      { ConfigurationError, exitCodeOf, runHarness },
      { DriverSut },
      { progressLine, summaryTable, useColour },
    ] = await Promise.all([
      import('../../suites/expected-failures.ts'),
      import('../../suites/interactive.ts'),
      import('../../suites/runner.ts'),
      import('../../suites/sut.ts'),
      import('../../suites/terminal.ts'),
    ]);
    let expectedFailures;
    try {
      expectedFailures = values['expected-failures'] ? readExpectedFailures(values['expected-failures']) : [];
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const report = await prepareReport(values);
    const colour = useColour(process.stdout);
    let reference: { driverUrl: string; close(): Promise<void> } | undefined;
    let driverUrl = values.driver;
    if (!driverUrl && !values.interactive) {
      const { startBundledReference } = await import('../bundled-reference.ts');
      reference = await startBundledReference();
      driverUrl = reference.driverUrl;
      process.stdout.write(`the bundled reference initiator at ${driverUrl}\n`);
    }
    const prompter = values.interactive ? terminalPrompter() : undefined;
    try {
      const result = await runHarness({
        sut: (log) => (prompter ? new InteractiveSut(prompter, log) : new DriverSut(driverUrl!, log)),
        ...(values.environment ? { environmentUrl: values.environment.replace(/\/$/, '') } : {}),
        ...(values.plan ? { plans: values.plan } : {}),
        ...(values.module ? { moduleGlob: values.module } : {}),
        expectedFailures,
        ...(seed !== undefined ? { seed } : {}),
        onEvent: (e) => {
          const line = progressLine(e, colour);
          if (line) process.stdout.write(`${line}\n`);
        },
      });
      const dir = resolve(values.out!);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'results.json');
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      const written = await writeReport(result, report, dir);
      process.stdout.write(`\n${summaryTable(result, colour, file)}\n${written.lines.join('\n')}\n`);
      return written.failed ? 1 : exitCodeOf(result);
    } catch (err) {
      if (err instanceof ConfigurationError) throw new UsageError(err.message);
      throw err;
    } finally {
      prompter?.close();
      await reference?.close();
    }
  },
};
