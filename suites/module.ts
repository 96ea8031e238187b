import type { RequirementId } from '../requirements/index.ts';
import type { Check, CheckOutcome } from './check.ts';
import type { SenderContext } from './checks/context.ts';
import type { DescribeResponse, DriverWay } from './driver/protocol.ts';
import type { EnvironmentClient, FixtureSubject } from './environment/client.ts';
import type { EnvironmentKind } from './environment/embedded.ts';
import type { Exchange } from './exchange.ts';
import type { Onboarded } from './onboarding.ts';
import type { Blame, Severity } from './result.ts';
import type { SutPort } from './sut.ts';

export type Variant = Record<string, string>;

/** What a module may do: drive the SUT, play everyone else, read the journal, call checks. */
export interface ModuleContext {
  readonly sut: SutPort;
  readonly env: EnvironmentClient;
  readonly describe: DescribeResponse;
  readonly org: Onboarded;
  readonly checkContext: SenderContext;
  readonly variant: Variant;
  /** A fixture subject no other module of this run uses. */
  subject(): FixtureSubject;
  /** A valid IIN the state service does not know. */
  unknownIin(): string;
  /** The SUT's SHEP exchanges since the module started (or since `fromMs`). */
  exchanges(fromMs?: number): Promise<Exchange[]>;
  /** The environment's virtual now, as ISO (for "SMS since"). */
  nowIso(): Promise<string>;
  check<I>(
    check: Check<I>,
    input: I,
    cite: { requirement: RequirementId; severity?: Severity; blame?: Blame; label?: string },
  ): Promise<CheckOutcome>;
  note(text: string): void;
  /** Marks the module SKIPPED with a reason (e.g. the SUT lacks the way). */
  skip(reason: string): never;
}

export class ModuleSkipped extends Error {}

/** The checks a module calls, as `plans` lists them. */
export interface CheckCitation {
  check: string;
  requirement: RequirementId;
}

export interface ModuleDefinition {
  name: string;
  summary: string;
  /** Which environment profile it needs (docs/harness.md § Time). */
  environment: EnvironmentKind;
  /** A variant that needs another profile than the module's (sms-approve's alphanumeric codes). */
  environmentOf?(v: Variant): EnvironmentKind;
  /** Changes environment-wide state (faults) or the SUT's configuration: runs alone. */
  exclusive?: boolean;
  /** Runs after every other module of its environment (the passive checks over all exchanges). */
  last?: boolean;
  /** Variants; each runs as its own module instance. */
  variants(d: DescribeResponse): Variant[];
  /** Ways the SUT must have for a variant to run (otherwise SKIPPED). */
  needs?(v: Variant): DriverWay[];
  cites: readonly CheckCitation[];
  run(ctx: ModuleContext): Promise<void>;
}

export interface PlanDefinition {
  name: string;
  summary: string;
  modules: readonly ModuleDefinition[];
}

export const single = (): Variant[] => [{}];
