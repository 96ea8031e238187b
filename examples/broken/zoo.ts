/**
 * The zoo of broken initiators: the reference initiator with exactly one declared defect each
 * (examples/reference-initiator/defects.ts), stated as data: the mistake in an integrator's words,
 * the requirement it breaks, and where the harness must catch it. `kdp-conformance self-test`
 * (bin/self-test.ts) runs the harness against each and holds it to this declaration.
 */
import type { RequirementId } from '../../requirements/index.ts';
import type { Defect } from '../reference-initiator/defects.ts';

export interface BrokenInitiator {
  defect: Defect;
  /** The mistake, as an integrator's team would recognise it. */
  mistake: string;
  /** The requirement it breaks: the check that catches it must cite this one. */
  requirement: RequirementId;
  caughtBy: {
    plan: string;
    module: string;
    /** The check's name as results.json writes it (`name` or `name#label`). */
    check: string;
    /** A check of severity WARNING can only warn; every other catch is FAILED. */
    status?: 'FAILED' | 'WARNING';
  };
  /** The modules that make the defect show (plan/module); the declared one when absent. */
  drive?: readonly string[];
}

/** The passive checks run after the driven modules, for every broken initiator. */
export const PASSIVE_MODULE = 'exchange/every-exchange';

const every = (check: string) => ({ plan: 'exchange', module: 'every-exchange', check });

