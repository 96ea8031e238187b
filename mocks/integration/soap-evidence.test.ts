import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBin } from '../../protocol/identifiers/bin.ts';
import { userDataResponseXml } from '../../protocol/kdp/consent.ts';
import { buildSendMessageRequest } from '../../protocol/shep/envelope.ts';
import { ShepFault } from '../shep/service.ts';
import type { ShepEnvironment } from '../shep/environments.ts';
import { createTestGateway, TEST_EPOCH_MS, type TestGateway } from '../shep/testing.ts';
import { JournalTestEvidence, type ConsentEvidence, type TokenEvidence } from './soap-evidence.ts';

const BANK = makeBin({ yearMonth: '2001-03', type: 'resident', subtype: 'head', serial: 4242 });
const OTHER = makeBin({ yearMonth: '2005-09', type: 'resident', subtype: 'head', serial: 777 });
const SENDERS = {
  bankTest: { environment: 'test', senderId: 'SB_BANK_TEST', password: 'bank-test-pw', owner: BANK },
  bankProd: { environment: 'prod', senderId: 'SB_BANK_PROD', password: 'bank-prod-pw', owner: BANK },
  otherTest: { environment: 'test', senderId: 'SB_OTHER_TEST', password: 'other-test-pw', owner: OTHER },
} as const;

let gw: TestGateway;
let consents: Map<string, ConsentEvidence>;
let tokens: Map<string, TokenEvidence>;
let evidence: JournalTestEvidence;
let seq = 0;

beforeEach(async () => {
  gw = await createTestGateway();
  for (const s of Object.values(SENDERS)) await gw.credentials.register(s);
  consents = new Map();
  tokens = new Map();
  // KDP_SERVICE answers whatever consent request its data names; a data service echoes; both as
  // the state service would, minus its logic (that is tested where it lives).
  gw.gateway.register({
    serviceId: 'KDP_SERVICE',
    async handle(data) {
      const requestId = data?.children.find((c) => c.name === 'requestId')?.text ?? '';
      if (data?.children.some((c) => c.name === 'ovt' && c.text === 'forged'))
        throw new ShepFault('KDP-201', 'the signature does not verify with a registered key');
      const c = consents.get(requestId);
      return {
        dataXml: userDataResponseXml({
          requestId,
          status: c?.status ?? 'PENDING',
          ...(c?.status === 'APPROVED' ? { code: 'jwt', publicKey: 'pem' } : {}),
        }),
      };
    },
  });
  gw.gateway.register({ serviceId: 'GBDFLUniversal_token', handle: async () => ({ dataXml: '<person/>' }) });
  evidence = new JournalTestEvidence({
    journal: gw.runtime.journal,
    sendersOf: async (bin) =>
      Object.values(SENDERS)
        .filter((s) => s.owner === bin)
        .map(({ environment, senderId }) => ({ environment, senderId })),
    consent: async (id) => consents.get(id),
    token: async (jti) => tokens.get(jti),
  });
});
afterEach(async () => {
  await gw.close();
});

type Sender = (typeof SENDERS)[keyof typeof SENDERS];

async function send(sender: Sender, serviceId: string, dataXml: string, messageId = `m-${++seq}`): Promise<string> {
  const xml = buildSendMessageRequest({
    requestInfo: {
      messageId,
      serviceId,
      messageDate: '2025-06-23T12:40:34.477+06:00',
      sender: { senderId: sender.senderId, password: sender.password },
    },
    dataXml,
  });
  await gw.gateway.handle(sender.environment as ShepEnvironment, xml);
  return messageId;
}

function approved(requestId: string, bin = BANK, environment: ShepEnvironment = 'test'): void {
  consents.set(requestId, {
    id: requestId,
    environment,
    companyBin: bin,
    status: 'APPROVED',
    tokenId: `jti-${requestId}`,
  });
  tokens.set(`jti-${requestId}`, { jti: `jti-${requestId}`, environment, cbin: bin, requestId });
}

