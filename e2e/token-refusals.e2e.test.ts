/**
 * Every refusal of a data service, over SOAP through the composed environment (gateway routes,
 * Smart Bridge's grants, the state service's tokens): an initiator that presents anything but a
 * valid, unexpired, unrevoked token bound to that subject, initiator and service gets a SOAP fault
 * with the code that names why, and no personal data (R3, R2.8).
 */
import { exportSPKI, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationFor } from '../fixtures/index.ts';
import type { Organisation, Subject } from '../fixtures/types.ts';
import { forEnvironment } from '../mocks/kdp/profile.ts';
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../mocks/msw.ts';
import type { ShepReply } from '../protocol/shep/envelope.ts';
import { InitiatorClient } from '../examples/initiator/client.ts';

let env: InMemoryEnvironment;
let bank: Organisation;
let other: Organisation;
let subject: Subject;
let stranger: Subject;
let client: InitiatorClient;
let token: { code: string; publicKey: string };

function initiator(org: Organisation, environment: 'test' | 'prod' = 'test'): InitiatorClient {
  const post = async (url: string, payload: string) =>
    (await env.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml; charset=utf-8' }, payload }))
      .body;
  return new InitiatorClient(
    post,
    { ...org, signingKey: { privateJwk: org.keys.ec.privateJwk, kid: org.keys.ec.kid, alg: 'ES256' } },
    environment,
    () => env.clock.nowMs(),
  );
}

beforeAll(async () => {
  env = await createInMemoryEnvironment({ subjects: 4 });
  bank = organisationFor(env.fixtures, 'bank')!;
  other = organisationFor(env.fixtures, 'sms-only-company')!;
  [subject, stranger] = env.fixtures.subjects as [Subject, Subject];
  client = initiator(bank);
  const granted = await client.consentByOwnMeans(
    subject.iin,
    'GBDFLUniversal_token',
    forEnvironment(env.kdp.state.profile.ovt.audience, 'test'),
  );
  expect(granted.status).toBe('APPROVED');
  token = { code: granted.code!, publicKey: granted.publicKey! };
});

afterAll(async () => {
  await env.close();
});

function expectRefused(reply: ShepReply, code: string): void {
  expect(reply).toMatchObject({ kind: 'fault', errorInfo: { errorCode: code } });
  if (reply.kind === 'fault') expect(JSON.stringify(reply)).not.toContain(subject.lastName);
}

/** A token with the same claims as the real one, signed by a key the requester made itself. */
async function forged(alg: 'ES256' | 'none' | 'HS256'): Promise<{ code: string; publicKey: string }> {
  const claims = decodeJwt(token.code);
  const header = decodeProtectedHeader(token.code);
  if (alg === 'none') {
    const part = (o: object) => base64url.encode(JSON.stringify(o));
    return { code: `${part({ ...header, alg: 'none' })}.${part(claims)}.`, publicKey: token.publicKey };
  }
  if (alg === 'HS256') {
    const code = await new SignJWT(claims)
      .setProtectedHeader({ ...header, alg: 'HS256' })
      .sign(new TextEncoder().encode(token.publicKey));
    return { code, publicKey: token.publicKey };
  }
  const own = await generateKeyPair('ES256', { extractable: true });
  const code = await new SignJWT(claims).setProtectedHeader({ ...header, alg: 'ES256' }).sign(own.privateKey);
  return { code, publicKey: await exportSPKI(own.publicKey) };
}

describe('a data service over SOAP releases data only for a valid token', () => {
  it('R3 the valid token releases the person record', async () => {
    const reply = await client.fetchData('GBDFLUniversal_token', subject.iin, token);
    expect(reply.kind).toBe('response');
    expect(JSON.stringify(reply)).toContain(subject.iin);
  });

  it('R3 no token, no data (KDP-400)', async () => {
    expectRefused(await client.fetchData('GBDFLUniversal_token', subject.iin, { code: '', publicKey: '' }), 'KDP-400');
  });

  it('R2.8 T-KDP-9 a token signed by a key the requester brings, with its own publicKey (KDP-401 or KDP-409)', async () => {
    const reply = await client.fetchData('GBDFLUniversal_token', subject.iin, await forged('ES256'));
    expect(reply.kind).toBe('fault');
    if (reply.kind === 'fault') expect(['KDP-401', 'KDP-409']).toContain(reply.errorInfo?.errorCode);
  });

  it('R2.8 alg none and HS256 keyed with the public key (KDP-401)', async () => {
    expectRefused(await client.fetchData('GBDFLUniversal_token', subject.iin, await forged('none')), 'KDP-401');
    expectRefused(await client.fetchData('GBDFLUniversal_token', subject.iin, await forged('HS256')), 'KDP-401');
  });

  it('R2.8 a token for another subject (KDP-404), service (KDP-406), initiator (KDP-405), environment (KDP-407)', async () => {
    expectRefused(await client.fetchData('GBDFLUniversal_token', stranger.iin, token), 'KDP-404');
    expectRefused(await client.fetchData('MCDB_SERVICE', subject.iin, token), 'KDP-406');
    expectRefused(await initiator(other).fetchData('GBDFLUniversal_token', subject.iin, token), 'KDP-405');
    expectRefused(await initiator(bank, 'prod').fetchData('GBDFLUniversal_token', subject.iin, token), 'KDP-407');
  });

  it('R2.8 an expired token (KDP-402), once the virtual clock passes expiresIn', async () => {
    await env.environment.advance(3601 * 1000);
    expectRefused(await client.fetchData('GBDFLUniversal_token', subject.iin, token), 'KDP-402');
  });
});
