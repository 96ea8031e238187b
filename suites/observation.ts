import type { JWK } from 'jose';
import { DEFAULT_MAX_SKEW_MS, DEFAULT_UTC_OFFSET_MINUTES, type SenderContext } from './checks/context.ts';
import { EnvironmentClient } from './environment/client.ts';
import { EvidenceLog } from './evidence-log.ts';
import { HARNESS_VERSION, PROFILE_VERSION, plansDigest, worst } from './runner.ts';
import { exchangePlan, PASSIVE_CHECKS, severityOf } from './plans/exchange.ts';
import { RUN_RESULT_VERSION, type CheckResult, type ResultStatus, type RunResult } from './result.ts';

interface FixtureOrganisation {
  bin: string;
  name: string;
  credentials: { test: { senderId: string }; prod: { senderId: string } };
  keys?: { rsa?: { publicJwk: JWK }; ec?: { publicJwk: JWK } };
}

export interface ObserveOptions {
  environmentUrl: string;
  sender: string;
  from?: number;
  to?: number;
  /** The organisation's BIN, when the environment's fixtures do not know the sender. */
  bin?: string;
  /** Data services approved for it (default: both data services). */
  services?: string[];
  /** The environment's Kazakhstan offset in minutes (default 300, +05:00). */
  utcOffsetMinutes?: number;
}

/**
 * Observation: whoever drove the SUT, the passive checks judge every exchange its sender made in
 * a window of a running environment's journal. The organisation's facts come from the
 * environment's fixtures when the sender is one of theirs, else from the options.
 */
export async function observe(o: ObserveOptions): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const env = new EnvironmentClient(o.environmentUrl);
  const log = new EvidenceLog();
  const all = (await env.fixtures()) as unknown as { organisations?: FixtureOrganisation[] };
  const org = all.organisations?.find(
    (x) => x.credentials.test.senderId === o.sender || x.credentials.prod.senderId === o.sender || x.bin === o.bin,
  );
  const bin = o.bin ?? org?.bin;
  if (!bin)
    throw new Error(`the environment's fixtures do not know sender ${o.sender}: name its organisation with --bin`);
  const records = await env.journal({ channel: 'shep', sender: o.sender, from: o.from, to: o.to });
  const exchanges = records.map((r) => log.exchange(r));
  const envOf = (e: 'test' | 'prod') =>
    exchanges.some((x) => x.environment === e) || org?.credentials[e].senderId === o.sender ? [o.sender] : [];
  const context: SenderContext = {
    bin,
    senders: {
      test: envOf('test'),
      prod: envOf('prod'),
    },
    approvedServices: o.services ?? ['GBDFLUniversal_token', 'MCDB_SERVICE'],
    approvedGrounds: ['art9-1', 'art9-2', 'art9-9', 'art9-9-2'],
    expiresIn: { min: 60, max: 157_680_000 },
    maxSkewMs: DEFAULT_MAX_SKEW_MS,
    utcOffsetMinutes: o.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES,
    ovtKeys: [org?.keys?.rsa?.publicJwk, org?.keys?.ec?.publicJwk].filter((k): k is JWK => k !== undefined),
    ovtAudience: { test: 'urn:kdp-conformance:test:KDP_SERVICE', prod: 'urn:kdp-conformance:prod:KDP_SERVICE' },
  };
  // A sender used on one environment only: the passive credential check knows only that one.
  if (context.senders.test.length === 0 && context.senders.prod.length === 0) context.senders.test.push(o.sender);
  const checks: CheckResult[] = [];
  for (const c of PASSIVE_CHECKS) {
    if (c.check.name === 'ovt-signature' && context.ovtKeys.length === 0) continue;
    const t = performance.now();
    const out = await c.check.run({ exchanges, context });
    const severity = severityOf(c, context);
    checks.push({
      check: c.check.name,
      requirement: c.requirement,
      severity,
      status: out.status === 'FAILED' && severity === 'WARNING' ? 'WARNING' : out.status,
      message: out.message,
      evidence: out.evidence,
      durationMs: Math.round(performance.now() - t),
      ...(out.status === 'FAILED' ? { blame: 'sut' as const } : {}),
    });
  }
  const status: ResultStatus = exchanges.length === 0 ? 'SKIPPED' : worst(checks.map((c) => c.status));
  const summary = Object.fromEntries(
    (['PASSED', 'FAILED', 'WARNING', 'REVIEW', 'SKIPPED', 'UNKNOWN'] as const).map((s) => [
      s,
      checks.filter((c) => c.status === s).length,
    ]),
  ) as Record<ResultStatus, number>;
  const window = `${o.from === undefined ? 'the beginning' : new Date(o.from).toISOString()} … ${o.to === undefined ? 'now' : new Date(o.to).toISOString()}`;
  return {
    version: RUN_RESULT_VERSION,
    harness: { name: 'kdp-conformance', version: HARNESS_VERSION },
    profile: { version: PROFILE_VERSION },
    plansDigest: plansDigest([exchangePlan]),
    plans: [exchangePlan.name],
    sut: {
      name: org?.name ?? bin,
      organisation: { bin, name: org?.name ?? bin },
      reachedBy: 'observation',
      target: `sender ${o.sender}, ${window}`,
    },
    environment: { url: o.environmentUrl, kind: 'external' },
    startedAt,
    endedAt: new Date().toISOString(),
    modules: [
      {
        plan: 'exchange',
        module: 'every-exchange',
        variant: { sender: o.sender },
        status,
        startedAt,
        endedAt: new Date().toISOString(),
        checks,
        ...(exchanges.length === 0 ? { note: 'the sender made no exchange in the window' } : {}),
      },
    ],
    evidence: log.all,
    expectedFailures: { applied: [], unmet: [] },
    summary,
  };
}
