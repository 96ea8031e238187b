import { createHash } from 'node:crypto';
import type { RequirementId } from '../requirements/index.ts';
import type { CheckOutcome } from './check.ts';
import { DEFAULT_MAX_SKEW_MS, DEFAULT_UTC_OFFSET_MINUTES, type SenderContext } from './checks/context.ts';
import type { DescribeResponse } from './driver/protocol.ts';
import { EnvironmentClient, type FixtureSubject } from './environment/client.ts';
import {
  harnessFixtures,
  startEmbeddedEnvironment,
  SHORT_LIVED,
  type EmbeddedEnvironment,
  type EnvironmentKind,
} from './environment/embedded.ts';
import { EvidenceLog } from './evidence-log.ts';
import { applyExpectedFailures } from './expected-failures.ts';
import {
  ModuleSkipped,
  type ModuleContext,
  type ModuleDefinition,
  type PlanDefinition,
  type Variant,
} from './module.ts';
import { onboard } from './onboarding.ts';
import { PLANS } from './plans/index.ts';
import {
  RUN_RESULT_VERSION,
  type CheckResult,
  type ExpectedFailure,
  type ModuleResult,
  type ResultStatus,
  type RunResult,
} from './result.ts';
import type { SutPort } from './sut.ts';
import { makeIin } from './wire.ts';
import { packageVersion } from './version.ts';
import { PROFILE_VERSION } from '../mocks/profile.ts';

export const HARNESS_VERSION = packageVersion();
export { PROFILE_VERSION };

export type RunEvent =
  | { kind: 'environment'; environment: EnvironmentKind; url: string }
  | { kind: 'onboarded'; environment: EnvironmentKind; ok: boolean; message: string }
  | { kind: 'module-start'; plan: string; module: string; variant: Variant }
  | { kind: 'module-end'; result: ModuleResult };

export interface RunOptions {
  /** Reaches the SUT; built on the run's evidence log. */
  sut(log: EvidenceLog): SutPort;
  /** A running environment to use instead of starting the harness's own. */
  environmentUrl?: string;
  plans?: readonly string[];
  /** Module name glob (`sms-*`), or plan/module. */
  moduleGlob?: string;
  expectedFailures?: readonly ExpectedFailure[];
  seed?: number;
  /** The running environment's Kazakhstan offset in minutes (default 300, +05:00); the harness's own say theirs. */
  utcOffsetMinutes?: number;
  onEvent?(e: RunEvent): void;
}

export class ConfigurationError extends Error {}

interface Instance {
  plan: PlanDefinition;
  module: ModuleDefinition;
  variant: Variant;
}

