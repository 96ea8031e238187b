import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BANK_BIN, DAY, setup, validForm, type Env } from './test-support.ts';
import { walkClauses4to12, WalkError, type TestExchangeInput, type WalkPorts } from './walk.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingKey = {
  publicJwk: pair.publicKey.export({ format: 'jwk' }) as JWK,
  privateJwk: pair.privateKey.export({ format: 'jwk' }) as JWK,
};

/**
 * Smart Bridge alone, so the SHEP leg is played here (e2e/integration-lifecycle.e2e.test.ts plays it
 * for real): a security token signed with the organisation's key is verified against what the
 * integration registry grants for the test environment, as the state service does, and the exchange
 * is recorded as evidence.
 */
async function fakeShepExchange(
  input: TestExchangeInput,
  privateJwk = input.privateJwk,
): Promise<{ messageId: string }> {
  const grant = await env.bridge.registry.grantFor(input.bin, 'test');
  if (!grant) throw new Error('no test grant');
  const jti = `ovt-${env.clock.nowMs()}`;
  const token = await new SignJWT({ cbin: input.bin, mcheck: 'Bio', access_name: input.approved.services[0] })
    .setProtectedHeader({ alg: 'ES256', kid: input.kid })
    .setIssuedAt(Math.floor(env.clock.nowMs() / 1000))
    .setExpirationTime(Math.floor(env.clock.nowMs() / 1000) + 600)
    .setJti(jti)
    .sign(await importJWK(privateJwk, 'ES256'));
  let valid = true;
  try {
    await jwtVerify(token, createLocalJWKSet({ keys: grant.ovtKeys }), { currentDate: env.clock.now() });
  } catch {
    valid = false;
  }
  const messageId = `{${crypto.randomUUID()}}`;
  env.evidence.record({
    messageId,
    environment: 'test',
    senderBin: input.bin,
    serviceId: 'KDP_SERVICE',
    at: env.clock.nowMs(),
    successful: valid,
    securityToken: { presented: true, valid, tokenId: jti },
  });
  return { messageId };
}

function ports(overrides: Partial<WalkPorts> = {}): WalkPorts {
  return {
    http: (req) =>
      env.app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers ?? {},
        ...(req.payload === undefined ? {} : { payload: req.payload }),
      }),
    organisationKey: env.bankKey,
    authorityKey: env.authorityKey,
    form: validForm(BANK_BIN),
    signingKey,
    advanceClock: (ms) => env.clock.advance(ms),
    performTestExchange: (input) => fakeShepExchange(input),
    checkCredentialSeparation: async ({ test, prod }) => {
      expect(env.credentials.issued.map((i) => [i.environment, i.credential.senderId])).toEqual([
        ['test', test.senderId],
        ['prod', prod.senderId],
      ]);
    },
    ...overrides,
  };
}

describe('the integration walk of clauses 4–12 (R4–R12)', () => {
  it('R4, R5.1, R6, R8, R9, R10.1, R10.2, R11, R12: goes from a refused form to production credentials through the HTTP API', async () => {
    const result = await walkClauses4to12(ports());
    const requirements = new Set(result.steps.map((s) => s.requirement));
    for (const r of ['R4', 'R5.1', 'R6', 'R8', 'R9', 'R10.1', 'R10.2', 'R11', 'R12']) expect(requirements).toContain(r);
    expect(result.test.senderId).not.toBe(result.prod.senderId);
    expect(result.history.map((h) => h.action)).toEqual([
      'create',
      'attach',
      'submit',
      'approve',
      'attach',
      'register-signature-key',
      'issue-test-credentials',
      'attach',
      'submit-testing-act',
      'accept-testing-act',
      'issue-prod-credentials',
    ]);
    const app = (await env.call('GET', `/applications/${result.applicationId}`, env.authorityKey)).json();
    expect(app).toMatchObject({
      status: 'production',
      decision: { withinDeadline: true },
      testingAct: { status: 'accepted' },
    });
    expect(await env.bridge.registry.grantFor(BANK_BIN, 'prod')).toMatchObject({ ways: ['sms', 'own-means'] });
  });

  it('R9: the walk fails when the review would run past the deadline', async () => {
    await expect(walkClauses4to12(ports({ reviewDays: 30 }))).rejects.toMatchObject({ requirement: 'R9' });
  });

  it('R11: an exchange the test fake refuses (its token signed with an unregistered key) does not make a testing act', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK;
    const walk = walkClauses4to12(ports({ performTestExchange: (input) => fakeShepExchange(input, stranger) }));
    const err = await walk.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalkError);
    expect(err).toMatchObject({ requirement: 'R11', step: 'file the testing act' });
    expect((err as WalkError).response.body).toMatch(/not a success/);
  });

  it('R8: walks a form without own means too, where no test protocols are asked', async () => {
    env.clock.advance(40 * DAY);
    const result = await walkClauses4to12(ports({ form: validForm(BANK_BIN, { ways: ['sms', 'callcenter-1414'] }) }));
    expect(result.steps.some((s) => s.requirement === 'R8')).toBe(false);
  });
});
