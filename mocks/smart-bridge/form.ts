import { validateBin } from '../../protocol/identifiers/bin.ts';
import type { RequirementId } from '../../requirements/index.ts';
import { WAY_REQUIREMENT } from '../integration/grant.ts';
import { ARTICLE9_GROUNDS, CONSENT_WAYS, type Article9Ground, type ConsentWay } from '../../protocol/kdp/ways.ts';
import type { ApplicationForm, ApprovedScope, AttachmentRef } from './model.ts';
import type { SmartBridgeProfile } from './profile.ts';

/**
 * The platform's form rules (clause 6, R6) and the eligibility of each consent way (clause 7, R7.0,
 * R7.2–R7.4, R8). Pure: each function returns every violation it finds, each naming its field (a
 * path into the form, e.g. services/0/stage) and the requirement it enforces.
 */
export interface FieldError {
  field: string;
  message: string;
  requirement: RequirementId;
}

const ORG_KINDS = ['bank', 'state-body', 'company'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+\d{7,15}$/;
const MIN_PROCESS_TEXT = 20;

export function formErrors(form: ApplicationForm, callerBin: string, profile: SmartBridgeProfile): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string, requirement: RequirementId = 'R6') =>
    errors.push({ field, message, requirement });
  const text = (value: unknown, field: string, requirement: RequirementId = 'R6', min = 1) => {
    if (typeof value !== 'string' || value.trim().length < min) {
      add(field, min > 1 ? `must be a text of at least ${min} characters` : 'must not be empty', requirement);
    }
  };

  const org = form.organisation;
  const bin = validateBin(org?.bin);
  if (!bin.ok) add('organisation/bin', bin.message);
  else if (org.bin !== callerBin)
    add('organisation/bin', `an organisation applies only for itself: the BIN must be ${callerBin}`);
  text(org?.name, 'organisation/name');
  if (!ORG_KINDS.includes(org?.kind)) add('organisation/kind', `must be one of ${ORG_KINDS.join(', ')}`);

  text(form.contact?.fullName, 'contact/fullName');
  text(form.contact?.position, 'contact/position');
  if (!EMAIL.test(form.contact?.email ?? '')) add('contact/email', 'must be an e-mail address');
  if (!PHONE.test(form.contact?.phone ?? ''))
    add('contact/phone', 'must be a phone number in international form, e.g. +77012345678');
  text(form.informationSystem?.name, 'informationSystem/name');

  const services = form.services ?? [];
  if (services.length === 0)
    add('services', 'name at least one service within which personal data are accessed', 'R5.1');
  const names = new Set<string>();
  services.forEach((s, i) => {
    const at = `services/${i}`;
    text(s.name, `${at}/name`, 'R5.1');
    const key = (s.name ?? '').trim().toLowerCase();
    if (key && names.has(key)) add(`${at}/name`, 'two services have the same name', 'R5.1');
    names.add(key);
    const ds = s.dataServices ?? [];
    if (ds.length === 0) add(`${at}/dataServices`, 'name the data services this service needs', 'R5.2');
    ds.forEach((id, j) => {
      if (!profile.dataServices.includes(id))
        add(
          `${at}/dataServices/${j}`,
          `unknown data service "${id}"; known: ${profile.dataServices.join(', ')}`,
          'R5.2',
        );
      if (ds.indexOf(id) !== j) add(`${at}/dataServices/${j}`, `"${id}" is listed twice`, 'R5.2');
    });
    text(s.businessProcess, `${at}/businessProcess`, 'R5.2', MIN_PROCESS_TEXT);
    if (!profile.stages.includes(s.stage)) add(`${at}/stage`, `must be one of ${profile.stages.join(', ')}`, 'R5.3');
  });

  const dh = form.dataHandling;
  for (const key of ['storagePeriodDays', 'processingPeriodDays'] as const) {
    const v = dh?.[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > profile.maxPeriodDays) {
      add(`dataHandling/${key}`, `must be a whole number of days from 0 to ${profile.maxPeriodDays}`, 'R5.4');
    }
  }
  const grounds = dh?.storageGrounds ?? [];
  if (grounds.length === 0)
    add('dataHandling/storageGrounds', 'state at least one ground for storing personal data', 'R5.5');
  grounds.forEach((g, i) => {
    if (!profile.storageBases.includes(g.basis))
      add(`dataHandling/storageGrounds/${i}/basis`, `must be one of ${profile.storageBases.join(', ')}`, 'R5.5');
    text(g.reference, `dataHandling/storageGrounds/${i}/reference`, 'R5.5');
  });

  errors.push(...wayErrors(form));
  return errors;
}

