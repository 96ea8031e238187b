import type { PlanDefinition } from '../module.ts';
import { consentPlan } from './consent.ts';
import { exchangePlan } from './exchange.ts';
import { resiliencePlan } from './resilience.ts';
import { testingActPlan } from './testing-act.ts';
import { tokensPlan } from './tokens.ts';

/** Every plan, in the order a run reports them. */
export const PLANS: readonly PlanDefinition[] = [testingActPlan, consentPlan, tokensPlan, resiliencePlan, exchangePlan];
