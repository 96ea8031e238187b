import type { RequirementId } from '../../requirements/index.ts';
import { fetchOutcome } from '../checks/fetch-outcome.ts';
import { noDataCall } from '../checks/no-data-call.ts';
import { reportedOutcome } from '../checks/reported-outcome.ts';
import type { AccessRequestPhase, DriverWay, StartAccessRequest } from '../driver/protocol.ts';
import type { FixtureSubject } from '../environment/client.ts';
import type { EnvironmentKind } from '../environment/embedded.ts';
import type { CheckCitation, ModuleContext, ModuleDefinition, Variant } from '../module.ts';
import { playSubject, requestFor, type SubjectAction } from '../scenario.ts';

export const WAY_REQUIREMENT: Record<DriverWay, RequirementId> = {
  sms: 'R7.5',
  'callcenter-1414': 'R7.1',
  'own-means': 'R7.2',
  proactive: 'R7.3',
  notification: 'R7.4',
};

/** How long a module waits for the SUT to reach an outcome (it polls with back-off). */
export const OUTCOME_WAIT_MS = 15_000;

export interface ConsentScenario {
  name: string;
  summary: string;
  way: DriverWay;
  action: SubjectAction;
  expect: AccessRequestPhase;
  environment?: EnvironmentKind;
  exclusive?: boolean;
  /** One variant per data service the SUT declares. */
  perDataService?: boolean;
  /** Faults to set for the scenario (environment-wide: the module runs alone). */
  faults?: Record<string, unknown>;
  request?: Partial<StartAccessRequest>;
  /**
   * What the outcome and the fetch prove. Default: the way's own requirement when granted, the
   * reporting duties (T-INIT-10, T-INIT-11) otherwise; a module about tokens names its own.
   */
  proves?: { outcome: RequirementId; fetch: RequirementId };
  /** What the checks of `then` prove, declared so that `plans` and the report list them. */
  alsoCites?: readonly CheckCitation[];
  /** More checks once the outcome is known. */
  then?(ctx: ModuleContext, id: string, since: number, subject: FixtureSubject): Promise<void>;
}

/**
 * One consent scenario: the SUT asks by a way, the harness plays the subject (or the operator),
 * the SUT must report the outcome; granted, it fetches the data; otherwise it never calls a data
 * service for the subject and refuses to fetch.
 */
export function consentModule(s: ConsentScenario): ModuleDefinition {
  const granted = s.expect === 'granted';
  const proves = s.proves ?? {
    outcome: granted ? WAY_REQUIREMENT[s.way] : 'T-INIT-10',
    fetch: granted ? WAY_REQUIREMENT[s.way] : 'T-INIT-11',
  };
  return {
    name: s.name,
    summary: s.summary,
    environment: s.environment ?? 'standard',
    ...(s.exclusive || s.faults ? { exclusive: true } : {}),
    variants: (d) =>
      s.perDataService ? d.dataServices.map((dataService) => ({ way: s.way, dataService })) : [{ way: s.way }],
    needs: () => [s.way],
    cites: [
      { check: 'reported-outcome', requirement: proves.outcome },
      { check: 'fetch-outcome', requirement: proves.fetch },
      ...(granted ? [] : [{ check: 'no-data-call', requirement: 'R3' as const }]),
      ...(s.alsoCites ?? []),
    ],
    async run(ctx) {
      const subject = ctx.subject();
      const since = Date.now();
      const sinceIso = await ctx.nowIso();
      if (s.faults) await ctx.env.setFaults(s.faults);
      try {
        const variant: Variant = ctx.variant;
        const way = (variant.way as DriverWay | undefined) ?? s.way;
        const request = requestFor(ctx.describe, 'test', subject, way, {
          ...(variant.dataService ? { dataService: variant.dataService } : {}),
          ...s.request,
        });
        const started = await ctx.sut.start(request);
        if (!started.value) return ctx.skip('the person skipped the step');
        ctx.note(
          `subject: ${await playSubject({ env: ctx.env, way, subject, sinceIso, action: s.action }).catch((e: Error) => e.message)}`,
        );
        const outcome = await ctx.sut.outcome(started.value.id, [s.expect], OUTCOME_WAIT_MS);
        await ctx.check(
          reportedOutcome,
          { expected: [s.expect], observed: outcome.value, source: outcome.source, evidence: outcome.evidence },
          { requirement: proves.outcome },
        );
        const fetched = await ctx.sut.fetch(started.value.id);
        await ctx.check(
          fetchOutcome,
          { expectData: granted, mustContain: subject.iin, result: fetched.value, evidence: fetched.evidence },
          { requirement: proves.fetch },
        );
        if (!granted)
          await ctx.check(
            noDataCall,
            { exchanges: await ctx.exchanges(since), iin: subject.iin },
            { requirement: 'R3' },
          );
        await s.then?.(ctx, started.value.id, since, subject);
      } finally {
        if (s.faults) await ctx.env.clearFaults();
      }
    },
  };
}