export const ZOO: readonly BrokenInitiator[] = [
  // ── exchange: the SHEP envelope and the state service's request, judged on every message ──
  {
    defect: 'message-date-utc',
    mistake: "messageDate is the server's ISO string in UTC (…Z), not Kazakhstan time",
    requirement: 'T-INIT-4',
    caughtBy: every('message-date'),
    drive: ['consent/own-means'],
  },
  {
    defect: 'message-date-old-offset',
    mistake: 'the +06:00 of before March 2024 is still appended to the +05:00 wall clock (an hour off)',
    requirement: 'T-INIT-4',
    caughtBy: every('message-date'),
    drive: ['consent/own-means'],
  },
  {
    defect: 'message-date-without-millis',
    mistake: "messageDate formatted with yyyy-MM-dd'T'HH:mm:ssXXX: no milliseconds",
    requirement: 'T-INIT-4',
    caughtBy: every('message-date'),
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'message-date-plus-six',
    mistake: "the server's zone is still UTC+6 (Asia/Almaty before March 2024): the right instant, in +06:00",
    requirement: 'T-INIT-4',
    caughtBy: every('message-date'),
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'purpose-in-windows-1251',
    mistake: 'personal_data_name comes from a windows-1251 column and its bytes go out in a UTF-8 body',
    requirement: 'T-INIT-6',
    caughtBy: every('content-encoding'),
    drive: ['consent/own-means'],
  },
  {
    defect: 'personal-data-name-is-service-id',
    mistake: 'personal_data_name is filled with the data service id instead of the purpose',
    requirement: 'T-INIT-8',
    caughtBy: { ...every('kdp-purpose'), status: 'WARNING' },
    drive: ['consent/own-means'],
  },
  // The state service may refuse these at the first test exchange (onboarding then stops at R11);
  // the passive checks judge what was sent all the same and name the real requirement.
  {
    defect: 'personal-data-name-empty',
    mistake: 'the purpose field of the request form is optional and left blank: personal_data_name is empty',
    requirement: 'T-INIT-8',
    caughtBy: { ...every('kdp-purpose'), status: 'WARNING' },
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'company-bin-of-another-organisation',
    mistake: "company_bin comes from the group's shared configuration: the holding company's BIN",
    requirement: 'T-INIT-8',
    caughtBy: every('kdp-company-bin'),
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'expires-in-not-whole',
    mistake: 'the lifetime is sent in hours, as a fraction (600 s → expiresIn 0.1666…)',
    requirement: 'T-INIT-8',
    caughtBy: every('kdp-expires-in'),
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'notification-without-ground',
    mistake: 'a notification goes out without the Article 9 ground the user picked',
    requirement: 'T-INIT-16',
    caughtBy: every('notification-ground'),
    drive: ['consent/notification'],
  },
  {
    defect: 'polling-without-backoff',
    mistake: "the state service is polled in a tight loop (`while (status === 'PENDING') poll()`), no back-off",
    requirement: 'T-INIT-9',
    caughtBy: every('polling-backoff'),
    drive: ['consent/sms-approve'],
  },
  {
    defect: 'poll-not-stopped-at-final',
    mistake: 'the poll loop sends its next poll before it reads the answer, so it polls once more after APPROVED',
    requirement: 'T-INIT-9',
    caughtBy: every('polling-backoff'),
    drive: ['consent/sms-approve'],
  },
  {
    defect: 'poll-without-correlation',
    mistake: 'a poll sends the first request again instead of naming it by correlationId',
    requirement: 'T-INIT-5',
    caughtBy: every('correlation-on-poll'),
    drive: ['consent/sms-refuse'],
  },
  // ── testing act: clauses 4–12, production ──
  {
    defect: 'test-credential-in-production',
    mistake: 'one credential setting serves both environments: the test sender is used on production',
    requirement: 'R12',
    caughtBy: { plan: 'testing-act', module: 'clauses-4-12', check: 'environment-credential' },
  },
  {
    defect: 'ovt-lifetime-a-day-in-production',
    mistake: "the production configuration gives the ovt a day's lifetime (test keeps 120 s)",
    requirement: 'T-INIT-13',
    caughtBy: every('ovt-lifetime'),
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'ovt-audience-of-test-environment',
    mistake: "the ovt's aud is hard-coded from the test set-up, so production tokens name the test state service",
    requirement: 'R2.8',
    caughtBy: every('ovt-claims'),
    drive: ['testing-act/clauses-4-12'],
  },
  {
    defect: 'ovt-without-jti',
    mistake: 'the ovt is built from the public sample (cbin, mcheck, iat, exp): no jti, so a replay cannot be told',
    requirement: 'R2.8',
    caughtBy: { ...every('ovt-recommended-claims'), status: 'WARNING' },
    drive: ['testing-act/clauses-4-12'],
  },
  // ── consent: the five ways and their outcomes ──
  {
    defect: 'pending-taken-as-granted',
    mistake: 'any answer that is not a refusal counts as consent: PENDING is reported granted',
    requirement: 'T-INIT-10',
    caughtBy: { plan: 'consent', module: 'sms-refuse', check: 'reported-outcome' },
  },
  {
    defect: 'declined-ignored',
    mistake: 'after DECLINED the fetch still calls the data service',
    requirement: 'R3',
    caughtBy: { plan: 'consent', module: 'sms-refuse', check: 'no-data-call' },
  },
  {
    defect: 'locked-reported-as-declined',
    mistake: 'a request LOCKED by wrong codes is shown to the user as the subject refusing',
    requirement: 'T-INIT-10',
    caughtBy: { plan: 'consent', module: 'sms-locked', check: 'reported-outcome' },
  },
  {
    defect: 'expired-treated-as-pending',
    mistake: 'only APPROVED, DECLINED and LOCKED end the wait: an EXPIRED request stays pending',
    requirement: 'T-INIT-10',
    caughtBy: { plan: 'consent', module: 'sms-expired', check: 'reported-outcome' },
  },
  {
    defect: 'ovt-signed-by-rotated-key',
    mistake: 'the keystore rotated the signing key after first use; the new key was never registered',
    requirement: 'R10.2',
    caughtBy: every('ovt-signature'),
    drive: ['consent/own-means'],
  },
  {
    defect: 'ovt-replayed',
    mistake: '"signing is slow": an ovt is reused for the next request while it has not expired',
    requirement: 'R2.8',
    caughtBy: every('ovt-unique'),
    drive: ['consent/own-means'],
  },
  // ── tokens: the access token at the data service ──
  {
    defect: 'expired-token-reused',
    mistake: "the token's lifetime is left to the data service: an expired token is presented",
    requirement: 'T-INIT-11',
    caughtBy: { plan: 'tokens', module: 'token-expired', check: 'token-not-expired' },
  },
  {
    defect: 'token-of-another-subject',
    mistake: "tokens are cached by data service alone, so one subject's token is used for another",
    requirement: 'T-INIT-11',
    caughtBy: every('token-bound'),
    drive: ['consent/sms-approve'],
  },
  {
    defect: 'token-sent-to-another-data-service',
    mistake: "the data client's serviceId is hard-coded: an MCDB_SERVICE token goes to GBDFLUniversal_token",
    requirement: 'T-INIT-11',
    caughtBy: every('token-bound'),
    drive: ['consent/sms-approve'],
  },
  {
    defect: 'kdp-token-padded',
    mistake: "the MCDB_SERVICE client's pretty-printed template puts kdpToken on a line of its own",
    requirement: 'T-INIT-12',
    caughtBy: every('token-unchanged'),
    drive: ['consent/sms-approve'],
  },
  {
    defect: 'public-key-pem-flattened',
    mistake: 'the MCDB_SERVICE client keeps public-key in a one-line column: PEM armour and line breaks stripped',
    requirement: 'T-INIT-12',
    caughtBy: every('token-unchanged'),
    drive: ['consent/sms-approve'],
  },
  {
    defect: 'kdp-token-reencoded',
    mistake: 'the MCDB_SERVICE client "normalises" the token from base64url to padded base64 before passing it on',
    requirement: 'R3',
    caughtBy: every('token-granted'),
    drive: ['consent/sms-approve'],
  },
  // ── resilience: faults, refusals, latency ──
  {
    defect: 'message-id-reused-on-retry',
    mistake: 'the messageId is made once per message, so a retry repeats it',
    requirement: 'T-INIT-14',
    caughtBy: { plan: 'resilience', module: 'transient-fault', check: 'transient-retried' },
  },
  {
    defect: 'transient-fault-not-retried',
    mistake: 'a transient SOAP fault (faultcode Server) is reported as a failure, never retried',
    requirement: 'T-INIT-14',
    caughtBy: { plan: 'resilience', module: 'transient-fault', check: 'transient-retried' },
  },
  {
    defect: 'refusal-retried',
    mistake: 'every fault is retried, a refusal (faultcode Client) too',
    requirement: 'T-INIT-15',
    caughtBy: { plan: 'resilience', module: 'refusal-unknown-subject', check: 'refusal-not-retried' },
  },
  {
    defect: 'soap-fault-parsed-as-success',
    mistake: "a SOAP fault is read as an answer, so the user never sees the state service's refusal",
    requirement: 'T-INIT-15',
    caughtBy: { plan: 'resilience', module: 'refusal-unknown-subject', check: 'reported-outcome' },
  },
  {
    defect: 'fault-code-not-shown',
    mistake: 'a refusal is shown as "failed" with its message but without the error code to quote',
    requirement: 'T-INIT-15',
    caughtBy: { plan: 'resilience', module: 'refusal-credential', check: 'reported-outcome' },
  },
  {
    defect: 'shep-timeout-one-second',
    mistake: 'a 1 s client timeout copied from an in-house service: a slow gateway is never waited for',
    requirement: 'R7.5',
    caughtBy: { plan: 'resilience', module: 'gateway-latency', check: 'reported-outcome' },
  },
];

/** The modules a broken initiator is run with: what makes its defect show, then the passive checks. */
export function modulesFor(b: BrokenInitiator): string[] {
  const driven = b.drive ?? [`${b.caughtBy.plan}/${b.caughtBy.module}`];
  return [...new Set([...driven, PASSIVE_MODULE])];
}
