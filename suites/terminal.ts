import type { RunEvent } from './runner.ts';
import type { ModuleResult, ResultStatus, RunResult } from './result.ts';

/** Colours only where asked and allowed: NO_COLOR (any value) turns them off, as does a non-TTY. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !('NO_COLOR' in env && env.NO_COLOR !== undefined) && Boolean(stream.isTTY);
}

const CODES: Record<ResultStatus, string> = {
  PASSED: '32',
  FAILED: '31',
  WARNING: '33',
  REVIEW: '36',
  SKIPPED: '90',
  UNKNOWN: '35',
};

export function paint(status: ResultStatus, text: string, colour: boolean): string {
  return colour ? `\u001b[${CODES[status]}m${text}\u001b[0m` : text;
}

const variantText = (v: Record<string, string>) => {
  const s = Object.entries(v)
    .map(([k, x]) => `${k}=${x}`)
    .join(' ');
  return s ? ` [${s}]` : '';
};

/** One line per event as the run goes. */
export function progressLine(e: RunEvent, colour: boolean): string | undefined {
  switch (e.kind) {
    case 'environment':
      return `environment (${e.environment}) at ${e.url}`;
    case 'onboarded':
      return `  clauses 4–12 for the SUT: ${e.ok ? 'done' : 'FAILED'} — ${e.message}`;
    case 'module-start':
      return undefined;
    case 'module-end': {
      const r = e.result;
      const ms = Date.parse(r.endedAt) - Date.parse(r.startedAt);
      const bad = r.checks.filter((c) => c.status === 'FAILED' || c.status === 'WARNING');
      return `  ${paint(r.status, r.status.padEnd(7), colour)} ${r.plan}/${r.module}${variantText(r.variant)} (${ms} ms)${
        r.note && r.status !== 'PASSED' ? ` — ${r.note}` : ''
      }${bad.map((c) => `\n           ${c.check} ${c.requirement}: ${c.message}`).join('')}`;
    }
  }
}

/** The closing table: one row per module, the totals, where the results are. */
export function summaryTable(r: RunResult, colour: boolean, outFile?: string): string {
  const rows = r.modules.map((m: ModuleResult) => [
    `${m.plan}/${m.module}${variantText(m.variant)}`,
    m.status,
    String(m.checks.filter((c) => c.status === 'PASSED').length),
    String(m.checks.filter((c) => c.status !== 'PASSED').length),
  ]);
  const w = Math.max(6, ...rows.map((x) => x[0]!.length));
  const lines = [`${'module'.padEnd(w)}  status   passed  other`, `${'-'.repeat(w)}  -------  ------  -----`];
  for (const [name, status, p, o] of rows)
    lines.push(
      `${name!.padEnd(w)}  ${paint(status as ResultStatus, status!.padEnd(7), colour)}  ${p!.padStart(6)}  ${o!.padStart(5)}`,
    );
  const totals = (Object.entries(r.summary) as [ResultStatus, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => paint(s, `${n} ${s}`, colour))
    .join(', ');
  lines.push('', `checks: ${totals || 'none'}`);
  for (const u of r.expectedFailures.unmet)
    lines.push(`expected failure did not happen: ${u.module} ${u.check} ${u.status} (${u.reason})`);
  if (outFile) lines.push(`results: ${outFile}`);
  return lines.join('\n');
}
