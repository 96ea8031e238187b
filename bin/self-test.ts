/**
 * The harness proves its own sensitivity: it runs against the reference initiator (every plan, which
 * must come out clean: no FAILED, no WARNING) and against each broken initiator of the zoo (the
 * modules that make its defect show, then the passive checks), and holds each run to the zoo's
 * declaration: FAILED (or WARNING, for a warning check) under the declared requirement, by the
 * declared check of the declared module. Every other check that complains is "also flagged".
 */
import { DEFAULT_JOBS } from './commands/self-test.ts';
import { REFERENCE_ORGANISATION, referenceKey } from './bundled-reference.ts';
import type { CheckResult, ModuleResult, RunResult } from '../suites/result.ts';
import { runHarness } from '../suites/runner.ts';
import { DriverSut } from '../suites/sut.ts';
import type { Defect } from '../examples/reference-initiator/defects.ts';
import { startReferenceInitiator } from '../examples/reference-initiator/index.ts';
import { modulesFor, ZOO, type BrokenInitiator } from '../examples/broken/zoo.ts';

export interface Detection {
  defect: Defect;
  requirement: string;
  declared: string;
  /** The declared catch, when it happened ("plan/module check"). */
  caughtBy?: string;
  /** Every other complaint of the run: "plan/module check (requirement) STATUS". */
  alsoFlagged: string[];
  /** Why the run could not be judged (the harness or the initiator threw). */
  error?: string;
}

export interface SelfTestReport {
  reference: { complaints: string[]; modules: number; checks: number; error?: string };
  detections: Detection[];
  caught: number;
  total: number;
  durationMs: number;
}

/** The statuses that count as a complaint of a check (a module that could not finish is one too). */
const COMPLAINTS = new Set(['FAILED', 'WARNING', 'UNKNOWN']);

const where = (m: ModuleResult) => `${m.plan}/${m.module}`;
const complaint = (m: ModuleResult, c: CheckResult) => `${where(m)} ${c.check} (${c.requirement}) ${c.status}`;
/** The reference's complaints say what the check saw: each is a false failure to explain. */
const withMessage = (x: { c?: CheckResult; text: string }) => (x.c ? `${x.text}: ${x.c.message}` : x.text);

/** Every complaint of a run: FAILED/WARNING/UNKNOWN checks, and modules that could not finish. */
export function complaintsOf(r: RunResult): { m: ModuleResult; c?: CheckResult; text: string }[] {
  return r.modules.flatMap((m) => [
    ...m.checks.filter((c) => COMPLAINTS.has(c.status)).map((c) => ({ m, c, text: complaint(m, c) })),
    ...(m.status === 'UNKNOWN' && m.checks.length === 0 ? [{ m, text: `${where(m)} UNKNOWN: ${m.note ?? ''}` }] : []),
  ]);
}

/** Holds one broken initiator's run to its declaration. */
export function judge(b: BrokenInitiator, r: RunResult): Detection {
  const want = b.caughtBy;
  const status = want.status ?? 'FAILED';
  const all = complaintsOf(r);
  const hit = all.find(
    ({ m, c }) =>
      c &&
      m.plan === want.plan &&
      m.module === want.module &&
      c.check === want.check &&
      c.requirement === b.requirement &&
      c.status === status,
  );
  return {
    defect: b.defect,
    requirement: b.requirement,
    declared: `${want.plan}/${want.module} ${want.check}`,
    ...(hit ? { caughtBy: `${want.plan}/${want.module} ${want.check}` } : {}),
    // The declared check in the other environment's passive run is the same catch, not another.
    alsoFlagged: [
      ...new Set(
        all
          .filter((x) => x !== hit && !(hit && x.c?.check === want.check && x.m.module === want.module))
          .map((x) => x.text),
      ),
    ],
  };
}

