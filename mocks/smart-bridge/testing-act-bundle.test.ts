import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, exchange, expectStatus, testing } from './flow-helpers.ts';
import type { TestingActBundleCheck, TestingActBundles } from './ports.ts';
import { BANK_BIN, setup, upload, type Env } from './test-support.ts';

/** A zip's first bytes: the upload's declared type is checked against them. */
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);

class FakeBundles implements TestingActBundles {
  answer: TestingActBundleCheck = { valid: false, reason: 'unset' };
  seen: Uint8Array[] = [];
  async verify(bytes: Uint8Array) {
    this.seen.push(bytes);
    return this.answer;
  }
}

describe('R11 the testing act filed as a signed conformance bundle', () => {
  let env: Env;
  const bundles = new FakeBundles();
  beforeEach(async () => {
    env = await setup({ bundles });
  });
  afterEach(() => env.close());

  async function file(answer: TestingActBundleCheck, cite?: string) {
    bundles.answer = answer;
    const { id } = await testing(env);
    const messageId = exchange(env);
    const zip = await upload(env, env.bankKey, 'testing-act', ZIP, 'application/zip', 'bundle.zip');
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: zip }), 200);
    const body = await act(env, id, [cite ?? messageId], { attachmentId: zip });
    return { id, messageId, res: await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, body) };
  }
  const ok = (messageIds: string[]): TestingActBundleCheck => ({
    valid: true,
    organisationBin: BANK_BIN,
    verdict: 'PASSED',
    messageIds,
    signedBy: 'kid-1',
  });

  it("takes a bundle the port verifies, of this organisation, PASSED, citing the act's exchange", async () => {
    const { id } = await testing(env);
    const messageId = exchange(env);
    bundles.answer = ok([messageId]);
    const zip = await upload(env, env.bankKey, 'testing-act', ZIP, 'application/zip', 'bundle.zip');
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: zip }), 200);
    const res = await env.call(
      'POST',
      `/applications/${id}/testing-act`,
      env.bankKey,
      await act(env, id, [messageId], { attachmentId: zip }),
    );
    expectStatus(res, 200);
    expect(res.json().status).toBe('act-under-review');
    expect(Buffer.from(bundles.seen.at(-1)!)).toEqual(ZIP);
  });

  it.each([
    [
      'an altered or unsigned bundle',
      { valid: false, reason: 'signature: manifest.jws is missing' } as const,
      /refused: signature: manifest\.jws is missing/,
    ],
    [
      "another organisation's bundle",
      { ...ok([]), organisationBin: '000000000000' },
      /reports on organisation 000000000000/,
    ],
    ['a bundle whose verdict failed', { ...ok([]), verdict: 'FAILED' }, /verdict is FAILED/],
    ['a bundle citing no exchange', ok([]), /cites no successful test exchange/],
    [
      'a bundle citing an exchange the act does not',
      ok(['other-message']),
      /must cite the exchange its bundle cites: other-message/,
    ],
  ])('refuses %s, on attachmentId, and the application stays in testing', async (_, answer, message) => {
    const { id, res } = await file(answer);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'body/attachmentId', message: expect.stringMatching(message), requirement: 'R11' },
    ]);
    expect((await env.call('GET', `/applications/${id}`, env.bankKey)).json().status).toBe('testing');
  });
});

describe('R11 a platform without a bundle verifier', () => {
  it('refuses a bundle and still takes a PDF', async () => {
    const env = await setup();
    try {
      const { id } = await testing(env);
      const messageId = exchange(env);
      const zip = await upload(env, env.bankKey, 'testing-act', ZIP, 'application/zip', 'bundle.zip');
      expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: zip }), 200);
      const refused = await env.call(
        'POST',
        `/applications/${id}/testing-act`,
        env.bankKey,
        await act(env, id, [messageId], { attachmentId: zip }),
      );
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toMatch(/no bundle verifier is configured/);
      expectStatus(
        await env.call('POST', `/applications/${id}/testing-act`, env.bankKey, await act(env, id, [messageId])),
        200,
      );
    } finally {
      await env.close();
    }
  });
});
