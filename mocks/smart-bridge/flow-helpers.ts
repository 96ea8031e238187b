import { localDateOf } from '../../protocol/dates.ts';
import { generateKeyPairSync } from 'node:crypto';
import type { TestResponseEvidence } from './ports.ts';
import { BANK_BIN, pdf, upload, validForm, type Env } from './test-support.ts';

/** Steps the Smart Bridge tests share: each brings an application one status further over HTTP. */

export function expectStatus(res: { statusCode: number; body: string }, status: number): void {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
}

export async function draft(env: Env, form = validForm(BANK_BIN), key = env.bankKey): Promise<string> {
  const res = await env.call('POST', '/applications', key, form);
  expectStatus(res, 201);
  return res.json().id;
}

export async function submitted(env: Env, form = validForm(BANK_BIN)): Promise<string> {
  const id = await draft(env, form);
  const protocol = await upload(env, env.bankKey, 'is-test-protocol', pdf(2000));
  expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: protocol }), 200);
  expectStatus(await env.call('POST', `/applications/${id}/submit`, env.bankKey), 200);
  return id;
}

export async function approved(
  env: Env,
  scope: Record<string, unknown> = {},
  form = validForm(BANK_BIN),
): Promise<string> {
  const id = await submitted(env, form);
  expectStatus(await env.call('POST', `/applications/${id}/approve`, env.authorityKey, scope), 200);
  return id;
}

export const ORG_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const ORG_PUBLIC_PEM = ORG_KEY.publicKey.export({ type: 'spki', format: 'pem' }) as string;

export async function testing(
  env: Env,
  scope: Record<string, unknown> = {},
): Promise<{ id: string; password: string; senderId: string }> {
  const id = await approved(env, scope);
  const doc = await upload(env, env.bankKey, 'technical-documentation', pdf(5000));
  expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: doc }), 200);
  expectStatus(await env.call('POST', `/applications/${id}/signature-keys`, env.bankKey, { pem: ORG_PUBLIC_PEM }), 200);
  const res = await env.call('POST', `/applications/${id}/credentials/test`, env.bankKey);
  expectStatus(res, 201);
  return { id, password: res.json().password, senderId: res.json().senderId };
}

let messageSeq = 0;

/** Records a test-environment exchange as the gateway and the state service would have seen it. */
export function exchange(env: Env, overrides: Partial<TestResponseEvidence> = {}): string {
  const messageId = overrides.messageId ?? `msg-${++messageSeq}`;
  env.evidence.record({
    messageId,
    environment: 'test',
    senderBin: BANK_BIN,
    serviceId: 'KDP_SERVICE',
    at: env.clock.nowMs(),
    successful: true,
    securityToken: { presented: true, valid: true, tokenId: `jti-${messageSeq}` },
    ...overrides,
  });
  return messageId;
}

export async function act(
  env: Env,
  id: string,
  messageIds: string[],
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const signed = await upload(env, env.bankKey, 'testing-act', pdf(3000));
  expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: signed }), 200);
  return {
    number: 'TA-2026-001',
    date: localDateOf(env.clock.nowMs()),
    informationSystem: 'Retail lending platform',
    scenarios: [
      { way: 'sms', dataService: 'GBDFLUniversal_token', result: 'passed' },
      { way: 'own-means', dataService: 'MCDB_SERVICE', result: 'passed' },
    ],
    evidence: messageIds.map((messageId) => ({ messageId })),
    conclusion: 'Every approved way works on the test environment.',
    signatories: [{ fullName: 'Aigerim Sadykova', position: 'Head of integration', side: 'initiator' }],
    attachmentId: signed,
    ...overrides,
  };
}
