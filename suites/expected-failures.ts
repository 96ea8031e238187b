import { readFileSync } from 'node:fs';
import type { CheckResult, ExpectedFailure, ModuleResult, ResultStatus } from './result.ts';

const STATUSES: readonly ResultStatus[] = ['PASSED', 'FAILED', 'WARNING', 'REVIEW', 'SKIPPED', 'UNKNOWN'];

/** Reads an expected-failures file: a JSON array of {module, variant?, check, status, reason}. */
export function readExpectedFailures(path: string): ExpectedFailure[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${path}: an expected-failures file is a JSON array`);
  return raw.map((e: Record<string, unknown>, i) => {
    const where = `${path}[${i}]`;
    for (const k of ['module', 'check', 'status', 'reason'])
      if (typeof e[k] !== 'string' || !e[k]) throw new Error(`${where}: "${k}" must be a non-empty string`);
    if (!STATUSES.includes(e.status as ResultStatus)) throw new Error(`${where}: unknown status ${String(e.status)}`);
    return {
      module: e.module as string,
      check: e.check as string,
      status: e.status as ResultStatus,
      reason: e.reason as string,
      ...(e.variant ? { variant: e.variant as Record<string, string> } : {}),
    };
  });
}

function matches(e: ExpectedFailure, m: ModuleResult, c: CheckResult): boolean {
  return (
    e.module === m.module &&
    e.check === c.check &&
    e.status === c.status &&
    Object.entries(e.variant ?? {}).every(([k, v]) => m.variant[k] === v)
  );
}

/** Marks the results an entry expects; the entries that matched nothing are unmet (a stale baseline). */
export function applyExpectedFailures(
  modules: ModuleResult[],
  expected: readonly ExpectedFailure[],
): { applied: ExpectedFailure[]; unmet: ExpectedFailure[] } {
  const applied: ExpectedFailure[] = [];
  for (const e of expected) {
    let hit = false;
    for (const m of modules)
      for (const c of m.checks)
        if (matches(e, m, c)) {
          c.expected = { reason: e.reason };
          hit = true;
        }
    if (hit) applied.push(e);
  }
  return { applied, unmet: expected.filter((e) => !applied.includes(e)) };
}