/** `sms-*`, `consent/own-means`, or several separated by commas. */
export function globMatches(glob: string, plan: string, module: string): boolean {
  return glob.split(',').some((g) => {
    const re = new RegExp(
      `^${g
        .trim()
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return re.test(module) || re.test(`${plan}/${module}`);
  });
}

export function selectPlans(names: readonly string[] | undefined): PlanDefinition[] {
  if (!names?.length) return [...PLANS];
  return names.map((n) => {
    const p = PLANS.find((x) => x.name === n);
    if (!p) throw new ConfigurationError(`unknown plan "${n}"; plans: ${PLANS.map((x) => x.name).join(', ')}`);
    return p;
  });
}

export function plansDigest(plans: readonly PlanDefinition[]): string {
  const shape = plans.map((p) => ({ plan: p.name, modules: p.modules.map((m) => ({ name: m.name, cites: m.cites })) }));
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

const RANK: ResultStatus[] = ['FAILED', 'UNKNOWN', 'WARNING', 'REVIEW', 'PASSED', 'SKIPPED'];
export function worst(statuses: readonly ResultStatus[]): ResultStatus {
  for (const s of RANK) if (statuses.includes(s)) return s;
  return 'SKIPPED';
}

/** Runs the plans against the SUT and returns the run's result; the caller writes and renders it. */
export async function runHarness(o: RunOptions): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const log = new EvidenceLog();
  const sut = o.sut(log);
  let describe: DescribeResponse;
  try {
    describe = await sut.describe();
  } catch (err) {
    throw new ConfigurationError(`the SUT does not describe itself: ${(err as Error).message}`);
  }
  const plans = selectPlans(o.plans);
  const instances: Instance[] = plans.flatMap((plan) =>
    plan.modules
      .filter((m) => !o.moduleGlob || globMatches(o.moduleGlob, plan.name, m.name))
      .flatMap((module) =>
        module.last
          ? [{ plan, module, variant: {} }]
          : module.variants(describe).map((variant) => ({ plan, module, variant })),
      ),
  );
  if (instances.length === 0) throw new ConfigurationError(`no module matches ${o.moduleGlob ?? 'the plans'}`);

  const results: ModuleResult[] = [];
  const skippedResult = (i: Instance, note: string): ModuleResult => ({
    plan: i.plan.name,
    module: i.module.name,
    variant: i.variant,
    status: 'SKIPPED',
    startedAt: new Date().toISOString(),
    endedAt: new Date().toISOString(),
    checks: [],
    note,
  });
  const runnable: Instance[] = [];
  for (const i of instances) {
    const missing = (i.module.needs?.(i.variant) ?? []).filter((w) => !describe.ways.includes(w));
    if (missing.length) results.push(skippedResult(i, `the SUT does not support ${missing.join(', ')}`));
    else runnable.push(i);
  }

  const kinds: EnvironmentKind[] = ['standard', 'alphanumeric-codes', 'short-lived'];
  const envUrls: string[] = [];
  const groupOf = (kind: EnvironmentKind) =>
    runnable.filter((i) => !i.module.last && (i.module.environmentOf?.(i.variant) ?? i.module.environment) === kind);
  // The harness's own environments start together on one fixture set, the next one while the
  // first group runs: starting one is most of a short run's time.
  const starting = new Map<EnvironmentKind, Promise<EmbeddedEnvironment>>();
  if (!o.environmentUrl) {
    const fixtures = harnessFixtures(o.seed);
    for (const kind of kinds)
      if (groupOf(kind).length) {
        const started = fixtures.then((f) => startEmbeddedEnvironment(kind, { fixtures: f }));
        started.catch(() => {}); // awaited (and reported) when its group runs
        starting.set(kind, started);
      }
  }
  try {
    for (const kind of kinds) {
      const group = groupOf(kind);
      if (group.length === 0) continue;
      if (o.environmentUrl && kind !== 'standard') {
        for (const i of group)
          results.push(
            skippedResult(
              i,
              kind === 'short-lived'
                ? `needs the harness's own short-lived environment (lifetimes of ${SHORT_LIVED.pendingMs} ms); see docs/harness.md § Time`
                : "needs the harness's own environment issuing alphanumeric codes; see docs/harness.md § Plans",
            ),
          );
        continue;
      }
      const lasts = runnable.filter((i) => i.module.last).map((i) => ({ ...i, variant: { environment: kind } }));
      let embedded: EmbeddedEnvironment | undefined;
      const url = o.environmentUrl ?? (embedded = await starting.get(kind)!).url;
      starting.delete(kind);
      envUrls.push(url);
      o.onEvent?.({ kind: 'environment', environment: kind, url });
      try {
        const utcOffsetMinutes = embedded?.utcOffsetMinutes ?? o.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
        results.push(
          ...(await runGroup({ kind, url, sut, describe, log, group, lasts, utcOffsetMinutes, onEvent: o.onEvent })),
        );
      } finally {
        await embedded?.close();
      }
    }
  } finally {
    // A group that never ran (an error before it) still has its environment to close.
    for (const started of starting.values()) await started.then((e) => e.close()).catch(() => {});
  }

  const expectedFailures = applyExpectedFailures(results, o.expectedFailures ?? []);
  const order = (r: ModuleResult) => instances.findIndex((i) => i.plan.name === r.plan && i.module.name === r.module);
  results.sort((a, b) => order(a) - order(b));
  const summary = Object.fromEntries(RANK.map((s) => [s, 0])) as Record<ResultStatus, number>;
  for (const m of results) {
    if (m.checks.length === 0) summary[m.status]++;
    for (const c of m.checks) summary[c.status]++;
  }
  return {
    version: RUN_RESULT_VERSION,
    harness: { name: 'kdp-conformance', version: HARNESS_VERSION },
    profile: { version: PROFILE_VERSION },
    plansDigest: plansDigest(plans),
    plans: plans.map((p) => p.name),
    sut: {
      name: describe.system.name,
      version: describe.system.version,
      organisation: describe.organisation,
      reachedBy: sut.reachedBy,
      target: sut.target,
    },
    environment: o.environmentUrl
      ? { url: o.environmentUrl, kind: 'external' }
      : { url: envUrls.join(' '), kind: 'embedded', seed: o.seed ?? 236 },
    startedAt,
    endedAt: new Date().toISOString(),
    modules: results,
    evidence: log.all,
    expectedFailures,
    summary,
  };
}

