import { CONSENT_WAY_MIX, type ConsentWayRole } from '../../fixtures/fixture-set.ts';
import { seededBytes } from '../../fixtures/seed-bytes.ts';
import type { FixtureSet, Organisation } from '../../fixtures/types.ts';
import { CONSENT_WAYS, type Article9Ground, type ConsentWay } from '../../protocol/kdp/ways.ts';
import type { IssuedApiKey, Principal } from './api-keys.ts';
import type { ApplicationForm, ApplicationStatus, AttachmentKind } from './model.ts';
import type { SmartBridgeProfile } from './profile.ts';
import { localDateOf } from './review-deadline.ts';
import type { SmartBridge } from './smart-bridge.ts';

/**
 * The environment's own onboarding of its fixture organisations, so that `up` on the embedded
 * defaults serves integrated organisations at once. It goes through Smart Bridge's core exactly as
 * an integrator and the authorized body would over HTTP — application, protocols, submission,
 * approval, documentation, keys, test credentials, testing act, acceptance, production credentials —
 * with two seed-only differences: the SHEP credentials issued are the fixtures' deterministic ones,
 * and the testing act cites no exchange (none has happened at seed time) and says so
 * (`testingAct.evidenceWaived`). Nothing writes a grant directly: what SHEP and the state service
 * honour is read off these applications like any other.
 *
 * API keys are derived from the seed, so the same seed gives the same keys on every start and after
 * every reset; one organisation of the mix is left for a person to onboard by hand (clauses 4–12).
 */

/** The reviewer the seeded authority key speaks for. */
export const FIXTURE_AUTHORITY_NAME = 'Authorized body (fixture reviewer)';

/**
 * The fixture role left un-onboarded by default: a company with an agreement and a SOC connection
 * may choose own means, so walking it by hand touches every clause (test protocols R8, key R10.2).
 */
export const DEFAULT_NOT_ONBOARDED: readonly ConsentWayRole[] = ['own-means-company'];

export interface SeedOptions {
  /** Roles of the fixture mix left for a person to onboard; [] onboards every organisation. */
  notOnboarded?: readonly ConsentWayRole[];
}

export interface SeededOrganisation {
  bin: string;
  name: string;
  /** Its role in the consent-way mix, when it is one of the mix's organisations. */
  role?: ConsentWayRole;
  /** Bearer key for Smart Bridge, derived from the seed. */
  apiKey: string;
  keyId: string;
  /** An application of it was onboarded by the environment at seed (its testing act waives evidence). */
  onboardedAtSeed: boolean;
  /** The organisation's applications, in the order they were filed. */
  applications: { id: string; status: ApplicationStatus }[];
}

export interface SeededAccess {
  /** The seed the keys are derived from. */
  seed: number;
  authority: { name: string; apiKey: string; keyId: string };
  organisations: SeededOrganisation[];
}

/**
 * A seed's API key for a principal: `sbo_`/`sba_` and 32 bytes derived from the seed and the BIN (or
 * the reviewer's name), and a key id in UUID form derived the same way.
 */
export function fixtureApiKey(
  seed: number,
  principal: { role: 'organisation'; bin: string } | { role: 'authority'; name: string },
): { apiKey: string; keyId: string } {
  const who = principal.role === 'organisation' ? principal.bin : principal.name;
  const label = `smart-bridge-api-key:${seed}:${principal.role}:${who}`;
  const prefix = principal.role === 'organisation' ? 'sbo_' : 'sba_';
  const id = seededBytes(`${label}:id`, 16);
  id[6] = (id[6]! & 0x0f) | 0x40;
  id[8] = (id[8]! & 0x3f) | 0x80;
  const hex = id.toString('hex');
  return {
    apiKey: prefix + seededBytes(label, 32).toString('base64url'),
    keyId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
  };
}

/** The role an organisation plays in the mix: by position, and only if its profile is the role's. */
export function roleOf(set: Pick<FixtureSet, 'organisations'>, org: Organisation): ConsentWayRole | undefined {
  const entry = CONSENT_WAY_MIX[set.organisations.indexOf(org)];
  if (!entry) return undefined;
  const same =
    entry.kind === org.kind &&
    entry.agreementWithAuthorizedBody === org.agreementWithAuthorizedBody &&
    entry.connectedToSoc === org.connectedToSoc &&
    entry.proactiveServiceProvider === org.proactiveServiceProvider &&
    entry.article9Grounds.join() === org.article9Grounds.join();
  return same ? entry.role : undefined;
}

