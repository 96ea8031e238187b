/**
 * The harness proves its sensitivity on every change: `kdp-conformance self-test` runs the plans
 * against the reference initiator and every broken initiator of examples/broken/, and must catch
 * each defect under its declared requirement and check, with the reference clean.
 */
import { describe, expect, it } from 'vitest';
import { ZOO } from '../examples/broken/zoo.ts';
import { selfTestCommand } from '../bin/commands/self-test.ts';

/** The command prints the table; the test reads it. */
async function captured(f: () => Promise<number>): Promise<{ code: number; out: string }> {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await f(), out };
  } finally {
    process.stdout.write = write;
  }
}

describe('kdp-conformance self-test', () => {
  it('catches every broken initiator under its declared requirement and check; the reference passes clean', async () => {
    // Two runs at once: npm test runs other suites beside this one on the same two cores.
    const { code, out } = await captured(() => selfTestCommand.run(['--jobs', '2']));
    for (const b of ZOO) {
      const row = out.split('\n').find((l) => l.startsWith(`| ${b.defect} |`));
      expect(row, b.defect).toBeDefined();
      expect(row, b.defect).toContain(
        `| ${b.requirement} | ${b.caughtBy.plan}/${b.caughtBy.module} ${b.caughtBy.check} |`,
      );
    }
    expect(out).toContain(`detection rate: ${ZOO.length}/${ZOO.length} (100.0 %)`);
    expect(out).toContain('false failures on the reference: 0');
    expect(code, out).toBe(0);
  }, 240_000);

  it('refuses an unknown defect name (exit 2 through UsageError)', async () => {
    await expect(selfTestCommand.run(['--defect', 'no-such-defect'])).rejects.toThrow(/unknown defect no-such-defect/);
  });
});
