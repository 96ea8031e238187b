/**
 * A full `kdp-conformance run` against the bundled reference initiator, timed: the product's main
 * job end to end (two environments started, clauses 4–12 walked twice, every plan). Target: under
 * 30 s on the 2-core machine. Part of `npm run bench`; alone: node --import tsx bench/harness-run.ts
 */
import { pathToFileURL } from 'node:url';
import { exitCodeOf, runHarness } from '../suites/runner.ts';
import { startBundledReference } from '../bin/bundled-reference.ts';
import { DriverSut } from '../suites/sut.ts';

export const HARNESS_TARGET_MS = 30_000;

export async function benchHarnessRun(): Promise<void> {
  const t0 = performance.now();
  const reference = await startBundledReference();
  const marks: string[] = [];
  let last = t0;
  const mark = (what: string) => {
    const now = performance.now();
    marks.push(`${what}: ${Math.round(now - last)} ms`);
    last = now;
  };
  mark('reference initiator started');
  let group: string | undefined;
  try {
    const r = await runHarness({
      sut: (log) => new DriverSut(reference.driverUrl, log),
      onEvent: (e) => {
        // Environments start in the background; a group's modules run until the next one is used.
        if (e.kind === 'environment') {
          mark(group ? `the ${group} environment's modules ran` : `until the ${e.environment} environment listened`);
          group = e.environment;
        }
        if (e.kind === 'onboarded') mark(`clauses 4–12 walked (${e.environment})`);
      },
    });
    mark(`the ${group ?? 'last'} environment's modules ran`);
    const total = Math.round(performance.now() - t0);
    const checks = r.modules.reduce((n, m) => n + m.checks.length, 0);
    process.stdout.write(
      `\nfull run against the reference initiator: ${total} ms (target < ${HARNESS_TARGET_MS} ms), ${r.modules.length} modules, ${checks} checks, exit ${exitCodeOf(r)}\n` +
        `  ${marks.join('\n  ')}\n  summary ${JSON.stringify(r.summary)}\n`,
    );
    if (total >= HARNESS_TARGET_MS) process.stdout.write('Above the target.\n');
  } finally {
    await reference.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchHarnessRun().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
