import { isOverdue } from './applications.ts';
import type { ApplicationRecord, HistoryEntry } from './model.ts';

/** Records keep milliseconds of virtual time; the API speaks ISO 8601 instants. */
const iso = (ms: number) => new Date(ms).toISOString();

export function applicationView(app: ApplicationRecord, nowMs: number) {
  const { review, decision, testingAct, credentials } = app;
  return {
    id: app.id,
    status: app.status,
    bin: app.bin,
    form: app.form,
    overdue: isOverdue(app, nowMs),
    attachments: app.attachments.map((a) => ({ ...a, attachedAt: iso(a.attachedAt) })),
    ...(review && {
      review: {
        submittedAt: iso(review.submittedAt),
        submittedDate: review.submittedDate,
        deadlineDate: review.deadlineDate,
        deadline: iso(review.deadlineAtMs),
        workingDays: review.workingDays,
        calendarComplete: review.calendarComplete,
        ...(review.overdueFlaggedAt !== undefined && { overdueFlaggedAt: iso(review.overdueFlaggedAt) }),
      },
    }),
    ...(decision && { decision: { ...decision, at: iso(decision.at) } }),
    ...(app.approved && { approved: app.approved }),
    signatureKeys: app.signatureKeys.map((k) => ({ ...k, registeredAt: iso(k.registeredAt) })),
    credentials: Object.fromEntries(
      Object.entries(credentials).map(([env, c]) => [env, { senderId: c.senderId, issuedAt: iso(c.issuedAt) }]),
    ),
    ...(testingAct && {
      testingAct: {
        ...testingAct,
        submittedAt: iso(testingAct.submittedAt),
        verifiedEvidence: testingAct.verifiedEvidence.map((e) => ({ ...e, at: iso(e.at) })),
        ...(testingAct.decidedAt !== undefined && { decidedAt: iso(testingAct.decidedAt) }),
      },
    }),
    submissions: app.submissions,
    createdAt: iso(app.createdAt),
    updatedAt: iso(app.updatedAt),
    version: app.version,
  };
}

export function historyView(entries: HistoryEntry[]) {
  return entries.map(({ id: _id, applicationId: _app, at, ...rest }) => ({ ...rest, at: iso(at) }));
}
