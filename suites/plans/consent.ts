import { signingKeyRegistered } from '../checks/signing-key-registered.ts';
import type { ModuleDefinition, PlanDefinition } from '../module.ts';
import { consentModule } from './consent-module.ts';

/** The five ways of clause 7, each with its negatives. */
export const consentPlan: PlanDefinition = {
  name: 'consent',
  summary: 'the five consent ways of clause 7: happy paths and negatives (wrong code, refusal, no answer, lock)',
  modules: [
    alphanumericVariant(
      consentModule({
        name: 'sms-approve',
        summary: 'SMS: the subject answers the right code (numeric, and alphanumeric in its own environment)',
        way: 'sms',
        action: 'approve',
        expect: 'granted',
        perDataService: true,
      }),
    ),
    consentModule({
      name: 'sms-wrong-then-right',
      summary: 'SMS: a wrong code, then the right one',
      way: 'sms',
      action: 'wrong-then-right',
      expect: 'granted',
    }),
    consentModule({
      name: 'sms-refuse',
      summary: 'SMS: the subject answers НЕТ',
      way: 'sms',
      action: 'refuse',
      expect: 'declined',
    }),
    consentModule({
      name: 'sms-locked',
      summary: 'SMS: wrong codes up to the attempt limit',
      way: 'sms',
      action: 'wrong-until-locked',
      expect: 'locked',
    }),
    consentModule({
      name: 'sms-expired',
      summary: 'SMS: no answer before the code expires',
      way: 'sms',
      action: 'silent',
      expect: 'expired',
      environment: 'short-lived',
    }),
    consentModule({
      name: '1414-confirm',
      summary: '1414: the operator confirms after the call',
      way: 'callcenter-1414',
      action: 'approve',
      expect: 'granted',
    }),
    consentModule({
      name: '1414-refuse',
      summary: '1414: the subject refuses on the call',
      way: 'callcenter-1414',
      action: 'refuse',
      expect: 'declined',
    }),
    consentModule({
      name: '1414-expired',
      summary: '1414: nobody decides before the deadline',
      way: 'callcenter-1414',
      action: 'silent',
      expect: 'expired',
      environment: 'short-lived',
    }),
    consentModule({
      name: 'own-means',
      summary: "own means: the SUT's ovt, signed by its registered key, is accepted at once",
      way: 'own-means',
      action: 'approve',
      expect: 'granted',
      alsoCites: [{ check: 'signing-key-registered', requirement: 'R10.2' }],
      async then(ctx) {
        await ctx.check(
          signingKeyRegistered,
          { sutKey: ctx.org.sutKey, registered: ctx.org.registeredKeys, evidence: [] },
          { requirement: 'R10.2' },
        );
      },
    }),
    consentModule({
      name: 'proactive-accept',
      summary: 'proactive: the subject accepts the offer',
      way: 'proactive',
      action: 'approve',
      expect: 'granted',
    }),
    consentModule({
      name: 'proactive-decline',
      summary: 'proactive: the subject declines the offer',
      way: 'proactive',
      action: 'refuse',
      expect: 'declined',
    }),
    consentModule({
      name: 'notification',
      summary: 'notification on an approved Article 9 ground, no consent asked',
      way: 'notification',
      action: 'approve',
      expect: 'granted',
    }),
  ],
};

/**
 * R7.5: "a one-time numeric or alphanumeric code". One more variant, code=alphanumeric, runs in the
 * environment whose profile issues alphanumeric codes: the subject answers one, and the SUT must
 * carry it through like a numeric one (it only passes the subject's answer on, so nothing changes).
 */
function alphanumericVariant(m: ModuleDefinition): ModuleDefinition {
  return {
    ...m,
    variants: (d) => [...m.variants(d), { way: 'sms', dataService: d.dataServices[0]!, code: 'alphanumeric' }],
    environmentOf: (v) => (v.code === 'alphanumeric' ? 'alphanumeric-codes' : m.environment),
  };
}
