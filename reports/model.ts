import type { Localized } from '../requirements/index.ts';
import type { Blame, Evidence, ExpectedFailure, ResultStatus, RunResult, Severity } from '../suites/result.ts';

/**
 * The conformance report: the JSON every renderer reads, alone. Built from a RunResult and the
 * requirement catalogue (build.ts), with personal data already masked; its shape is fixed by the
 * JSON Schema of schema.ts. Version it when its shape changes.
 */
export const REPORT_VERSION = '2' as const;
export const REPORT_SCHEMA_ID = 'urn:kdp-conformance:report:2';

export type Verdict = 'PASSED' | 'FAILED' | 'INCOMPLETE';
export type Language = keyof Localized;
export const LANGUAGES: readonly Language[] = ['en', 'kk', 'ru'];

export interface ReportCheck {
  /** Unique within the report: plan/module[variant]/check. */
  id: string;
  plan: string;
  module: string;
  variant: Record<string, string>;
  check: string;
  requirement: string;
  severity: Severity;
  status: ResultStatus;
  message: string;
  durationMs: number;
  /** A failure is 'sut' unless the harness said otherwise. */
  blame?: Blame;
  expected?: { reason: string };
  evidence: string[];
}

export interface ReportRequirement {
  id: string;
  clause: string;
  basis: string;
  title: Localized;
  text: Localized;
  /** The worst status of its checks (FAILED excused by an expected failure counts as passed). */
  status: ResultStatus;
  checks: ReportCheck[];
}

export interface ReportModule {
  plan: string;
  module: string;
  variant: Record<string, string>;
  status: ResultStatus;
  startedAt: string;
  endedAt: string;
  note?: string;
}

export interface CoverageAxis {
  exercised: string[];
  notExercised: string[];
}

export interface Attestation {
  /** Who certifies the run: a person of the organisation. Absent: the report is not attested. */
  certifiedBy?: { name: string; role: string };
  organisation: { bin: string; name: string };
  /** Where the SUT ran, in the certifier's words (e.g. "pre-production, release 4.2.0"). */
  environment: string;
  issuedAt: string;
  expiresAt: string;
}

/** Clause 11: the successful test-environment exchange with the security token the act cites. */
export interface TestingActCitation {
  evidence: string;
  messageId: string;
  serviceId: string;
  at: string;
  /** sha256 of the security token (first 16 hex digits): correlates with the journal without showing it. */
  tokenFingerprint: string;
  /** The token's signing algorithm, from its header. */
  tokenAlg?: string;
}

export interface Report {
  reportVersion: typeof REPORT_VERSION;
  $schema: typeof REPORT_SCHEMA_ID;
  generatedAt: string;
  harness: { name: string; version: string };
  profile: { version: string };
  runResultVersion: string;
  plans: { ids: string[]; digest: string };
  /** As the run recorded them (the JSON Schema of schema.ts fixes them for readers of the report). */
  sut: RunResult['sut'];
  environment: RunResult['environment'];
  startedAt: string;
  endedAt: string;
  verdict: Verdict;
  /** Counts of the checks in the report (integrator-binding requirements only). */
  summary: Record<ResultStatus, number> & { total: number; expected: number };
  attestation: Attestation;
  requirements: ReportRequirement[];
  modules: ReportModule[];
  /** Masked evidence, by id. */
  evidence: Record<string, Evidence>;
  expectedFailures: { applied: ExpectedFailure[]; unmet: ExpectedFailure[] };
  coverage: {
    requirements: CoverageAxis;
    ways: CoverageAxis;
    dataServices: CoverageAxis;
    shepOperations: CoverageAxis;
  };
  /** Checks left out because their requirement binds the platform or the harness, not the integrator. */
  omitted: { checks: number };
  testingAct?: TestingActCitation;
  /** Version 2: the results of verifying the integrator's own consumer pacts (contracts/), when given. */
  contracts?: ReportContracts;
}

export type ContractStatus = 'PASSED' | 'FAILED';

/** One interaction of a verified pact, masked like evidence. */
export interface ReportContractInteraction {
  /** Unique within the report: consumer→provider#n. */
  id: string;
  description: string;
  providerStates: { name: string; params?: Record<string, unknown> }[];
  status: ContractStatus;
  mismatches: { kind: string; path?: string; expected?: string; actual?: string; message: string }[];
  /** The integrator-binding requirements it exercises (the others are counted, not named). */
  requirements: string[];
  outcome?: string;
  outcomeMessage?: string;
  replay?: { at: string; note: string };
  substituted?: number;
}

export interface ReportPact {
  consumer: string;
  provider: string;
  /** The pact file's name only: a local path says nothing a reader needs. */
  file?: string;
  specification?: string;
  verifiedAt: string;
  status: ContractStatus | 'REFUSED';
  refused?: string;
  interactions: ReportContractInteraction[];
}

/** The contract section: each pact as verified, and its interactions under their requirements. */
export interface ReportContracts {
  status: ContractStatus | 'REFUSED';
  summary: { pacts: number; interactions: number; passed: number; failed: number; refused: number };
  pacts: ReportPact[];
  /** Integrator-binding requirements in catalogue order, each with the ids of its interactions. */
  requirements: { id: string; clause: string; title: Localized; status: ContractStatus; interactions: string[] }[];
  /** Interactions that exercise no integrator-binding requirement (only the platform's duties). */
  unmapped: string[];
}
