import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { walkClauses4to12, WalkError, type WalkStep } from '../mocks/smart-bridge/walk.ts';
import type { ApplicationForm } from '../mocks/smart-bridge/model.ts';
import type { DescribeResponse, DriverWay } from './driver/protocol.ts';
import type { EnvironmentClient, FixtureSubject } from './environment/client.ts';
import type { SutPort } from './sut.ts';
import { driveToGrant } from './scenario.ts';

export interface Onboarded {
  bin: string;
  name: string;
  applicationId?: string;
  steps: WalkStep[];
  failure?: { requirement: string; step: string; message: string };
  senders: { test: string[]; prod: string[] };
  approved: { services: string[]; ways: DriverWay[]; grounds: string[] };
  registeredKeys: JWK[];
  sutKey?: JWK;
  /** The test credential's password (to restore the SUT after a refusal module). */
  testPassword?: string;
  /** The test exchange's messageId the testing act cited. */
  testMessageId?: string;
}

/** The application the harness files for the SUT's organisation: what the SUT says it does. */
export function formFor(d: DescribeResponse): ApplicationForm {
  const ways = [...d.ways];
  return {
    organisation: {
      bin: d.organisation.bin,
      name: d.organisation.name,
      // Eligibility for each way is the organisation's, not the harness's to judge: it declares what lets them all.
      kind: ways.includes('own-means') ? 'bank' : 'company',
      agreementWithAuthorizedBody: false,
      connectedToSoc: true,
      proactiveServiceProvider: ways.includes('proactive'),
    },
    contact: {
      fullName: 'Айгерим Садыкова',
      position: 'Head of integration',
      email: 'integration@sut.example',
      phone: '+77012345678',
    },
    informationSystem: { name: `${d.system.name} ${d.system.version}`, subjectToUnifiedRequirements: false },
    services: [
      {
        name: 'Conformance run',
        dataServices: [...d.dataServices],
        businessProcess: 'The kdp-conformance harness exercises every way and data service the system declares.',
        stage: 'eligibility-check',
      },
    ],
    dataHandling: {
      storagePeriodDays: 30,
      processingPeriodDays: 30,
      storageGrounds: [{ basis: 'law', reference: 'Law 94-V «On personal data and their protection», Article 7' }],
    },
    ways,
    article9Grounds: ways.includes('notification') ? ['art9-1'] : [],
  } as ApplicationForm;
}

/**
 * Clauses 4–12 for the SUT's organisation on the environment's Smart Bridge: the harness files and
 * approves the application, registers the key the SUT signs with, hands the SUT its test
 * credentials, lets it obtain a successful test response with a valid token, files the testing act
 * citing that exchange, has it accepted and hands over production credentials. No virtual time
 * moves (reviewDays 0): the SUT keeps real time.
 */
export async function onboard(o: {
  env: EnvironmentClient;
  sut: SutPort;
  describe: DescribeResponse;
  shepUrl: (environment: 'test' | 'prod') => string;
  subject: () => FixtureSubject;
  note: (text: string) => void;
}): Promise<Onboarded> {
  const d = o.describe;
  const form = formFor(d);
  const out: Onboarded = {
    bin: d.organisation.bin,
    name: d.organisation.name,
    steps: [],
    senders: { test: [], prod: [] },
    approved: { services: [...d.dataServices], ways: [...d.ways], grounds: form.article9Grounds as string[] },
    registeredKeys: [],
  };
  const sutKey = d.ways.includes('own-means') ? await o.sut.signingKey() : undefined;
  if (sutKey) out.sutKey = sutKey;
  // Smart Bridge registers a key for every application; a SUT without own means has none to give.
  const publicJwk = sutKey ?? (await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey));
  const [organisationKey, fixtures] = await Promise.all([o.env.apiKeyFor(d.organisation.bin), o.env.fixtures()]);
  try {
    const walked = await walkClauses4to12({
      http: o.env.http,
      organisationKey,
      authorityKey: fixtures.smartBridge.authority.apiKey,
      form,
      signingKey: { publicJwk, privateJwk: {} },
      reviewDays: 0,
      advanceClock: () => {},
      performTestExchange: async ({ credential, approved }) => {
        out.senders.test.push(credential.senderId);
        out.testPassword = credential.password;
        out.approved = {
          services: approved.services,
          ways: approved.ways as DriverWay[],
          grounds: approved.article9Grounds,
        };
        out.registeredKeys = [publicJwk];
        await o.sut.configure('test', { shepUrl: o.shepUrl('test'), ...credential });
        const since = Date.now();
        const granted = await driveToGrant({
          env: o.env,
          sut: o.sut,
          environment: 'test',
          subject: o.subject(),
          describe: d,
          fetch: true,
        });
        if (!granted.ok) throw new Error(`the SUT obtained no successful test response: ${granted.why}`);
        const exchanges = await o.env.journal({
          channel: 'shep',
          environment: 'test',
          sender: credential.senderId,
          from: since - 1000,
        });
        const data = exchanges.find((x) => x.outcome === 'SCSS001' && x.service === granted.dataService);
        const messageId = data && /<messageId>([^<]*)<\/messageId>/.exec(data.request)?.[1];
        if (!messageId) throw new Error('no successful test-environment data-service exchange found in the journal');
        out.testMessageId = messageId;
        return { messageId };
      },
    });
    out.applicationId = walked.applicationId;
    out.steps = walked.steps;
    out.senders.prod.push(walked.prod.senderId);
    await o.sut.configure('prod', { shepUrl: o.shepUrl('prod'), ...walked.prod });
  } catch (err) {
    out.failure =
      err instanceof WalkError
        ? { requirement: err.requirement, step: err.step, message: err.message }
        : { requirement: 'R11', step: 'the test exchange', message: (err as Error).message };
    o.note(`clauses 4–12 stopped: ${out.failure.message}`);
  }
  return out;
}
