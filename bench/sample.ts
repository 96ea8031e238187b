import { organisationFor } from '../fixtures/index.ts';
import { forEnvironment } from '../mocks/kdp/profile.ts';
import type { MockEnvironment } from '../mocks/server.ts';
import { InitiatorClient } from '../examples/initiator/client.ts';
import type { BenchSample } from './scenarios.ts';

/** A bank's test sender, and an access token it obtained by own means (one consent through SHEP). */
export async function grantedSample(env: MockEnvironment): Promise<BenchSample> {
  const bank = organisationFor(env.fixtures, 'bank')!;
  const subject = env.fixtures.subjects[0]!;
  const accessName = 'GBDFLUniversal_token';
  const post = async (url: string, payload: string) =>
    (await env.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml; charset=utf-8' }, payload }))
      .body;
  const client = new InitiatorClient(
    post,
    { ...bank, signingKey: { privateJwk: bank.keys.ec.privateJwk, kid: bank.keys.ec.kid, alg: 'ES256' } },
    'test',
    () => env.clock.nowMs(),
  );
  const token = await client.consentByOwnMeans(
    subject.iin,
    accessName,
    forEnvironment(env.kdp.state.profile.ovt.audience, 'test'),
  );
  if (token.status !== 'APPROVED' || !token.code || !token.publicKey)
    throw new Error(`the bench's consent was not approved: ${token.status}`);
  return {
    senderId: bank.credentials.test.senderId,
    password: bank.credentials.test.password,
    token: { code: token.code, publicKey: token.publicKey, iin: subject.iin, accessName },
  };
}
