/**
 * Issue 14's targets, each against what this run measured, in one table at the end of the bench.
 *
 * The CPU targets were set in µs on the machine where raw node:http cost 22 µs of server CPU per
 * request; absolute µs do not carry across machines (on a loaded or virtualised box raw costs
 * three times that), so each is also given as its multiple of raw, the figure that does:
 * SHEP echo ≤ 60 µs = 2.7 × raw, data service with a token ≤ 150 µs = 6.8 × raw.
 */

import type { EnvVariant } from './serve.ts';

interface Figures {
  name: string;
  cpuUsPerReq: number;
  cpuUsPerRound?: number[];
}

/** Each round's multiple of raw, when there was more than one: the spread a single figure hides. */
function perRound(env: Figures, raw: Figures): string {
  const e = env.cpuUsPerRound ?? [];
  const r = raw.cpuUsPerRound ?? [];
  if (e.length < 2 || e.length !== r.length) return '';
  return `, by round ${e.map((x, i) => (x / r[i]!).toFixed(1)).join(', ')}`;
}
interface LoadRun {
  p99: number;
}

/** The parts of the bench's report this reads (bench/run.ts fills them when the section ran). */
export interface TargetInputs {
  echo?: { rows: Figures[] };
  dataService?: { rows: Figures[] };
  journal?: { size: number; q: { firstPage: { median: number; max: number } } }[];
  largeStore?: {
    size: number;
    alone: LoadRun;
    withReaders: LoadRun;
    /** The server's event-loop delay (ms) during each load. */
    loopAlone?: { p99: number; max: number; heldP99?: number; heldMax?: number };
    loopWithReaders?: { p99: number; max: number; heldP99?: number; heldMax?: number };
    memory: Record<'start' | 'walks' | 'loads', { rss: number }>;
  };
  startup?: { figures: { name: string; wallMs: number }[] };
}

export interface TargetLine {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/**
 * Diagnostic rows of the echo table (bench/serve.ts EnvVariant), measured in the same rounds: the
 * environment without parts of its path. Not the product; they say where the echo's time goes.
 */
export const ECHO_PARTS = {
  'answer-only': 'of which HTTP, fastify and our hooks (answer replayed)',
  'no-journal': 'of which all but the journal (journal writes dropped)',
} as const satisfies Record<EnvVariant, string>;

/** The issue's reference machine: raw node:http at 22 µs of CPU per request. */
const ISSUE_RAW_US = 22;

function cpuTarget(name: string, limitUs: number, rows: Figures[] | undefined): TargetLine {
  const raw = rows?.find((r) => r.name === 'raw node:http');
  const env = rows?.find((r) => r.name === 'kdp-conformance');
  const limitRatio = limitUs / ISSUE_RAW_US;
  if (!raw || !env) return { target: `${name} ≤ ${limitUs} µs`, measured: 'not measured', met: undefined };
  const ratio = env.cpuUsPerReq / raw.cpuUsPerReq;
  // Beside the target: were the echo's path without its journal already past it, no journal could meet it.
  const withoutJournal = rows?.find((r) => r.name === ECHO_PARTS['no-journal']);
  const floor = withoutJournal && withoutJournal.cpuUsPerReq / raw.cpuUsPerReq;
  return {
    target: `${name}: server CPU ≤ ${limitUs} µs per request (= ${limitRatio.toFixed(1)} × raw node:http)`,
    measured:
      `${env.cpuUsPerReq.toFixed(0)} µs = ${ratio.toFixed(1)} × raw (raw: ${raw.cpuUsPerReq.toFixed(0)} µs here${perRound(env, raw)})` +
      (floor !== undefined ? `; without the journal ${floor.toFixed(1)} × raw` : ''),
    met: ratio <= limitRatio,
  };
}

export function targetLines(r: TargetInputs): TargetLine[] {
  const lines: TargetLine[] = [
    cpuTarget('SHEP echo, journal durable', 60, r.echo?.rows),
    cpuTarget('data service with a token', 150, r.dataService?.rows),
  ];
  const largest = r.journal?.reduce<(typeof r.journal)[number] | undefined>(
    (a, b) => (a === undefined || b.size > a.size ? b : a),
    undefined,
  );
  lines.push(
    largest
      ? {
          target: `journal query by sender ≤ 5 ms at 1,000,000 exchanges`,
          measured: `${largest.q.firstPage.median.toFixed(2)} ms median, ${largest.q.firstPage.max.toFixed(2)} ms worst, at ${largest.size.toLocaleString('en-US')}`,
          met: largest.size >= 1_000_000 ? largest.q.firstPage.median <= 5 : undefined,
        }
      : { target: 'journal query by sender ≤ 5 ms at 1M', measured: 'not measured', met: undefined },
  );
  const s = r.largeStore;
  if (s) {
    // Stalled = the event loop held by the server's own work: while four clients read whole
    // journals, the main thread's CPU time between two turns of a 1 ms timer never exceeds 10 ms
    // (one turn serving the ten load connections takes ~5 ms on this 2-core machine by itself).
    // The wall-time lateness and the echo's latency are shown beside it: on two cores they rise
    // with the CPU the readers take, which is sharing the machine, not holding the loop.
    const loop = s.loopWithReaders;
    const alone = s.loopAlone;
    lines.push({
      target:
        'no request stalled while the journal is read: event loop held by its own work ≤ 10 ms at worst, with 4 journal readers',
      measured:
        (loop?.heldMax !== undefined
          ? `held worst ${loop.heldMax.toFixed(1)} ms, p99 ${loop.heldP99!.toFixed(1)} ms (SHEP alone: ${alone?.heldMax?.toFixed(1) ?? '—'} / ${alone?.heldP99?.toFixed(1) ?? '—'}); late p99 ${loop.p99.toFixed(1)} ms wall; `
          : 'loop not measured; ') +
        `SHEP echo p99 ${s.alone.p99} ms alone, ${s.withReaders.p99} ms with readers, at ${s.size.toLocaleString('en-US')} exchanges`,
      met: loop?.heldMax !== undefined ? loop.heldMax <= 10 : undefined,
    });
    const worst = Math.max(s.memory.start.rss, s.memory.walks.rss, s.memory.loads.rss);
    lines.push({
      target: 'RSS ≤ 250 MB after 1M exchanges on a file store (at start, after the walks, after the loads)',
      measured: `${['start', 'walks', 'loads'].map((k) => s.memory[k as 'start'].rss.toFixed(0)).join(' / ')} MB at ${s.size.toLocaleString('en-US')}`,
      met: s.size >= 1_000_000 ? worst <= 250 : undefined,
    });
  } else {
    lines.push({ target: 'no request stalled; RSS ≤ 250 MB after 1M', measured: 'not measured', met: undefined });
  }
  const start = (name: string) => r.startup?.figures.find((f) => f.name === name)?.wallMs;
  for (const [name, limit] of [
    ['up, existing store', 300],
    ['up, fresh store (new file)', 500],
  ] as const) {
    const ms = start(name);
    lines.push({
      target: `start-up, ${name.replace('up, ', '')}: first answer < ${limit} ms`,
      measured: ms === undefined ? 'not measured' : `${ms.toFixed(0)} ms`,
      met: ms === undefined ? undefined : ms < limit,
    });
  }
  return lines;
}

export function targetsTable(r: TargetInputs): string[] {
  return [
    '\n### Targets (issue 14)\n',
    '| target | this run | |',
    '|---|---|---|',
    ...targetLines(r).map(
      (l) => `| ${l.target} | ${l.measured} | ${l.met === undefined ? '—' : l.met ? 'met' : 'NOT met'} |`,
    ),
  ];
}
