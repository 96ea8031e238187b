import type { createEnvironment } from '../mocks/server.ts';
import type { BenchSample } from './scenarios.ts';

/** A bank's test sender, and an access token it obtained by own means (one consent through SHEP). */
export async function grantedSample(env: Awaited<ReturnType<typeof createEnvironment>>): Promise<BenchSample> {
  const { organisationFor } = await import('../fixtures/index.ts');
  const { formatShepDate } = await import('../mocks/clock/clock.ts');
  const { readUserDataResponse, signOvt, userDataRequestXml, USER_DATA_REQUEST_TYPE } = await import('../mocks/kdp/client.ts');
  const { forEnvironment } = await import('../mocks/kdp/profile.ts');
  const { buildSendMessageRequest, parseShepReply } = await import('../mocks/shep/envelope.ts');
  const bank = organisationFor(env.fixtures, 'bank')!;
  const subject = env.fixtures.subjects[0]!;
  const accessName = 'GBDFLUniversal_token';
  const ovt = await signOvt(
    { privateJwk: bank.keys.ec.privateJwk, kid: bank.keys.ec.kid, alg: 'ES256' },
    { cbin: bank.bin, uin: subject.iin, accessName, audience: forEnvironment(env.kdp.state.profile.ovt.audience, 'test'), nowSec: Math.floor(env.clock.nowMs() / 1000), jti: env.runtime.random.uuid() },
  );
  const payload = buildSendMessageRequest({
    requestInfo: { messageId: env.runtime.random.uuid(), serviceId: 'KDP_SERVICE', messageDate: formatShepDate(env.clock.nowMs()), sender: bank.credentials.test },
    dataXml: userDataRequestXml({
      uin: subject.iin,
      company: bank.name,
      company_bin: bank.bin,
      company_responsible: 'bench',
      employee_name: 'bench',
      access_name: accessName,
      personal_data_name: 'person record',
      expiresIn: 3600,
      'omit-sms': true,
      ovt,
    }),
    dataType: USER_DATA_REQUEST_TYPE,
  });
  const res = await env.app.inject({ method: 'POST', url: '/test/bip-sync-wss-gost/', headers: { 'content-type': 'text/xml; charset=utf-8' }, payload });
  const reply = parseShepReply(res.body);
  if (reply.kind !== 'response') throw new Error(`the bench could not obtain a token: ${res.body.slice(0, 400)}`);
  const token = readUserDataResponse(reply.data);
  if (token.status !== 'APPROVED' || !token.code || !token.publicKey) throw new Error(`the bench's consent was not approved: ${token.status}`);
  return {
    senderId: bank.credentials.test.senderId,
    password: bank.credentials.test.password,
    token: { code: token.code, publicKey: token.publicKey, iin: subject.iin, accessName },
  };
}
