import { createHash } from 'node:crypto';
import { DATA_SERVICE_IDS } from '../mocks/data-services/data-services.ts';
import { CONSENT_WAYS } from '../protocol/kdp/ways.ts';
import { KDP_SERVICE_IDS } from '../mocks/kdp/queries.ts';
import type { CheckResult, Evidence, ResultStatus, RunResult } from '../suites/result.ts';
import type { ContractResults } from '../contracts/results.ts';
import { bindsIntegrator, defaultCatalogue, localized, type Catalogue } from './catalogue.ts';
import { contractsSection, contractTexts, withContracts } from './contracts.ts';
import { createMasker, learnNames, type Masker } from './mask.ts';
import {
  REPORT_SCHEMA_ID,
  REPORT_VERSION,
  type CoverageAxis,
  type Report,
  type ReportCheck,
  type ReportRequirement,
  type TestingActCitation,
  type Verdict,
} from './model.ts';

export interface AttestationInput {
  /** The person of the organisation who certifies the run. */
  certifiedBy?: { name: string; role: string };
  /** Where the SUT ran, in the certifier's words. Default: what the run says of the environment. */
  environment?: string;
  /** How long the attestation stands. Default 90 days after the run ended. */
  validDays?: number;
}

export interface BuildOptions {
  catalogue?: Catalogue;
  attestation?: AttestationInput;
  /** Injected time: when the report is made. Default: the run's end. */
  now?: () => Date;
  /** Results of `contracts verify` on the integrator's own pacts: the report's contract section. */
  contracts?: readonly ContractResults[];
}

const STATUSES: readonly ResultStatus[] = ['PASSED', 'FAILED', 'WARNING', 'REVIEW', 'SKIPPED', 'UNKNOWN'];
/** Worst first: a requirement shows the worst status of its checks. */
const RANK: Record<ResultStatus, number> = { FAILED: 0, UNKNOWN: 1, REVIEW: 2, WARNING: 3, PASSED: 4, SKIPPED: 5 };
const DAY_MS = 86_400_000;

export const SHEP_OPERATIONS: readonly string[] = [
  ...Object.values(KDP_SERVICE_IDS),
  ...Object.values(DATA_SERVICE_IDS),
];
export const DATA_SERVICES: readonly string[] = Object.values(DATA_SERVICE_IDS);
export const WAYS: readonly string[] = CONSENT_WAYS;

export function checkId(plan: string, module: string, variant: Record<string, string>, check: string): string {
  const v = Object.entries(variant)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, x]) => `${k}=${x}`)
    .join(',');
  return `${plan}/${module}${v ? `[${v}]` : ''}/${check}`;
}

/** What a check counts as once an expected failure excused it. */
function effective(c: Pick<ReportCheck, 'status' | 'expected'>): ResultStatus {
  return c.expected && c.status === 'FAILED' ? 'PASSED' : c.status;
}

function worst(statuses: ResultStatus[]): ResultStatus {
  return statuses.reduce<ResultStatus>((w, s) => (RANK[s] < RANK[w] ? s : w), 'SKIPPED');
}

export function verdictOf(checks: readonly Pick<ReportCheck, 'status' | 'expected'>[]): Verdict {
  const s = checks.map(effective);
  if (s.includes('FAILED')) return 'FAILED';
  if (s.includes('UNKNOWN') || s.includes('REVIEW') || !s.some((x) => x === 'PASSED' || x === 'WARNING'))
    return 'INCOMPLETE';
  return 'PASSED';
}

function axis(universe: readonly string[], exercised: Iterable<string>): CoverageAxis {
  const seen = new Set(exercised);
  return {
    exercised: [...new Set([...universe.filter((u) => seen.has(u)), ...seen])],
    notExercised: universe.filter((u) => !seen.has(u)),
  };
}

const ran = (s: ResultStatus) => s !== 'SKIPPED' && s !== 'UNKNOWN';

