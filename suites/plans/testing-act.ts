import { environmentCredential } from '../checks/environment-credential.ts';
import { environmentExchange } from '../checks/environment-exchange.ts';
import { sequenceStep } from '../checks/sequence-step.ts';
import { signingKeyRegistered } from '../checks/signing-key-registered.ts';
import type { RequirementId } from '../../requirements/index.ts';
import type { PlanDefinition } from '../module.ts';
import { driveToGrant } from '../scenario.ts';

const SEQUENCE: readonly RequirementId[] = ['R4', 'R10.1', 'R10.2', 'R11', 'R12'];

/**
 * Clauses 4–12 for the SUT's organisation. The harness walked them when it set up the environment
 * (suites/onboarding.ts): every module needs the credentials they end with. This module judges that
 * walk, then sees the SUT work in production with the production credential only.
 */
export const testingActPlan: PlanDefinition = {
  name: 'testing-act',
  summary:
    'clauses 4–12 on Smart Bridge: application, key, test credentials, a test exchange with a valid token, the testing act, production',
  modules: [
    {
      name: 'clauses-4-12',
      summary:
        'application approved, key registered, successful test exchange, act accepted, production works, credentials never crossed',
      environment: 'standard',
      variants: () => [{}],
      cites: [
        ...SEQUENCE.map((requirement) => ({ check: `sequence-step#${requirement}`, requirement })),
        { check: 'signing-key-registered', requirement: 'R10.2' },
        { check: 'environment-exchange#test', requirement: 'R11' },
        { check: 'environment-exchange#prod', requirement: 'R12' },
        { check: 'environment-credential', requirement: 'R12' },
      ],
      async run(ctx) {
        const { org } = ctx;
        for (const requirement of SEQUENCE)
          await ctx.check(
            sequenceStep,
            { requirement, steps: org.steps, ...(org.failure ? { failure: org.failure } : {}), evidence: [] },
            { requirement, label: requirement },
          );
        if (ctx.describe.ways.includes('own-means'))
          await ctx.check(
            signingKeyRegistered,
            { sutKey: org.sutKey, registered: org.registeredKeys, evidence: [] },
            { requirement: 'R10.2' },
          );
        const all = await ctx.exchanges(0);
        await ctx.check(
          environmentExchange,
          { exchanges: all, environment: 'test', senders: org.senders.test },
          { requirement: 'R11', label: 'test' },
        );
        if (org.failure) ctx.skip(`production not reached: ${org.failure.message}`);
        const since = Date.now();
        const prod = await driveToGrant({
          env: ctx.env,
          sut: ctx.sut,
          environment: 'prod',
          subject: ctx.subject(),
          describe: ctx.describe,
          fetch: true,
        });
        if (!prod.ok) ctx.note(`production: ${prod.why}`);
        const x = await ctx.exchanges(since);
        await ctx.check(
          environmentExchange,
          { exchanges: x, environment: 'prod', senders: org.senders.prod },
          { requirement: 'R12', label: 'prod' },
        );
        await ctx.check(
          environmentCredential,
          { exchanges: await ctx.exchanges(0), context: ctx.checkContext },
          { requirement: 'R12' },
        );
      },
    },
  ],
};
