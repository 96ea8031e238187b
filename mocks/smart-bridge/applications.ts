import type { ShepCredential } from '../../fixtures/types.ts';
import type { RequirementId } from '../../requirements/index.ts';
import type { Clock } from '../clock/clock.ts';
import { SmartBridgeError, type SmartBridgeErrorCode } from './errors.ts';
import type { RandomSource } from '../random.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import type { Store } from '../store/store.ts';
import type { Principal } from './api-keys.ts';
import type { KazakhstanCalendar } from './calendar.ts';
import { approvedScope, formErrors, requestedScope, scopeErrors, submissionErrors, type FieldError } from './form.ts';
import { ApplicationHistory } from './history.ts';
import type {
  Actor,
  ApplicationForm,
  ApplicationRecord,
  ApplicationStatus,
  ApprovedScope,
  HistoryEntry,
  Reason,
  TestingActContent,
} from './model.ts';
import { KeyedMutex } from './mutex.ts';
import type { CredentialIssuer, TestEvidence, TestingActBundles } from './ports.ts';
import type { SmartBridgeProfile } from './profile.ts';
import { reviewDeadline } from './review-deadline.ts';
import { parseSignatureKey, type SignatureKeyInput } from './signature-key.ts';
import { actContentErrors, bundleErrors, checkEvidence } from './testing-act.ts';
import {
  ATTACHABLE_IN,
  EDITABLE,
  invalidTransition,
  KEY_REGISTRATION,
  TRANSITIONS,
  type ActionName,
} from './transitions.ts';
import type { TusUploads } from './uploads.ts';

export interface ApplicationServiceDeps {
  clock: Clock;
  random: RandomSource;
  store: Store;
  calendar: KazakhstanCalendar;
  profile: SmartBridgeProfile;
  uploads: TusUploads;
  credentials: CredentialIssuer;
  evidence: TestEvidence;
  /** R11: verifies a signed conformance bundle filed as the act; without it only PDFs are taken. */
  bundles?: TestingActBundles;
}

/** Only for the environment's bootstrap of fixture organisations (never reachable over HTTP). */
export interface IssueOptions {
  /** Register this credential instead of making one up: fixture credentials are derived from the seed. */
  given?: ShepCredential;
}

/** Only for the environment's bootstrap of fixture organisations (never reachable over HTTP). */
export interface SubmitActOptions {
  /** Why the act cites no exchange; the act must then cite none. */
  evidenceWaived?: string;
}

export interface ListQuery {
  status?: ApplicationStatus;
  /** Authority only: one organisation's applications. */
  bin?: string;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export function actorOf(p: Principal): Actor {
  return p.role === 'organisation' ? { role: 'organisation', bin: p.bin } : { role: 'authority', name: p.name };
}

/** Under review and past the authority's deadline (R9); computed from the clock at every read. */
export function isOverdue(app: ApplicationRecord, nowMs: number): boolean {
  return app.status === 'under-review' && app.review !== undefined && nowMs > app.review.deadlineAtMs;
}

function forbidden(detail: string): SmartBridgeError {
  return new SmartBridgeError('forbidden', 'Not allowed for this role', detail);
}

function invalid(slug: SmartBridgeErrorCode, title: string, errors: FieldError[]): SmartBridgeError {
  const requirement = errors[0]?.requirement;
  return new SmartBridgeError(slug, title, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    ...(requirement ? { requirement } : {}),
    errors,
  });
}

function reasonErrors(reasons: Reason[] | undefined, requirement: RequirementId): FieldError[] {
  if (!reasons || reasons.length === 0)
    return [{ field: 'reasons', message: 'a rejection must give at least one reason', requirement }];
  return reasons.flatMap((r, i) =>
    r.message?.trim() ? [] : [{ field: `reasons/${i}/message`, message: 'must not be empty', requirement }],
  );
}

