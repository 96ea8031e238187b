/**
 * Records the evidence the checks' unit tests judge: a good initiator (examples/initiator) drives
 * the real in-process environment through SMS consent with polling, own means, both data services,
 * a refusal and a transient fault; the gateway's journal is written to recorded.json with what the
 * checks need to know of the sender. Bad evidence in the tests is this record, altered.
 *
 *   npx tsx suites/testing/record-evidence.ts   (rewrites suites/testing/recorded.json)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InitiatorClient } from '../../examples/initiator/client.ts';
import { VirtualClock } from '../../mocks/clock/clock.ts';
import { createInMemoryEnvironment } from '../../mocks/msw.ts';
import { forEnvironment } from '../../mocks/kdp/profile.ts';
import { signOvt } from '../../protocol/kdp/index.ts';
import type { RecordedEvidence } from './recorded.ts';

const START = Date.UTC(2026, 2, 2, 4, 0, 0);
let fake = START;
const clock = new VirtualClock({}, () => fake);
const tick = (ms: number) => void (fake += ms);

const env = await createInMemoryEnvironment({ clock, subjects: 6, seed: 236 });
const bank = env.fixtures.organisations.find((o) => o.kind === 'bank')!;
const post = async (path: string, xml: string) =>
  (
    await env.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      payload: xml,
    })
  ).body;
let n = 0;
const client = new InitiatorClient(
  post,
  { bin: bank.bin, name: bank.name, credentials: bank.credentials, signingKey: { ...bank.keys.ec, alg: 'ES256' } },
  'test',
  () => clock.nowMs(),
  () => `rec-${String(++n).padStart(4, '0')}-${START}`,
);
const [s1, s2, s3] = env.fixtures.subjects;
const purpose = 'Проверка личности заёмщика при выдаче кредита';

// 1. SMS: PENDING, the code on the phone, polls 1 s then 2 s apart with correlationId, APPROVED, data.
const first = await client.requestConsent(s1!.iin, 'GBDFLUniversal_token', { personal_data_name: purpose });
tick(1000);
await client.requestConsent(
  s1!.iin,
  'GBDFLUniversal_token',
  { personal_data_name: purpose },
  {
    correlationId: first.requestId!,
  },
);
const sms = (
  await env.app.inject({ url: `/sms/api/v1/phones/${encodeURIComponent(s1!.phone)}/messages/latest` })
).json();
await env.app.inject({
  method: 'POST',
  url: `/sms/api/v1/phones/${encodeURIComponent(s1!.phone)}/replies`,
  payload: { text: /\b(\d{6})\b/.exec(sms.text)![1] },
});
tick(2000);
const approved = await client.requestConsent(
  s1!.iin,
  'GBDFLUniversal_token',
  { personal_data_name: purpose },
  {
    correlationId: first.requestId!,
  },
);
tick(300);
await client.fetchData('GBDFLUniversal_token', s1!.iin, { code: approved.code!, publicKey: approved.publicKey! });

// 2. Own means, approved at once; the mobile number.
tick(500);
const ovt = await signOvt(
  { ...bank.keys.ec, alg: 'ES256' },
  {
    cbin: bank.bin,
    uin: s2!.iin,
    accessName: 'MCDB_SERVICE',
    audience: forEnvironment(env.kdp.state.profile.ovt.audience, 'test'),
    nowSec: Math.floor(clock.nowMs() / 1000),
    jti: `jti-${START}`,
  },
);
const own = await client.requestConsent(s2!.iin, 'MCDB_SERVICE', {
  personal_data_name: 'Номер телефона для связи по кредиту',
  'omit-sms': true,
  ovt,
});
tick(300);
await client.fetchData('MCDB_SERVICE', s2!.iin, { code: own.code!, publicKey: own.publicKey! });

// 3. A refusal: a subject the state service does not know (KDP-107), not retried.
tick(500);
const unknown = '900101300017';
await client.requestConsent(unknown, 'GBDFLUniversal_token', { personal_data_name: purpose }).catch(() => undefined);

// 4. A transient fault (injected, faultcode Server), retried with a new messageId.
env.faults.update({
  shepFaults: [{ serviceId: 'KDP_SERVICE', errorCode: 'ESYS001', errorMessage: 'down', remaining: 1 }],
});
tick(500);
await client.requestConsent(s3!.iin, 'MCDB_SERVICE', { personal_data_name: purpose }).catch(() => undefined);
tick(1000);
const retried = await client.requestConsent(s3!.iin, 'MCDB_SERVICE', { personal_data_name: purpose });

const journal = await env.runtime.journal.query({ channel: 'shep', limit: 1000 });
const out: RecordedEvidence = {
  recordedBy: 'suites/testing/record-evidence.ts',
  bin: bank.bin,
  name: bank.name,
  senders: { test: bank.credentials.test.senderId, prod: bank.credentials.prod.senderId },
  approvedServices: ['GBDFLUniversal_token', 'MCDB_SERVICE'],
  signingKey: bank.keys.ec.publicJwk,
  ovtAudience: forEnvironment(env.kdp.state.profile.ovt.audience, 'test'),
  subjects: [s1!.iin, s2!.iin, s3!.iin],
  pendingRequestId: retried.requestId!,
  exchanges: journal,
};
writeFileSync(fileURLToPath(new URL('./recorded.json', import.meta.url)), JSON.stringify(out, null, 1) + '\n');
await env.close();
console.log(`recorded ${journal.length} exchanges`);