/** Clause 7: who may use which way. */
export function wayErrors(form: ApplicationForm): FieldError[] {
  const errors: FieldError[] = [];
  const ways = form.ways ?? [];
  const grounds = form.article9Grounds ?? [];
  const org = form.organisation;
  if (ways.length === 0)
    errors.push({ field: 'ways', message: 'name at least one way of clause 7', requirement: 'R7.0' });
  ways.forEach((way, i) => {
    const field = `ways/${i}`;
    if (!CONSENT_WAYS.includes(way))
      return void errors.push({ field, message: `unknown way "${way}"`, requirement: 'R7.0' });
    if (ways.indexOf(way) !== i) errors.push({ field, message: `"${way}" is listed twice`, requirement: 'R7.0' });
    if (way === 'own-means' && !(org?.kind === 'bank' || (org?.agreementWithAuthorizedBody && org?.connectedToSoc))) {
      errors.push({
        field,
        message:
          'own means (clause 7.2) is only for banks, or for holders of an agreement with the authorized body whose systems are connected to the information-security operations center',
        requirement: WAY_REQUIREMENT[way],
      });
    }
    if (way === 'proactive' && !org?.proactiveServiceProvider) {
      errors.push({
        field,
        message: 'the proactive way (clause 7.3) is only for providers of proactive services',
        requirement: WAY_REQUIREMENT[way],
      });
    }
  });
  const notification = ways.includes('notification');
  if (notification && grounds.length === 0) {
    errors.push({
      field: 'article9Grounds',
      message: 'the notification way (clause 7.4) needs an Article 9 ground',
      requirement: 'R7.4',
    });
  }
  if (!notification && grounds.length > 0) {
    errors.push({
      field: 'article9Grounds',
      message: 'Article 9 grounds apply only to the notification way, which is not chosen',
      requirement: 'R7.4',
    });
  }
  grounds.forEach((g, i) => {
    if (!ARTICLE9_GROUNDS.includes(g))
      errors.push({
        field: `article9Grounds/${i}`,
        message: `unknown ground "${g}"; known: ${ARTICLE9_GROUNDS.join(', ')}`,
        requirement: 'R7.4',
      });
    else if (grounds.indexOf(g) !== i)
      errors.push({ field: `article9Grounds/${i}`, message: `"${g}" is listed twice`, requirement: 'R7.4' });
  });
  return errors;
}

/**
 * Checked at submission, when the attachments are known: own means needs the test protocols (clause
 * 8, R8), and so does a system under the unified requirements (clause 7, R7.0).
 */
export function submissionErrors(form: ApplicationForm, attachments: AttachmentRef[]): FieldError[] {
  const errors: FieldError[] = [];
  const protocols = attachments.some((a) => a.kind === 'is-test-protocol');
  if (form.ways.includes('own-means') && !protocols) {
    errors.push({
      field: 'attachments',
      message: 'own means (clause 8) requires the information-security test protocols to be attached',
      requirement: 'R8',
    });
  }
  if (form.informationSystem.subjectToUnifiedRequirements && !protocols) {
    errors.push({
      field: 'attachments',
      message:
        'a system under the unified ICT and information-security requirements (decree No 832) must attach its test protocols of compliance',
      requirement: 'R7.0',
    });
  }
  return errors;
}

/** The scope granted: what the authority gave, or what was asked where it gave nothing narrower. */
export function approvedScope(asked: ApprovedScope, given: Partial<ApprovedScope>): ApprovedScope {
  const ways = given.ways ?? asked.ways;
  return {
    services: given.services ?? asked.services,
    ways,
    article9Grounds: ways.includes('notification') ? (given.article9Grounds ?? asked.article9Grounds) : [],
  };
}

/** What was asked, as a scope the authority can approve in full or in part. */
export function requestedScope(form: ApplicationForm): ApprovedScope {
  const services = [...new Set(form.services.flatMap((s) => s.dataServices))];
  return { services, ways: [...form.ways], article9Grounds: [...form.article9Grounds] };
}

/** The authority may narrow what was asked, never widen it. */
export function scopeErrors(asked: ApprovedScope, given: Partial<ApprovedScope>): FieldError[] {
  const errors: FieldError[] = [];
  const subset = <T extends string>(key: 'services' | 'ways' | 'article9Grounds', values: T[] | undefined, of: T[]) => {
    (values ?? []).forEach((v, i) => {
      if (!of.includes(v))
        errors.push({
          field: `${key}/${i}`,
          message: `"${v}" was not asked for in the application`,
          requirement: 'R7.0',
        });
    });
  };
  subset('services', given.services, asked.services);
  subset<ConsentWay>('ways', given.ways, asked.ways);
  subset<Article9Ground>('article9Grounds', given.article9Grounds, asked.article9Grounds);
  if (given.services && given.services.length === 0)
    errors.push({ field: 'services', message: 'approve at least one data service', requirement: 'R7.0' });
  if (given.ways && given.ways.length === 0)
    errors.push({ field: 'ways', message: 'approve at least one way', requirement: 'R7.0' });
  const ways = given.ways ?? asked.ways;
  const grounds = given.article9Grounds ?? asked.article9Grounds;
  if (!ways.includes('notification') && given.article9Grounds && given.article9Grounds.length > 0) {
    errors.push({
      field: 'article9Grounds',
      message: 'Article 9 grounds can only be approved with the notification way',
      requirement: 'R7.4',
    });
  }
  if (ways.includes('notification') && grounds.length === 0) {
    errors.push({
      field: 'article9Grounds',
      message: 'approving the notification way needs at least one Article 9 ground',
      requirement: 'R7.4',
    });
  }
  return errors;
}
