/**
 * A server for the bench, in its own process so that the load generator does not share its event
 * loop. `raw`: node:http answering fixed bytes (the baseline). `env`: the whole environment, on a
 * file store as `up` runs it, which also hands the scenarios a sender and a granted access token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSample } from './scenarios.ts';

type Msg = { kind: 'raw'; status: number; contentType: string; body: string } | { kind: 'env'; seed: number };

process.once('message', async (msg: Msg) => {
  if (msg.kind === 'raw') {
    const body = Buffer.from(msg.body);
    const server = createServer((req, res) => {
      // Read the request to the end, as the environment must, so the baseline does the same I/O.
      req.on('data', () => {});
      req.on('end', () => {
        res.writeHead(msg.status, { 'content-type': msg.contentType, 'content-length': body.length });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
    process.once('disconnect', () => server.close(() => process.exit(0)));
    return;
  }
  const { createEnvironment } = await import('../mocks/server.ts');
  const dir = mkdtempSync(join(tmpdir(), 'kdp-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const env = await createEnvironment({ db: join(dir, 'environment.db'), seed: msg.seed, logLevel: 'silent' });
  const sample = await grantedSample(env);
  const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ port: Number(new URL(address).port), sample });
  process.once('disconnect', () => void env.close().then(() => process.exit(0)));
});

/** A bank's test sender, and an access token it obtained by own means (one consent through SHEP). */
async function grantedSample(env: Awaited<ReturnType<typeof import('../mocks/server.ts').createEnvironment>>): Promise<BenchSample> {
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