/** A run fails when a result FAILED or could not finish (UNKNOWN) unexpectedly, or a baseline went stale. */
export function exitCodeOf(r: RunResult): 0 | 1 {
  const bad = r.modules.some(
    (m) =>
      (m.status === 'UNKNOWN' && m.checks.length === 0) ||
      m.checks.some((c) => (c.status === 'FAILED' || c.status === 'UNKNOWN') && !c.expected),
  );
  return bad || r.expectedFailures.unmet.length > 0 || r.modules.some((m) => m.status === 'UNKNOWN') ? 1 : 0;
}

async function runGroup(g: {
  kind: EnvironmentKind;
  url: string;
  sut: SutPort;
  describe: DescribeResponse;
  log: EvidenceLog;
  group: Instance[];
  lasts: Instance[];
  utcOffsetMinutes: number;
  onEvent?: ((e: RunEvent) => void) | undefined;
}): Promise<ModuleResult[]> {
  const env = new EnvironmentClient(g.url);
  await g.sut.reset();
  const fixtures = await env.fixtures();
  const offsetMs = (await env.clockNowMs()) - Date.now();
  const groupStart = Date.now();
  let next = 0;
  const subject = (): FixtureSubject => {
    const s = fixtures.subjects[next++ % fixtures.subjects.length];
    if (!s) throw new Error('the environment has no subjects');
    return s;
  };
  const known = new Set(fixtures.subjects.map((s) => s.iin));
  let serial = 0;
  const unknownIin = (): string => {
    for (;;) {
      const iin = makeIin({ birthDate: '1990-01-01', sex: 'male', serial: 7000 + ++serial });
      if (!known.has(iin)) return iin;
    }
  };
  const org = await onboard({
    env,
    sut: g.sut,
    describe: g.describe,
    shepUrl: (e) => `${g.url}/${e}/bip-sync-wss-gost/`,
    subject,
    note: (t) => g.log.note(t),
  });
  g.onEvent?.({
    kind: 'onboarded',
    environment: g.kind,
    ok: !org.failure,
    message: org.failure
      ? org.failure.message
      : `application ${org.applicationId} accepted; test ${org.senders.test[0]}, prod ${org.senders.prod[0]}`,
  });
  const checkContext: SenderContext = {
    bin: org.bin,
    senders: org.senders,
    approvedServices: org.approved.services,
    approvedGrounds: org.approved.grounds,
    expiresIn: { min: g.kind === 'short-lived' ? SHORT_LIVED.minExpiresInSec : 60, max: 157_680_000 },
    maxSkewMs: DEFAULT_MAX_SKEW_MS,
    utcOffsetMinutes: g.utcOffsetMinutes,
    ovtKeys: org.registeredKeys,
    ovtAudience: { test: 'urn:kdp-conformance:test:KDP_SERVICE', prod: 'urn:kdp-conformance:prod:KDP_SERVICE' },
  };
  const exchangesSince = async (fromMs: number) => {
    const senders = [...org.senders.test, ...org.senders.prod];
    const lists = await Promise.all(
      senders.map((sender) =>
        env.journal({ channel: 'shep', sender, from: Math.max(fromMs, groupStart) + offsetMs - 50 }),
      ),
    );
    return lists
      .flat()
      .sort((a, b) => a.at - b.at)
      .map((r) => g.log.exchange(r));
  };

  const runOne = async (i: Instance): Promise<ModuleResult> => {
    g.onEvent?.({ kind: 'module-start', plan: i.plan.name, module: i.module.name, variant: i.variant });
    const started = Date.now();
    const checks: CheckResult[] = [];
    let note: string | undefined;
    let status: ResultStatus | undefined;
    const ctx: ModuleContext = {
      sut: g.sut,
      env,
      describe: g.describe,
      org,
      checkContext,
      variant: i.variant,
      subject,
      unknownIin,
      exchanges: (fromMs) => exchangesSince(fromMs ?? started),
      nowIso: async () => new Date((await env.clockNowMs()) - 1).toISOString(),
      async check(check, input, cite) {
        const t = performance.now();
        let out: CheckOutcome;
        try {
          out = await check.run(input);
        } catch (err) {
          out = { status: 'FAILED', message: `the check could not judge: ${(err as Error).message}`, evidence: [] };
        }
        const severity = cite.severity ?? 'FAILURE';
        const name = cite.label ? `${check.name}#${cite.label}` : check.name;
        // `plans` and the report's coverage read a module's declared citations: a call that proves
        // something else would make them lie, so it stops the module (UNKNOWN) instead.
        if (!i.module.cites.some((c) => c.check === name && c.requirement === cite.requirement))
          throw new Error(`${i.module.name} calls ${name} under ${cite.requirement}, which its cites do not declare`);
        checks.push({
          check: name,
          requirement: cite.requirement as RequirementId,
          severity,
          status: out.status === 'FAILED' && severity === 'WARNING' ? 'WARNING' : out.status,
          message: out.message,
          evidence: out.evidence,
          durationMs: Math.round(performance.now() - t),
          ...(out.status === 'FAILED' ? { blame: cite.blame ?? 'sut' } : {}),
        });
        return out;
      },
      note: (text) => void (note = note ? `${note}; ${text}` : text),
      skip(reason): never {
        throw new ModuleSkipped(reason);
      },
    };
    try {
      // The passive checks still judge whatever the SUT's sender sent before onboarding stopped: a
      // message the state service refused at once must show under its own requirement, not only as R11.
      if (org.failure && i.module.name !== 'clauses-4-12' && !i.module.last)
        throw new ModuleSkipped(`the SUT was not onboarded: ${org.failure.message}`);
      await i.module.run(ctx);
      status = worst(checks.map((c) => c.status));
    } catch (err) {
      if (err instanceof ModuleSkipped) {
        status = checks.some((c) => c.status === 'FAILED') ? 'FAILED' : 'SKIPPED';
        note = note ? `${note}; ${err.message}` : err.message;
      } else {
        status = 'UNKNOWN';
        note = `${note ? `${note}; ` : ''}could not finish: ${(err as Error).message}`;
      }
    }
    const result: ModuleResult = {
      plan: i.plan.name,
      module: i.module.name,
      variant: i.variant,
      status: status === 'SKIPPED' && checks.some((c) => c.status === 'FAILED') ? 'FAILED' : status,
      startedAt: new Date(started).toISOString(),
      endedAt: new Date().toISOString(),
      checks,
      ...(note ? { note } : {}),
    };
    g.onEvent?.({ kind: 'module-end', result });
    return result;
  };

  const out: ModuleResult[] = [];
  const shared = g.group.filter((i) => !i.module.exclusive);
  let cursor = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(g.sut.concurrency, shared.length)) }, async () => {
      while (cursor < shared.length) out.push(await runOne(shared[cursor++]!));
    }),
  );
  for (const i of g.group.filter((x) => x.module.exclusive)) out.push(await runOne(i));
  for (const i of g.lasts) out.push(await runOne(i));
  return out;
}