function maskEvidence(e: Evidence, m: Masker): Evidence {
  switch (e.kind) {
    case 'exchange':
      return { ...e, request: m.text(e.request), response: m.text(e.response), outcome: m.text(e.outcome) };
    case 'sms':
      return { ...e, phone: '[phone]', text: m.text(e.text) };
    case 'driver':
      return {
        ...e,
        path: m.text(e.path),
        ...(e.request !== undefined ? { request: m.value(e.request) } : {}),
        ...(e.response !== undefined ? { response: m.value(e.response) } : {}),
      };
    case 'person':
      return { ...e, question: m.text(e.question), answer: m.text(e.answer) };
    case 'note':
      return { ...e, text: m.text(e.text) };
  }
}

const tag = (xml: string, name: string) =>
  new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}>`).exec(xml)?.[1]?.trim();

/**
 * Clause 11: the exchange the testing act cites. A test-environment SHEP exchange that a PASSED
 * R11 check cites, answered SCSS001, whose request presented a security token (ovt, or the access
 * token kdpToken of a data-service call, as the harness's R11 check and Smart Bridge judge it). Read
 * from the unmasked evidence; only a fingerprint of the token leaves this function.
 */
export function findTestingActCitation(result: RunResult): TestingActCitation | undefined {
  const cited = result.modules
    .flatMap((m) => m.checks)
    .filter((c) => c.requirement === 'R11' && c.status === 'PASSED')
    .flatMap((c) => c.evidence);
  for (const id of cited) {
    const e = result.evidence[id];
    if (!e || e.kind !== 'exchange' || e.environment !== 'test') continue;
    // The security token the request presented: the initiator's own ovt (way 2), or the access
    // token a data-service call presents (kdpToken) — the one the platform judges for R11.
    const token = tag(e.request, 'ovt') || tag(e.request, 'kdpToken');
    const messageId = tag(e.request, 'messageId');
    const succeeded = /^SCSS001\b/.test(e.outcome) || tag(e.response, 'code') === 'SCSS001';
    if (!token || !messageId || !succeeded) continue;
    let alg: string | undefined;
    try {
      alg = (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { alg?: unknown }).alg as
        string | undefined;
    } catch {
      alg = undefined;
    }
    return {
      evidence: id,
      messageId,
      serviceId: e.service ?? tag(e.request, 'serviceId') ?? '',
      at: e.at,
      tokenFingerprint: createHash('sha256').update(token).digest('hex').slice(0, 16),
      ...(typeof alg === 'string' ? { tokenAlg: alg } : {}),
    };
  }
  return undefined;
}

function stripUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

export function buildReport(result: RunResult, options: BuildOptions = {}): Report {
  const catalogue = options.catalogue ?? defaultCatalogue();
  const now = options.now?.() ?? new Date(result.endedAt);
  const masker = createMasker({
    keep: [result.sut.organisation.bin],
    names: learnNames([...Object.values(result.evidence), ...contractTexts(options.contracts ?? [])]),
  });

  const included: { check: CheckResult; report: ReportCheck }[] = [];
  let omitted = 0;
  const seen = new Set<string>();
  for (const m of result.modules) {
    for (const c of m.checks) {
      if (!bindsIntegrator(catalogue.get(c.requirement))) {
        omitted++;
        continue;
      }
      let id = checkId(m.plan, m.module, m.variant, c.check);
      // A check the runner called twice in one module still gets a name of its own.
      for (let n = 2; seen.has(id); n++) id = `${checkId(m.plan, m.module, m.variant, c.check)}#${n}`;
      seen.add(id);
      included.push({
        check: c,
        report: {
          id,
          plan: m.plan,
          module: m.module,
          variant: { ...m.variant },
          check: c.check,
          requirement: c.requirement,
          severity: c.severity,
          status: c.status,
          message: masker.text(c.message),
          durationMs: c.durationMs,
          ...(c.status === 'FAILED' ? { blame: c.blame ?? 'sut' } : c.blame ? { blame: c.blame } : {}),
          ...(c.expected ? { expected: { reason: masker.text(c.expected.reason) } } : {}),
          evidence: [...c.evidence],
        },
      });
    }
  }

  const byRequirement = new Map<string, ReportCheck[]>();
  for (const { report } of included)
    byRequirement.set(report.requirement, [...(byRequirement.get(report.requirement) ?? []), report]);
  const requirements: ReportRequirement[] = [...byRequirement].map(([id, checks]) => {
    const r = catalogue.get(id)!;
    return {
      id,
      clause: r.clause,
      basis: r.basis,
      title: localized(r.title, id),
      text: localized(r.text, localized(r.title, id).en),
      status: worst(checks.map(effective)),
      checks,
    };
  });
  const order = catalogue.all().map((r) => r.id);
  requirements.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));

  const cited = new Set(included.flatMap((i) => i.report.evidence));
  const evidence: Record<string, Evidence> = {};
  for (const id of cited) {
    const e = result.evidence[id];
    if (e) evidence[id] = maskEvidence(e, masker);
  }

  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Report['summary'];
  summary.total = included.length;
  summary.expected = 0;
  for (const { report } of included) {
    summary[report.status]++;
    if (report.expected) summary.expected++;
  }

  const ranModules = result.modules.filter((m) => ran(m.status));
  const exchanges = Object.values(result.evidence).filter((e) => e.kind === 'exchange');
  const integratorIds = catalogue
    .all()
    .filter(bindsIntegrator)
    .map((r) => r.id);

  const maskedExpected = (list: RunResult['expectedFailures']['applied']) =>
    list.map((f) => ({ ...f, reason: masker.text(f.reason) }));
  const testingAct = findTestingActCitation(result);
  const contracts = options.contracts?.length ? contractsSection(options.contracts, catalogue, masker) : undefined;

  return {
    reportVersion: REPORT_VERSION,
    $schema: REPORT_SCHEMA_ID,
    generatedAt: now.toISOString(),
    harness: { ...result.harness },
    profile: { ...result.profile },
    runResultVersion: result.version,
    plans: { ids: [...result.plans], digest: result.plansDigest },
    sut: {
      name: result.sut.name,
      ...(result.sut.version ? { version: result.sut.version } : {}),
      organisation: { ...result.sut.organisation },
      reachedBy: result.sut.reachedBy,
      ...(result.sut.target ? { target: masker.text(stripUserinfo(result.sut.target)) } : {}),
    },
    environment: {
      url: stripUserinfo(result.environment.url),
      kind: result.environment.kind,
      ...(result.environment.seed !== undefined ? { seed: result.environment.seed } : {}),
    },
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    verdict: withContracts(verdictOf(included.map((i) => i.report)), contracts),
    summary,
    attestation: {
      ...(options.attestation?.certifiedBy ? { certifiedBy: { ...options.attestation.certifiedBy } } : {}),
      organisation: { ...result.sut.organisation },
      environment:
        options.attestation?.environment ??
        `${result.environment.kind} mock environment ${stripUserinfo(result.environment.url)}`,
      issuedAt: now.toISOString(),
      expiresAt: new Date(Date.parse(result.endedAt) + (options.attestation?.validDays ?? 90) * DAY_MS).toISOString(),
    },
    requirements,
    modules: result.modules.map((m) => ({
      plan: m.plan,
      module: m.module,
      variant: { ...m.variant },
      status: m.status,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      ...(m.note ? { note: masker.text(m.note) } : {}),
    })),
    evidence,
    expectedFailures: {
      applied: maskedExpected(result.expectedFailures.applied),
      unmet: maskedExpected(result.expectedFailures.unmet),
    },
    coverage: {
      requirements: axis(
        integratorIds,
        included.filter((i) => ran(i.report.status)).map((i) => i.report.requirement),
      ),
      ways: axis(
        WAYS,
        ranModules.map((m) => m.variant.way).filter((w): w is string => !!w),
      ),
      dataServices: axis(DATA_SERVICES, [
        ...ranModules.map((m) => m.variant.dataService).filter((d): d is string => !!d),
        ...exchanges.map((e) => e.service).filter((s): s is string => !!s && DATA_SERVICES.includes(s)),
      ]),
      shepOperations: axis(
        SHEP_OPERATIONS,
        exchanges
          .filter((e) => e.channel === 'shep')
          .map((e) => e.service)
          .filter((s): s is string => !!s),
      ),
    },
    omitted: { checks: omitted },
    ...(testingAct ? { testingAct } : {}),
    ...(contracts ? { contracts } : {}),
  };
}