/** Starts an initiator (the reference when no defect), runs the harness on it, closes it. */
async function runAgainst(defects: Defect[], moduleGlob?: string): Promise<RunResult> {
  const initiator = await startReferenceInitiator({
    port: 0,
    host: '127.0.0.1',
    organisation: REFERENCE_ORGANISATION,
    signingKey: await referenceKey(),
    defects,
  });
  try {
    return await runHarness({
      sut: (log) => new DriverSut(initiator.driverUrl, log),
      ...(moduleGlob ? { moduleGlob } : {}),
    });
  } finally {
    await initiator.close();
  }
}

/** Runs `tasks` with at most `limit` at once. */
async function bounded<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

export { DEFAULT_JOBS };

export async function runSelfTest(
  o: { jobs?: number; defects?: readonly Defect[]; onDone?: (line: string) => void } = {},
): Promise<SelfTestReport> {
  const started = Date.now();
  const zoo = o.defects ? ZOO.filter((b) => o.defects!.includes(b.defect)) : ZOO;
  const reference = async (): Promise<SelfTestReport['reference']> => {
    try {
      const r = await runAgainst([]);
      o.onDone?.('reference initiator: run');
      return {
        complaints: complaintsOf(r).map(withMessage),
        modules: r.modules.length,
        checks: r.modules.reduce((n, m) => n + m.checks.length, 0),
      };
    } catch (err) {
      return { complaints: [], modules: 0, checks: 0, error: (err as Error).message };
    }
  };
  const broken = zoo.map((b) => async (): Promise<Detection> => {
    try {
      const d = judge(b, await runAgainst([b.defect], modulesFor(b).join(',')));
      o.onDone?.(`${b.defect}: ${d.caughtBy ? 'caught' : 'MISSED'}`);
      return d;
    } catch (err) {
      return {
        defect: b.defect,
        requirement: b.requirement,
        declared: `${b.caughtBy.plan}/${b.caughtBy.module} ${b.caughtBy.check}`,
        alsoFlagged: [],
        error: (err as Error).message,
      };
    }
  });
  // The reference runs alone: its 2 s token in tokens/token-expired is used until the last
  // moment, and on a crowded machine the data call can reach the gateway just after it expired.
  const ref = await reference();
  const ds = await bounded(broken, o.jobs ?? DEFAULT_JOBS);
  return {
    reference: ref,
    detections: ds,
    caught: ds.filter((d) => d.caughtBy).length,
    total: ds.length,
    durationMs: Date.now() - started,
  };
}

/** Passed: every defect caught as declared, the reference clean. */
export function selfTestPassed(r: SelfTestReport): boolean {
  return r.caught === r.total && r.reference.complaints.length === 0 && !r.reference.error && r.reference.modules > 0;
}

/** The detection table and the totals, as the command prints them (and docs/sensitivity.md shows). */
export function detectionTable(r: SelfTestReport): string {
  const rows = r.detections.map((d) => [
    d.defect,
    d.requirement,
    d.caughtBy ?? `MISSED (declared: ${d.declared}${d.error ? `; ${d.error}` : ''})`,
    d.alsoFlagged.length ? d.alsoFlagged.join('; ') : '—',
  ]);
  const head = ['defect', 'requirement', 'caught by', 'also flagged'];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
  const refLine = r.reference.error
    ? `reference initiator: could not be run: ${r.reference.error}`
    : `reference initiator: ${r.reference.modules} modules, ${r.reference.checks} checks, ${r.reference.complaints.length} FAILED/WARNING/UNKNOWN${r.reference.complaints.length ? `: ${r.reference.complaints.join('; ')}` : ''}`;
  const pct = r.total ? ((100 * r.caught) / r.total).toFixed(1) : '0.0';
  return [
    ...lines,
    '',
    `detection rate: ${r.caught}/${r.total} (${pct} %)`,
    `false failures on the reference: ${r.reference.complaints.length}`,
    refLine,
    `time: ${(r.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
