import type { RequirementId } from '../../requirements/index.ts';
import { SmartBridgeError } from './errors.ts';
import type { ApplicationStatus, AttachmentKind } from './model.ts';

/**
 * The application's life, clauses 4–12. One table, so that the core, the docs and the tests agree
 * on which action moves which status and who may take it.
 */
export type ActionName =
  | 'submit'
  | 'withdraw'
  | 'revise'
  | 'approve'
  | 'reject'
  | 'issue-test-credentials'
  | 'submit-testing-act'
  | 'accept-testing-act'
  | 'reject-testing-act'
  | 'issue-prod-credentials';

export interface Transition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  by: 'organisation' | 'authority';
  requirement: RequirementId;
  /** Written to the history when the caller gives no reason of its own. */
  reason: string;
}

export const TRANSITIONS: Record<ActionName, Transition> = {
  submit: {
    from: ['draft'],
    to: 'under-review',
    by: 'organisation',
    requirement: 'R4',
    reason: 'the organisation submitted the application for review',
  },
  withdraw: {
    from: ['draft', 'under-review', 'rejected'],
    to: 'withdrawn',
    by: 'organisation',
    requirement: 'R4',
    reason: 'the organisation withdrew the application',
  },
  revise: {
    from: ['rejected'],
    to: 'draft',
    by: 'organisation',
    requirement: 'R5.6',
    reason: 'the organisation reopened the rejected application to correct it',
  },
  approve: {
    from: ['under-review'],
    to: 'approved',
    by: 'authority',
    requirement: 'R9',
    reason: 'the authorized body approved the application',
  },
  reject: {
    from: ['under-review'],
    to: 'rejected',
    by: 'authority',
    requirement: 'R5.6',
    reason: 'the authorized body rejected the application',
  },
  'issue-test-credentials': {
    from: ['approved'],
    to: 'testing',
    by: 'organisation',
    requirement: 'R4',
    reason: 'test-environment SHEP credentials were issued',
  },
  'submit-testing-act': {
    from: ['testing'],
    to: 'act-under-review',
    by: 'organisation',
    requirement: 'R11',
    reason: 'the organisation filed its testing act',
  },
  'accept-testing-act': {
    from: ['act-under-review'],
    to: 'act-accepted',
    by: 'authority',
    requirement: 'R12',
    reason: 'the authorized body accepted the testing act',
  },
  'reject-testing-act': {
    from: ['act-under-review'],
    to: 'testing',
    by: 'authority',
    requirement: 'R11',
    reason: 'the authorized body rejected the testing act',
  },
  'issue-prod-credentials': {
    from: ['act-accepted'],
    to: 'production',
    by: 'organisation',
    requirement: 'R12',
    reason: 'production SHEP credentials were issued',
  },
};

/** Changes that keep the status, and the statuses in which they are allowed. */
export const EDITABLE: readonly ApplicationStatus[] = ['draft'];
export const KEY_REGISTRATION: readonly ApplicationStatus[] = ['approved', 'testing'];
export const ATTACHABLE_IN: Record<AttachmentKind, readonly ApplicationStatus[]> = {
  'is-test-protocol': ['draft'],
  agreement: ['draft'],
  'technical-documentation': ['draft', 'approved', 'testing'],
  'testing-act': ['testing'],
  other: ['draft', 'approved', 'testing'],
};

/** Statuses in which each environment's grant is open (R4, R12). */
export const GRANTING: Record<'test' | 'prod', readonly ApplicationStatus[]> = {
  test: ['testing', 'act-under-review', 'act-accepted', 'production'],
  prod: ['act-accepted', 'production'],
};

export function invalidTransition(
  action: string,
  status: ApplicationStatus,
  allowed: readonly ApplicationStatus[],
  requirement: RequirementId,
): SmartBridgeError {
  return new SmartBridgeError(
    'invalid-transition',
    'The application is not in a status that allows this',
    `"${action}" is allowed when the application is ${allowed.join(' or ')}; it is ${status}`,
    { requirement, currentStatus: status, allowed: [...allowed] },
  );
}