/** Clause 7: every way the organisation is eligible for (the platform checks the same rules). */
export function eligibleWays(org: Organisation): ConsentWay[] {
  const ways = new Set<ConsentWay>(['callcenter-1414', 'sms']);
  if (org.kind === 'bank' || (org.agreementWithAuthorizedBody && org.connectedToSoc)) ways.add('own-means');
  if (org.proactiveServiceProvider) ways.add('proactive');
  if (article9GroundsOf(org).length > 0) ways.add('notification');
  return CONSENT_WAYS.filter((w) => ways.has(w));
}

export function article9GroundsOf(org: Organisation): Article9Ground[] {
  return [...org.article9Grounds];
}

const SERVICE_BY_KIND = {
  bank: {
    name: 'Consumer lending',
    process: 'The applicant asks for a loan; the bank confirms identity and phone ownership before scoring.',
  },
  company: {
    name: 'Customer onboarding',
    process: 'A new customer signs a contract; the company confirms identity and contact number before activation.',
  },
  'state-body': {
    name: 'Public service delivery',
    process:
      'A citizen receives a public service; the body confirms identity and contact number to deliver the result.',
  },
} as const;

function pick(list: readonly string[], wanted: string): string {
  return list.includes(wanted) ? wanted : list[0]!;
}

/** A complete, valid form for a fixture organisation asking for every way it is eligible for. */
export function fixtureApplicationForm(org: Organisation, profile: SmartBridgeProfile): ApplicationForm {
  const grounds = article9GroundsOf(org);
  const ways = eligibleWays(org);
  const service = SERVICE_BY_KIND[org.kind];
  return {
    organisation: {
      bin: org.bin,
      name: org.name,
      kind: org.kind,
      agreementWithAuthorizedBody: org.agreementWithAuthorizedBody,
      connectedToSoc: org.connectedToSoc,
      proactiveServiceProvider: org.proactiveServiceProvider,
    },
    contact: {
      fullName: 'Fixture integration contact',
      position: 'Head of integration',
      email: `integration-${org.bin}@fixtures.kdp-conformance.test`,
      phone: `+7700${org.bin.slice(-7)}`,
    },
    informationSystem: {
      name: `Information system of ${org.name}`,
      subjectToUnifiedRequirements: org.kind === 'state-body',
    },
    services: [
      {
        name: service.name,
        dataServices: [...profile.dataServices],
        businessProcess: service.process,
        stage: pick(profile.stages, 'eligibility-check'),
      },
    ],
    dataHandling: {
      storagePeriodDays: 1825,
      processingPeriodDays: 30,
      storageGrounds: [
        ways.includes('notification')
          ? {
              basis: pick(profile.storageBases, 'article-9'),
              reference: 'Law 94-V "On personal data and their protection", Article 9',
            }
          : {
              basis: pick(profile.storageBases, 'subject-consent'),
              reference: "The subject's consent given through the state service (order 236/НҚ)",
            },
      ],
    },
    ways,
    article9Grounds: ways.includes('notification') ? grounds : [],
  };
}

/**
 * Issues the seed's API keys (the authorized body's and every fixture organisation's) and onboards
 * every fixture organisation but the roles left out. Safe to run on every start: an existing key is
 * left as it is, and an organisation that already has an application is not onboarded again. Safe
 * to run twice at once: each organisation is claimed atomically (seed and BIN) before it is
 * onboarded, and a seeding that finds the claim taken leaves that organisation to the other; what it
 * then describes may show that one still on its way.
 */
export async function seedSmartBridge(
  bridge: SmartBridge,
  fixtures: FixtureSet,
  options: SeedOptions = {},
): Promise<SeededAccess> {
  const notOnboarded = new Set(options.notOnboarded ?? DEFAULT_NOT_ONBOARDED);
  const authority = await issueSeeded(bridge, fixtures.seed, { role: 'authority', name: FIXTURE_AUTHORITY_NAME });
  for (const org of fixtures.organisations) {
    const key = await issueSeeded(bridge, fixtures.seed, { role: 'organisation', bin: org.bin });
    const role = roleOf(fixtures, org);
    if (role !== undefined && notOnboarded.has(role)) continue;
    // Check-then-act across awaits would let two seedings both see "no application": claim first.
    if (!(await bridge.claimSeedOnboarding(fixtures.seed, org.bin))) continue;
    if ((await bridge.applications.ofOrganisation(org.bin)).length > 0) continue;
    try {
      await onboard(bridge, fixtures.seed, org, key.principal, authority.principal);
    } catch (err) {
      await bridge.releaseSeedOnboarding(fixtures.seed, org.bin);
      throw err;
    }
  }
  return describeSeededAccess(bridge, fixtures);
}

