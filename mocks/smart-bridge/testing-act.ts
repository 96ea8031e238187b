import { isIsoDate } from './calendar.ts';
import type { FieldError } from './form.ts';
import type { ApplicationRecord, TestingActContent, TestingActRecord } from './model.ts';
import type { TestEvidence, TestingActBundles } from './ports.ts';
import type { SmartBridgeProfile } from './profile.ts';
import { localDateOf } from './review-deadline.ts';

/**
 * Clause 11 (R11): the testing act. Its content is the project's choice (the platform's form is not
 * public): number and date, the system tested, one scenario per approved way, the SHEP messages
 * whose successful test responses prove it, the conclusion, the signatories, and the signed act as
 * an attachment. The platform accepts it for review only when every cited message is a successful
 * response on the test environment, sent by this organisation with a valid security token after
 * its test credentials were issued.
 */
export function actContentErrors(
  act: TestingActContent,
  app: ApplicationRecord,
  profile: SmartBridgeProfile,
  nowMs: number,
  options: { evidenceWaived?: boolean } = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message, requirement: 'R11' });
  const approved = app.approved!;
  const today = localDateOf(nowMs, profile.utcOffsetMinutes);
  const testingFrom = localDateOf(app.credentials.test!.issuedAt, profile.utcOffsetMinutes);

  if (!act.number?.trim()) add('number', 'must not be empty');
  if (!isIsoDate(act.date ?? '')) add('date', 'must be a date yyyy-mm-dd');
  else if (act.date < testingFrom || act.date > today)
    add('date', `must fall between the issue of test credentials (${testingFrom}) and today (${today})`);
  if (!act.informationSystem?.trim()) add('informationSystem', 'must not be empty');
  if (!act.conclusion?.trim()) add('conclusion', 'must not be empty');

  const scenarios = act.scenarios ?? [];
  if (scenarios.length === 0) add('scenarios', 'list at least one tested scenario');
  scenarios.forEach((s, i) => {
    if (!approved.ways.includes(s.way))
      add(`scenarios/${i}/way`, `"${s.way}" is not a way approved for this application`);
    if (!approved.services.includes(s.dataService))
      add(`scenarios/${i}/dataService`, `"${s.dataService}" is not a data service approved for this application`);
    if (s.result !== 'passed')
      add(
        `scenarios/${i}/result`,
        'a failed scenario means testing is not finished: test again and file the act when every scenario passes',
      );
  });
  if (profile.testingAct.requireEveryApprovedWay) {
    for (const way of approved.ways) {
      if (!scenarios.some((s) => s.way === way && s.result === 'passed'))
        add('scenarios', `no passed scenario for the approved way "${way}"`);
    }
  }

  const evidence = act.evidence ?? [];
  if (options.evidenceWaived) {
    // A waiver stands for the evidence; mixing the two would let a cited message go unchecked in spirit.
    if (evidence.length > 0) add('evidence', 'an act whose evidence is waived cites no exchange');
  } else if (evidence.length === 0)
    add('evidence', 'cite at least one successful test-environment response (its SHEP messageId)');
  evidence.forEach((e, i) => {
    if (evidence.findIndex((o) => o.messageId === e.messageId) !== i) add(`evidence/${i}/messageId`, 'cited twice');
  });

  const signatories = act.signatories ?? [];
  if (!signatories.some((s) => s.side === 'initiator'))
    add('signatories', "the act must be signed for the initiator's side");

  if (profile.testingAct.requireSignedDocument) {
    const doc = app.attachments.find((a) => a.uploadId === act.attachmentId);
    if (!doc) add('attachmentId', 'must name the signed act attached to this application');
    else if (doc.kind !== 'testing-act') add('attachmentId', `the attachment is a ${doc.kind}, not a testing-act`);
  }
  return errors;
}

export interface EvidenceCheck {
  errors: FieldError[];
  verified: TestingActRecord['verifiedEvidence'];
}

export async function checkEvidence(
  act: TestingActContent,
  app: ApplicationRecord,
  port: TestEvidence,
): Promise<EvidenceCheck> {
  const errors: FieldError[] = [];
  const verified: TestingActRecord['verifiedEvidence'] = [];
  const testFrom = app.credentials.test!.issuedAt;
  for (const [i, { messageId }] of (act.evidence ?? []).entries()) {
    const field = `evidence/${i}/messageId`;
    const add = (message: string) => errors.push({ field, message, requirement: 'R11' });
    const found = await port.findSuccessfulTestResponse({ bin: app.bin, messageId });
    // Another organisation's message is reported exactly like a missing one: the act must not
    // become a way to learn which messages exist.
    if (!found || found.senderBin !== app.bin || found.messageId !== messageId) {
      add(`no test-environment exchange ${messageId} of this organisation is known`);
      continue;
    }
    if (found.environment !== 'test')
      add(`${messageId} was sent to the ${found.environment} environment, not the test environment`);
    else if (!found.successful)
      add(
        `the response to ${messageId} was not a success${found.securityToken.reason ? `: ${found.securityToken.reason}` : ''}`,
      );
    else if (!found.securityToken.presented) add(`${messageId} presented no security token`);
    else if (!found.securityToken.valid)
      add(
        `the security token of ${messageId} was not valid${found.securityToken.reason ? `: ${found.securityToken.reason}` : ''}`,
      );
    else if (found.at < testFrom) add(`${messageId} predates this application's test credentials`);
    else
      verified.push({
        messageId,
        serviceId: found.serviceId,
        at: found.at,
        ...(found.securityToken.tokenId ? { tokenId: found.securityToken.tokenId } : {}),
      });
  }
  return { errors, verified };
}

/**
 * R11: a signed conformance bundle filed as the act's document. Refused when no verifier is wired,
 * when it does not verify (altered, unsigned, signed by a key not trusted), when it is another
 * organisation's, when its verdict is not PASSED, or when the act does not cite the exchange the
 * bundle's own testing act cites.
 */
export async function bundleErrors(
  act: TestingActContent,
  app: ApplicationRecord,
  bytes: Uint8Array,
  port: TestingActBundles | undefined,
): Promise<FieldError[]> {
  const error = (message: string): FieldError[] => [{ field: 'attachmentId', message, requirement: 'R11' }];
  if (!port) return error('this platform takes the testing act as a signed PDF only: no bundle verifier is configured');
  const check = await port.verify(bytes);
  if (!check.valid) return error(`the signed conformance bundle is refused: ${check.reason}`);
  if (check.organisationBin !== app.bin)
    return error(`the bundle reports on organisation ${check.organisationBin}, not this application's ${app.bin}`);
  if (check.verdict !== 'PASSED') return error(`the bundle's verdict is ${check.verdict}: testing is not finished`);
  const cited = new Set((act.evidence ?? []).map((e) => e.messageId));
  const missing = check.messageIds.filter((m) => !cited.has(m));
  if (check.messageIds.length === 0) return error("the bundle's testing act cites no successful test exchange");
  if (missing.length > 0) return error(`the act must cite the exchange its bundle cites: ${missing.join(', ')}`);
  return [];
}