describe("JournalTestEvidence: a testing act's cited message, judged from the journal and the state service (R11, R2.8, T-SB-9)", () => {
  it('T-SB-9 R11 R2.8: a KDP_SERVICE exchange on test whose consent was approved, with its access token bound to the organisation', async () => {
    approved('r1');
    const messageId = await send(SENDERS.bankTest, 'KDP_SERVICE', '<requestId>r1</requestId>');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toEqual({
      messageId,
      environment: 'test',
      senderBin: BANK,
      serviceId: 'KDP_SERVICE',
      at: TEST_EPOCH_MS,
      successful: true,
      securityToken: { presented: true, valid: true, tokenId: 'jti-r1' },
    });
  });

  it('T-SB-9 R11: the first message of a consent decided later counts once the consent is approved; until then it is not a success', async () => {
    const messageId = await send(SENDERS.bankTest, 'KDP_SERVICE', '<requestId>r2</requestId>');
    consents.set('r2', { id: 'r2', environment: 'test', companyBin: BANK, status: 'PENDING' });
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toMatchObject({
      successful: false,
      securityToken: { presented: false, valid: false, reason: expect.stringContaining('PENDING') },
    });
    approved('r2');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toMatchObject({
      successful: true,
      securityToken: { valid: true },
    });
  });

  it("T-SB-9 R11: an unknown messageId, and another organisation's message, are both unknown", async () => {
    approved('r3', OTHER);
    const theirs = await send(SENDERS.otherTest, 'KDP_SERVICE', '<requestId>r3</requestId>');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId: theirs })).toBeUndefined();
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId: 'never-sent' })).toBeUndefined();
    expect(await evidence.findSuccessfulTestResponse({ bin: OTHER, messageId: theirs })).toMatchObject({
      successful: true,
    });
  });

  it('T-SB-9 R10.2 R11: a refused exchange (an ovt the state service would not verify) is not a success, and says why', async () => {
    const messageId = await send(SENDERS.bankTest, 'KDP_SERVICE', '<requestId>r4</requestId><ovt>forged</ovt>');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toMatchObject({
      environment: 'test',
      successful: false,
      securityToken: { presented: true, valid: false, reason: expect.stringContaining('KDP-201') },
    });
  });

  it('T-SB-9 R12: an exchange on production is reported as such (the platform refuses it for a testing act)', async () => {
    approved('r5', BANK, 'prod');
    const messageId = await send(SENDERS.bankProd, 'KDP_SERVICE', '<requestId>r5</requestId>');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toMatchObject({
      environment: 'prod',
      successful: true,
    });
  });

  it('T-SB-9 R2.8: an access token bound to another organisation is not a valid security token', async () => {
    approved('r6');
    tokens.set('jti-r6', { jti: 'jti-r6', environment: 'test', cbin: OTHER, requestId: 'r6' });
    const messageId = await send(SENDERS.bankTest, 'KDP_SERVICE', '<requestId>r6</requestId>');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toMatchObject({
      successful: true,
      securityToken: { presented: true, valid: false },
    });
  });

  it('T-SB-9 R11: a data service answered against a presented kdpToken; a service without a token presents none', async () => {
    approved('r7');
    const kdpToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setJti('jti-r7')
      .sign(new Uint8Array(32));
    const release = await send(SENDERS.bankTest, 'GBDFLUniversal_token', `<kdpToken>${kdpToken}</kdpToken>`);
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId: release })).toMatchObject({
      successful: true,
      securityToken: { presented: true, valid: true, tokenId: 'jti-r7' },
    });
    const echo = await send(SENDERS.bankTest, 'KDP_CONFORMANCE_ECHO', '<ping>1</ping>');
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId: echo })).toMatchObject({
      successful: true,
      securityToken: { presented: false, valid: false },
    });
  });

  it('T-SB-9 R11: a refused repeat of a messageId does not hide the successful exchange that used it first', async () => {
    approved('r8');
    const messageId = await send(SENDERS.bankTest, 'KDP_SERVICE', '<requestId>r8</requestId>');
    await send(SENDERS.bankTest, 'KDP_SERVICE', '<requestId>r8</requestId>', messageId);
    const [first, repeat] = (await gw.runtime.journal.query({ channel: 'shep' })).map((r) => r.outcome);
    expect([first, repeat === 'SCSS001']).toEqual(['SCSS001', false]);
    expect(await evidence.findSuccessfulTestResponse({ bin: BANK, messageId })).toMatchObject({ successful: true });
  });
});