/** What the environment publishes about the seed's keys and onboarding, read afresh each time. */
export async function describeSeededAccess(bridge: SmartBridge, fixtures: FixtureSet): Promise<SeededAccess> {
  const organisations: SeededOrganisation[] = [];
  for (const org of fixtures.organisations) {
    const role = roleOf(fixtures, org);
    const apps = await bridge.applications.ofOrganisation(org.bin);
    organisations.push({
      bin: org.bin,
      name: org.name,
      ...(role ? { role } : {}),
      ...fixtureApiKey(fixtures.seed, { role: 'organisation', bin: org.bin }),
      onboardedAtSeed: apps.some((a) => a.testingAct?.evidenceWaived !== undefined),
      applications: apps.map((a) => ({ id: a.id, status: a.status })),
    });
  }
  return {
    seed: fixtures.seed,
    authority: {
      name: FIXTURE_AUTHORITY_NAME,
      ...fixtureApiKey(fixtures.seed, { role: 'authority', name: FIXTURE_AUTHORITY_NAME }),
    },
    organisations,
  };
}

function issueSeeded(
  bridge: SmartBridge,
  seed: number,
  principal: { role: 'organisation'; bin: string } | { role: 'authority'; name: string },
): Promise<IssuedApiKey> {
  return bridge.apiKeys.issue(principal, `seed ${seed}`, fixtureApiKey(seed, principal));
}

function pdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% ${title}\n%%EOF\n`, 'utf8');
}

async function attach(
  bridge: SmartBridge,
  org: Principal,
  applicationId: string,
  kind: AttachmentKind,
  title: string,
): Promise<string> {
  const bytes = pdf(title);
  const meta = [
    `filename ${Buffer.from(`${kind}.pdf`).toString('base64')}`,
    `filetype ${Buffer.from('application/pdf').toString('base64')}`,
    `kind ${Buffer.from(kind).toString('base64')}`,
  ].join(',');
  const upload = await bridge.uploads.create(org, bytes.length, meta);
  await bridge.uploads.append(org, upload.id, 0, bytes);
  await bridge.applications.attach(org, applicationId, upload.id);
  return upload.id;
}

/** Clauses 4–12 for one fixture organisation, through the core, by its own and the authority's principals. */
async function onboard(
  bridge: SmartBridge,
  seed: number,
  org: Organisation,
  asOrg: Principal,
  asAuthority: Principal,
): Promise<void> {
  const apps = bridge.applications;
  const form = fixtureApplicationForm(org, bridge.profile);
  const { id } = await apps.create(asOrg, form);
  if (form.ways.includes('own-means') || form.informationSystem.subjectToUnifiedRequirements) {
    await attach(bridge, asOrg, id, 'is-test-protocol', `Information-security test protocols of ${org.name} (fixture)`);
  }
  await apps.submit(asOrg, id);
  const approved = (
    await apps.approve(asAuthority, id, {
      comment: `fixture organisation of seed ${seed}, onboarded by the environment`,
    })
  ).approved!;
  await attach(bridge, asOrg, id, 'technical-documentation', `Technical documentation of ${org.name} (fixture)`);
  // Clause 10.2 asks for the key where own means was chosen: each fixture key whose algorithm the
  // profile accepts (both RS256 and ES256 by default).
  if (approved.ways.includes('own-means')) {
    for (const key of [org.keys.rsa, org.keys.ec]) {
      if (bridge.profile.signatureKeys.algorithms.includes(String(key.publicJwk.alg)))
        await apps.registerKey(asOrg, id, { jwk: { ...key.publicJwk } });
    }
  }
  await apps.issueCredentials(asOrg, id, 'test', { given: org.credentials.test });
  const signedAct = await attach(bridge, asOrg, id, 'testing-act', `Testing act of ${org.name} (fixture)`);
  const now = bridge.clock.nowMs();
  await apps.submitTestingAct(
    asOrg,
    id,
    {
      number: `FIXTURE-${seed}-${org.bin}`,
      date: localDateOf(now, bridge.profile.utcOffsetMinutes),
      informationSystem: form.informationSystem.name,
      scenarios: approved.ways.map((way) => ({
        way,
        dataService: approved.services[0]!,
        result: 'passed',
        note: 'declared by the environment at seed; not exercised',
      })),
      evidence: [],
      conclusion: 'A fixture organisation of the mock environment, onboarded at seed so that it can use SHEP at once.',
      signatories: [{ fullName: form.contact.fullName, position: form.contact.position, side: 'initiator' }],
      attachmentId: signedAct,
    },
    {
      evidenceWaived: `fixture organisation onboarded by the environment at seed ${seed}; no exchange has happened yet`,
    },
  );
  await apps.acceptTestingAct(asAuthority, id, { comment: 'fixture organisation: accepted at seed' });
  await apps.issueCredentials(asOrg, id, 'prod', { given: org.credentials.prod });
}
