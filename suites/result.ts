import type { RequirementId } from '../requirements/index.ts';

/**
 * What a run of the harness produces: plain JSON, written to `--out DIR/results.json` by
 * `kdp-conformance run` and `kdp-conformance check`, read by the report (reports/) alone. Version it
 * when its shape changes.
 */
export const RUN_RESULT_VERSION = '1' as const;

export type ResultStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'REVIEW' | 'SKIPPED' | 'UNKNOWN';

/** Cited at the call of a check: what a failure of this check means for the SUT. */
export type Severity = 'FAILURE' | 'WARNING';

/** Whose fault a failure is: the report sorts failures by it. */
export type Blame = 'sut' | 'configuration' | 'environment';

/** One piece of evidence, kept once per run and cited by id from the results. Unmasked here. */
export type Evidence =
  | {
      id: string;
      kind: 'exchange';
      /** Journal record id of the environment. */
      journalId: string;
      channel: string;
      environment?: 'test' | 'prod';
      sender?: string;
      service?: string;
      at: string;
      request: string;
      response: string;
      outcome: string;
    }
  | { id: string; kind: 'sms'; at: string; phone: string; direction: 'to-subject' | 'from-subject'; text: string }
  | {
      id: string;
      kind: 'driver';
      at: string;
      method: string;
      path: string;
      status: number;
      request?: unknown;
      response?: unknown;
    }
  | { id: string; kind: 'person'; at: string; question: string; answer: string }
  | { id: string; kind: 'note'; at: string; text: string };

export interface CheckResult {
  /** The check's name (its file name in suites/checks/), unique within the module. */
  check: string;
  requirement: RequirementId;
  severity: Severity;
  status: ResultStatus;
  /** One line a person reads: what held, or what did not and why. */
  message: string;
  /** Evidence ids (keys of RunResult.evidence). */
  evidence: string[];
  durationMs: number;
  blame?: Blame;
  /** Set when an expected-failures entry matched this result. */
  expected?: { reason: string };
}

export interface ModuleResult {
  plan: string;
  module: string;
  /** e.g. { way: 'sms', dataService: 'MCDB_SERVICE', environment: 'test' } */
  variant: Record<string, string>;
  status: ResultStatus;
  startedAt: string;
  endedAt: string;
  checks: CheckResult[];
  /** Why the module could not finish (status UNKNOWN), or was skipped. */
  note?: string;
}

export interface ExpectedFailure {
  module: string;
  variant?: Record<string, string>;
  check: string;
  status: ResultStatus;
  reason: string;
}

export interface RunResult {
  version: typeof RUN_RESULT_VERSION;
  harness: { name: 'kdp-conformance'; version: string };
  profile: { version: string };
  /** sha256 of the plans' definitions (ids, modules, checks, requirements) that ran. */
  plansDigest: string;
  plans: string[];
  sut: {
    name: string;
    version?: string;
    organisation: { bin: string; name: string };
    reachedBy: 'driver' | 'interactive' | 'observation';
    /** The driver's URL, or for observation the sender and time window. */
    target?: string;
  };
  environment: { url: string; kind: 'embedded' | 'external'; seed?: number };
  startedAt: string;
  endedAt: string;
  modules: ModuleResult[];
  evidence: Record<string, Evidence>;
  expectedFailures: { applied: ExpectedFailure[]; unmet: ExpectedFailure[] };
  summary: Record<ResultStatus, number>;
}