/**
 * The applications of clauses 4–12: the state machine of transitions.ts, the rules of form.ts and
 * testing-act.ts, tenancy (an organisation reaches only its own applications; another's answer as
 * not found, so that ids do not reveal what exists), and a history line for every change.
 */
export class ApplicationService {
  private readonly history: ApplicationHistory;
  private readonly mutex = new KeyedMutex();

  constructor(private readonly deps: ApplicationServiceDeps) {
    this.history = new ApplicationHistory(deps.store);
  }

  private get apps() {
    return this.deps.store.collection<ApplicationRecord>('smart-bridge-applications');
  }

  private now(): number {
    return this.deps.clock.nowMs();
  }

  async create(caller: Principal, form: ApplicationForm): Promise<ApplicationRecord> {
    if (caller.role !== 'organisation') throw forbidden('applications are filed by organisations');
    this.checkForm(form, caller.bin);
    const now = this.now();
    const app: ApplicationRecord = {
      id: this.deps.random.uuid(),
      bin: caller.bin,
      status: 'draft',
      form: structuredClone(form),
      attachments: [],
      signatureKeys: [],
      credentials: {},
      submissions: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.deps.store.transaction(async () => {
      await this.apps.put(app.id, app);
      await this.history.append({
        applicationId: app.id,
        at: now,
        actor: actorOf(caller),
        action: 'create',
        to: 'draft',
        reason: 'the organisation created the application',
      });
    });
    return app;
  }

  async get(caller: Principal, id: string): Promise<ApplicationRecord> {
    return this.load(caller, id);
  }

  async list(caller: Principal, q: ListQuery = {}): Promise<ApplicationRecord[]> {
    const where: Record<string, string> = {};
    if (caller.role === 'organisation') where.bin = caller.bin;
    else if (q.bin) where.bin = q.bin;
    if (q.status) where.status = q.status;
    const limit = Math.min(q.limit ?? 100, 1000);
    const offset = q.offset ?? 0;
    if (q.overdue === undefined) return this.apps.find({ where, limit, offset });
    const now = this.now();
    const all = await this.apps.find({ where, limit: 100_000 });
    return all.filter((a) => isOverdue(a, now) === q.overdue).slice(offset, offset + limit);
  }

  async historyOf(caller: Principal, id: string): Promise<HistoryEntry[]> {
    await this.load(caller, id);
    return this.history.list(id);
  }

  /** Every application of one organisation, for the integration registry (no caller: the system asks). */
  async ofOrganisation(bin: string): Promise<ApplicationRecord[]> {
    return this.apps.find({ where: { bin }, limit: 100_000 });
  }

  async update(caller: Principal, id: string, form: ApplicationForm): Promise<ApplicationRecord> {
    return this.change(caller, id, 'organisation', async (app) => {
      if (!EDITABLE.includes(app.status)) throw invalidTransition('update', app.status, EDITABLE, 'R6');
      this.checkForm(form, app.bin);
      return {
        next: { ...app, form: structuredClone(form) },
        action: 'update',
        reason: 'the organisation changed the form',
      };
    });
  }

  /** R4, R6, R7.0, R8: a complete, eligible form goes to the authorized body with its deadline (R9). */
  async submit(caller: Principal, id: string): Promise<ApplicationRecord> {
    return this.move(caller, id, 'submit', async (app) => {
      this.checkForm(app.form, app.bin);
      const errors = submissionErrors(app.form, app.attachments);
      if (errors.length > 0) throw invalid('not-eligible', 'The application cannot be submitted', errors);
      const now = this.now();
      const d = reviewDeadline(this.deps.calendar, now, {
        workingDays: this.deps.profile.reviewWorkingDays,
        utcOffsetMinutes: this.deps.profile.utcOffsetMinutes,
      });
      const { decision: _previous, ...rest } = app;
      return {
        next: { ...rest, submissions: app.submissions + 1, review: { submittedAt: now, ...d } },
        details: { deadlineDate: d.deadlineDate, calendarComplete: d.calendarComplete },
      };
    });
  }

  async withdraw(caller: Principal, id: string, reason?: string): Promise<ApplicationRecord> {
    return this.move(caller, id, 'withdraw', async (app) => ({ next: app, ...(reason?.trim() ? { reason } : {}) }));
  }

  async revise(caller: Principal, id: string): Promise<ApplicationRecord> {
    return this.move(caller, id, 'revise', async (app) => ({ next: app }));
  }

  /** R9: the authority approves all or part of what was asked (R7.0: only that is ever granted). */
  async approve(
    caller: Principal,
    id: string,
    input: Partial<ApprovedScope> & { comment?: string } = {},
  ): Promise<ApplicationRecord> {
    return this.move(caller, id, 'approve', async (app) => {
      const asked = requestedScope(app.form);
      const errors = scopeErrors(asked, input);
      if (errors.length > 0) throw invalid('approval-invalid', 'The approval is invalid', errors);
      const now = this.now();
      const scope = approvedScope(asked, input);
      return {
        next: {
          ...app,
          approved: scope,
          decision: {
            outcome: 'approved',
            at: now,
            by: actorOf(caller),
            reasons: [],
            ...(input.comment ? { comment: input.comment } : {}),
            withinDeadline: now <= app.review!.deadlineAtMs,
          },
        },
        ...(input.comment ? { reason: input.comment } : {}),
        details: { approved: scope, withinDeadline: now <= app.review!.deadlineAtMs },
      };
    });
  }

  /** R5.6: a non-compliant application is rejected, always with its reasons. */
  async reject(
    caller: Principal,
    id: string,
    input: { reasons: Reason[]; comment?: string },
  ): Promise<ApplicationRecord> {
    return this.move(caller, id, 'reject', async (app) => {
      const errors = reasonErrors(input.reasons, 'R5.6');
      if (errors.length > 0) throw invalid('reasons-required', 'A rejection needs its reasons', errors);
      const now = this.now();
      return {
        next: {
          ...app,
          decision: {
            outcome: 'rejected',
            at: now,
            by: actorOf(caller),
            reasons: input.reasons,
            ...(input.comment ? { comment: input.comment } : {}),
            withinDeadline: now <= app.review!.deadlineAtMs,
          },
        },
        reason: input.reasons.map((r) => r.message).join('; '),
        details: { reasons: input.reasons },
      };
    });
  }

  /** A complete upload of the caller's becomes part of the application, in the statuses its kind allows. */
  async attach(caller: Principal, id: string, uploadId: string): Promise<ApplicationRecord> {
    return this.change(caller, id, 'organisation', async (app) => {
      const upload = await this.deps.uploads.find(caller, uploadId);
      if (upload.completedAt === undefined) {
        throw new SmartBridgeError(
          'upload-incomplete',
          'The upload is not complete',
          `${upload.offset} of ${upload.length} bytes received`,
        );
      }
      if (upload.attachedTo)
        throw new SmartBridgeError(
          'upload-attached',
          'The upload is already attached',
          'an upload is attached to one application, once',
        );
      const allowed = ATTACHABLE_IN[upload.kind];
      if (!allowed.includes(app.status)) {
        const requirement =
          upload.kind === 'technical-documentation' ? 'R10.1' : upload.kind === 'testing-act' ? 'R11' : 'R7.0';
        throw invalidTransition(`attach a ${upload.kind}`, app.status, allowed, requirement);
      }
      const ref = {
        uploadId,
        kind: upload.kind,
        filename: upload.filename,
        filetype: upload.filetype,
        size: upload.length,
        attachedAt: this.now(),
      };
      return {
        next: { ...app, attachments: [...app.attachments, ref] },
        action: 'attach',
        reason: `the organisation attached ${upload.kind} "${upload.filename}"`,
        details: { uploadId, kind: upload.kind },
        alsoWrite: () => this.deps.uploads.markAttached(upload, app.id),
      };
    });
  }

  /** R10.2: the organisation's public signature key; its tokens are verified with it and nothing else. */
  async registerKey(caller: Principal, id: string, input: SignatureKeyInput): Promise<ApplicationRecord> {
    return this.change(caller, id, 'organisation', async (app) => {
      if (!KEY_REGISTRATION.includes(app.status))
        throw invalidTransition('register a signature key', app.status, KEY_REGISTRATION, 'R10.2');
      const key = await parseSignatureKey(input, this.deps.profile, this.now());
      if (app.signatureKeys.some((k) => k.kid === key.kid)) {
        throw new SmartBridgeError(
          'signature-key-exists',
          'The key is already registered',
          `key ${key.kid} is registered for this application`,
          { requirement: 'R10.2' },
        );
      }
      if (app.signatureKeys.length >= this.deps.profile.signatureKeys.max) {
        throw new SmartBridgeError(
          'too-many-keys',
          'No more keys can be registered',
          `an application holds at most ${this.deps.profile.signatureKeys.max} keys`,
          { requirement: 'R10.2' },
        );
      }
      return {
        next: { ...app, signatureKeys: [...app.signatureKeys, { ...key, registeredAt: this.now() }] },
        action: 'register-signature-key',
        reason: `the organisation registered its public signature key ${key.kid}`,
        details: { kid: key.kid, kty: key.kty, alg: key.alg },
      };
    });
  }

  /**
   * R4, R10.1, R10.2, R12: SHEP credentials per environment. Test credentials only after approval,
   * with the technical documentation attached and, for own means, a registered key; production
   * credentials only after the testing act is accepted. The password is returned once, never kept.
   */
  async issueCredentials(
    caller: Principal,
    id: string,
    environment: ShepEnvironment,
    options: IssueOptions = {},
  ): Promise<{ application: ApplicationRecord; credential: ShepCredential }> {
    const action: ActionName = environment === 'test' ? 'issue-test-credentials' : 'issue-prod-credentials';
    let credential: ShepCredential | undefined;
    const application = await this.move(
      caller,
      id,
      action,
      async (app) => {
        credential = await this.deps.credentials.issue(app.bin, environment, options.given);
        return {
          next: {
            ...app,
            credentials: { ...app.credentials, [environment]: { senderId: credential.senderId, issuedAt: this.now() } },
          },
          details: { environment, senderId: credential.senderId },
        };
      },
      (app) => this.credentialPreconditions(app, environment),
    );
    return { application, credential: credential! };
  }

  /**
   * R11: the act is taken for review only when its content holds and every cited response checks out.
   * `evidenceWaived` is the environment's bootstrap of fixture organisations only (no exchange has
   * happened at seed time): the act then cites nothing, says why, and its history line says so.
   */
  async submitTestingAct(
    caller: Principal,
    id: string,
    act: TestingActContent,
    options: SubmitActOptions = {},
  ): Promise<ApplicationRecord> {
    const waived = options.evidenceWaived?.trim();
    return this.move(caller, id, 'submit-testing-act', async (app) => {
      const contentErrors = actContentErrors(act, app, this.deps.profile, this.now(), {
        evidenceWaived: waived !== undefined && waived !== '',
      });
      if (contentErrors.length > 0) throw invalid('testing-act-invalid', 'The testing act is refused', contentErrors);
      const doc = app.attachments.find((a) => a.uploadId === act.attachmentId);
      if (doc?.filetype === 'application/zip') {
        const { bytes } = await this.deps.uploads.content(caller, doc.uploadId);
        const errors = await bundleErrors(act, app, bytes, this.deps.bundles);
        if (errors.length > 0) throw invalid('testing-act-invalid', 'The testing act is refused', errors);
      }
      const { errors, verified } = await checkEvidence(act, app, this.deps.evidence);
      if (errors.length > 0) throw invalid('testing-act-invalid', 'The testing act is refused', errors);
      return {
        next: {
          ...app,
          testingAct: {
            ...structuredClone(act),
            status: 'under-review',
            submittedAt: this.now(),
            verifiedEvidence: verified,
            ...(waived ? { evidenceWaived: waived } : {}),
          },
        },
        ...(waived ? { reason: `the testing act was filed without cited exchanges: ${waived}` } : {}),
        details: {
          number: act.number,
          evidence: verified.map((v) => v.messageId),
          ...(waived ? { evidenceWaived: waived } : {}),
        },
      };
    });
  }

  async acceptTestingAct(caller: Principal, id: string, input: { comment?: string } = {}): Promise<ApplicationRecord> {
    return this.move(caller, id, 'accept-testing-act', async (app) => ({
      next: {
        ...app,
        testingAct: {
          ...app.testingAct!,
          status: 'accepted',
          decidedAt: this.now(),
          decidedBy: actorOf(caller),
          ...(input.comment ? { comment: input.comment } : {}),
        },
      },
      ...(input.comment ? { reason: input.comment } : {}),
    }));
  }

  async rejectTestingAct(
    caller: Principal,
    id: string,
    input: { reasons: Reason[]; comment?: string },
  ): Promise<ApplicationRecord> {
    return this.move(caller, id, 'reject-testing-act', async (app) => {
      const errors = reasonErrors(input.reasons, 'R11');
      if (errors.length > 0) throw invalid('reasons-required', 'A rejection needs its reasons', errors);
      return {
        next: {
          ...app,
          testingAct: {
            ...app.testingAct!,
            status: 'rejected',
            decidedAt: this.now(),
            decidedBy: actorOf(caller),
            reasons: input.reasons,
            ...(input.comment ? { comment: input.comment } : {}),
          },
        },
        reason: input.reasons.map((r) => r.message).join('; '),
        details: { reasons: input.reasons },
      };
    });
  }

  /**
   * R9: flags, once, every application still under review after its deadline, with a history line.
   * Views compute the flag from the clock anyway; this makes it part of the record. The environment
   * calls it when the virtual clock moves.
   */
  async sweepOverdue(): Promise<string[]> {
    const now = this.now();
    const flagged: string[] = [];
    for (const candidate of await this.apps.find({ where: { status: 'under-review' }, limit: 100_000 })) {
      if (!isOverdue(candidate, now) || candidate.review?.overdueFlaggedAt !== undefined) continue;
      await this.mutex.run(candidate.id, async () => {
        const app = await this.apps.get(candidate.id);
        if (!app || !isOverdue(app, now) || app.review?.overdueFlaggedAt !== undefined) return;
        const next: ApplicationRecord = {
          ...app,
          review: { ...app.review!, overdueFlaggedAt: now },
          updatedAt: now,
          version: app.version + 1,
        };
        await this.commit(next, {
          actor: { role: 'system' },
          action: 'flag-overdue',
          reason: `the authorized body's deadline (${app.review!.deadlineDate}, ${app.review!.workingDays} working days) passed without a decision`,
          details: { deadlineDate: app.review!.deadlineDate },
        });
        flagged.push(app.id);
      });
    }
    return flagged;
  }

  private checkForm(form: ApplicationForm, bin: string): void {
    const errors = formErrors(form, bin, this.deps.profile);
    if (errors.length > 0) throw invalid('application-invalid', 'The application form is invalid', errors);
  }

  private credentialPreconditions(app: ApplicationRecord, environment: ShepEnvironment): void {
    if (app.credentials[environment]) {
      throw new SmartBridgeError(
        'credentials-already-issued',
        'Credentials were already issued',
        `${environment} credentials were issued on ${new Date(app.credentials[environment].issuedAt).toISOString()}`,
        {
          requirement: environment === 'test' ? 'R4' : 'R12',
        },
      );
    }
    if (environment === 'prod') {
      if (app.status !== 'act-accepted') {
        throw new SmartBridgeError(
          'testing-act-not-accepted',
          'No production access yet',
          'production credentials are issued only after the testing act is accepted',
          { requirement: 'R12', currentStatus: app.status },
        );
      }
      return;
    }
    if (app.status !== 'approved') {
      throw new SmartBridgeError(
        'not-approved',
        'No test access yet',
        'test credentials are issued only for an approved application',
        { requirement: 'R4', currentStatus: app.status },
      );
    }
    if (!app.attachments.some((a) => a.kind === 'technical-documentation')) {
      throw new SmartBridgeError(
        'documentation-missing',
        'Technical documentation is missing',
        'attach the technical documentation with request and response examples before testing',
        {
          requirement: 'R10.1',
        },
      );
    }
    if (app.approved!.ways.includes('own-means') && app.signatureKeys.length === 0) {
      throw new SmartBridgeError(
        'signature-key-missing',
        'No signature key is registered',
        "own means needs the public part of the organisation's signature key before testing",
        {
          requirement: 'R10.2',
        },
      );
    }
  }

  /** Loads with tenancy: another organisation's application is reported as missing (404), never as forbidden. */
  private async load(caller: Principal, id: string): Promise<ApplicationRecord> {
    const app = await this.apps.get(id);
    if (!app || (caller.role === 'organisation' && app.bin !== caller.bin)) {
      throw new SmartBridgeError(
        'application-not-found',
        'No such application',
        'there is no application with this id for this caller',
      );
    }
    return app;
  }

  /** A status transition of the table, by the role it names, with a history line. */
  private move(
    caller: Principal,
    id: string,
    action: ActionName,
    apply: (
      app: ApplicationRecord,
    ) => Promise<{ next: ApplicationRecord; reason?: string; details?: Record<string, unknown> }>,
    precondition?: (app: ApplicationRecord) => void,
  ): Promise<ApplicationRecord> {
    const t = TRANSITIONS[action];
    return this.change(caller, id, t.by, async (app) => {
      precondition?.(app);
      if (!t.from.includes(app.status)) throw invalidTransition(action, app.status, t.from, t.requirement);
      const out = await apply(app);
      return { ...out, next: { ...out.next, status: t.to }, action, reason: out.reason ?? t.reason };
    });
  }

  private async change(
    caller: Principal,
    id: string,
    role: 'organisation' | 'authority',
    apply: (app: ApplicationRecord) => Promise<{
      next: ApplicationRecord;
      action: string;
      reason: string;
      details?: Record<string, unknown>;
      alsoWrite?: () => Promise<void>;
    }>,
  ): Promise<ApplicationRecord> {
    return this.mutex.run(id, async () => {
      // Tenancy first: a stranger learns nothing, not even whether its role would have been enough.
      const app = await this.load(caller, id);
      if (caller.role !== role)
        throw forbidden(
          role === 'authority'
            ? 'only the authorized body decides on applications'
            : 'only the applying organisation does this',
        );
      const out = await apply(app);
      const now = this.now();
      const next: ApplicationRecord = { ...out.next, updatedAt: now, version: app.version + 1 };
      await this.commit(
        next,
        {
          actor: actorOf(caller),
          action: out.action,
          reason: out.reason,
          ...(out.details ? { details: out.details } : {}),
          ...(app.status !== next.status ? { from: app.status, to: next.status } : {}),
        },
        out.alsoWrite,
      );
      return next;
    });
  }

  private async commit(
    next: ApplicationRecord,
    entry: Omit<HistoryEntry, 'id' | 'seq' | 'applicationId' | 'at'>,
    alsoWrite?: () => Promise<void>,
  ): Promise<void> {
    // Only store calls inside: no port is awaited while the transaction is open.
    await this.deps.store.transaction(async () => {
      await this.apps.put(next.id, next);
      await alsoWrite?.();
      await this.history.append({ ...entry, applicationId: next.id, at: next.updatedAt });
    });
  }
}
