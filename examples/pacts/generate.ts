/**
 * The example integrator pacts of examples/pacts/, generated (never edited by hand):
 *
 *   npx tsx examples/pacts/generate.ts     # rewrites correct.json, wrong.json and plugin.json
 *
 * - correct.json: what a bank's initiator would record — an SMS consent, its approval, the person
 *   record — and an own-means request whose security token was signed when the pact was recorded,
 *   verified in replay mode. `kdp-conformance contracts verify` passes it.
 * - wrong.json: five interactions the state service would not honour, each for its own reason.
 * - plugin.json: a pact that declares a Pact plugin; the verifier refuses it.
 *
 * examples/pacts/pacts.test.ts regenerates them and fails if the files differ.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED } from '../../fixtures/fixture-set.ts';
import { pickRsaKeyPair } from '../../fixtures/keys.ts';
import {
  defaultFixtures,
  EXAMPLE_DATE,
  examplePem,
  exampleToken,
  exampleUuid,
  response,
  SOAP_UTF8,
  USER_DATA_RESPONSE_TYPE,
  userData,
  type ContractInteraction,
} from '../../contracts/catalogue.ts';
import { generatePact } from '../../contracts/consumer.ts';
import { STATES } from '../../contracts/states.ts';
import { jwsLike, pemPublicKeyLike, twelveDigits, uuidLike } from '../../contracts/soap-xml.ts';
import { signOvt, USER_DATA_REQUEST_TYPE } from '../../contracts/wire.ts';

const NAMES = { consumer: 'example-bank-initiator', provider: 'kdp-conformance-shep' };
/** When the own-means interaction was "recorded": its security token is valid around this instant only. */
export const RECORDED_AT = '2026-03-02T10:00:00.000+06:00';

const f = defaultFixtures();
const bank = f.org('bank');
const sms = f.org('sms-only-company');
const org = (o: typeof bank) => ({
  name: STATES.organisation,
  params: { bin: o.bin, senderId: o.credentials.test.senderId, password: o.credentials.test.password },
});
const subject = (i: number) => ({ name: STATES.subject, params: { iin: f.subject(i).iin } });

function request(label: string, o: typeof bank, serviceId: string, data: ContractInteraction['request']['data']) {
  return {
    serviceId,
    messageId: exampleUuid(`${label}:request`),
    messageDate: EXAMPLE_DATE,
    sender: o.credentials.test,
    ...(data ? { data } : {}),
    ...(serviceId === 'KDP_SERVICE' ? { dataType: USER_DATA_REQUEST_TYPE } : {}),
  };
}

const status = (s: string, label: string, token: boolean) => [
  { name: 'status', value: s },
  ...(token
    ? [
        { name: 'code', value: jwsLike(exampleToken(label)) },
        { name: 'public-key', value: pemPublicKeyLike(examplePem(label)) },
      ]
    : []),
  { name: 'requestId', value: uuidLike(exampleUuid(`${label}:consent`)) },
];

/** A security token signed by the bank's fixture key at RECORDED_AT (RS256: the same bytes on every run). */
async function recordedOvt(iin: string): Promise<string> {
  const key = await pickRsaKeyPair({ seed: DEFAULT_SEED, index: 0 });
  return signOvt(
    { privateJwk: key.privateJwk, kid: key.kid, alg: 'RS256' },
    {
      cbin: bank.bin,
      uin: iin,
      accessName: 'GBDFLUniversal_token',
      audience: 'urn:kdp-conformance:test:KDP_SERVICE',
      nowSec: Math.floor(Date.parse(RECORDED_AT) / 1000),
      jti: exampleUuid('recorded ovt'),
    },
  );
}

function ownMeans(label: string, iin: string, ovt: string, replay: boolean): ContractInteraction {
  return {
    description: label,
    states: [
      org(bank),
      { name: STATES.subject, params: { iin } },
      ...(replay ? [{ name: STATES.replay, params: { recordedAt: RECORDED_AT } }] : []),
    ],
    requirements: ['R7.2', 'R2.8'],
    request: request(
      label,
      bank,
      'KDP_SERVICE',
      userData(bank, iin, 'GBDFLUniversal_token', [
        { name: 'consentWay', value: 'own-means' },
        { name: 'omit-sms', value: 'true' },
        // Recorded as it was sent: no matcher, the signed value itself.
        { name: 'ovt', value: ovt },
      ]),
    ),
    answer: response(label, status('APPROVED', label, true), USER_DATA_RESPONSE_TYPE),
    contentType: SOAP_UTF8,
  };
}

export async function correctInteractions(): Promise<ContractInteraction[]> {
  const l1 = 'a consent request by SMS waits for the subject';
  const l2 = 'the consent request asked again once the subject entered the code';
  const l3 = 'the person record against the access token';
  const iin = f.subject(16).iin;
  return [
    {
      description: l1,
      states: [org(sms), subject(16)],
      requirements: ['R7.5'],
      request: request(l1, sms, 'KDP_SERVICE', userData(sms, iin, 'GBDFLUniversal_token')),
      answer: response(l1, status('PENDING', l1, false), USER_DATA_RESPONSE_TYPE),
      contentType: SOAP_UTF8,
    },
    {
      description: l2,
      states: [
        org(sms),
        subject(17),
        {
          name: STATES.consent,
          params: {
            bin: sms.bin,
            iin: f.subject(17).iin,
            accessName: 'GBDFLUniversal_token',
            way: 'sms',
            status: 'APPROVED',
            requestId: exampleUuid(`${l2}:consent`),
          },
        },
      ],
      requirements: ['R7.5', 'T-KDP-3'],
      request: request(
        l2,
        sms,
        'KDP_SERVICE',
        userData(sms, f.subject(17).iin, 'GBDFLUniversal_token', [
          { name: 'requestId', value: uuidLike(exampleUuid(`${l2}:consent`)) },
        ]),
      ),
      answer: response(l2, status('APPROVED', l2, true), USER_DATA_RESPONSE_TYPE),
      contentType: SOAP_UTF8,
    },
    {
      description: l3,
      states: [
        org(sms),
        subject(18),
        {
          name: STATES.token,
          params: {
            bin: sms.bin,
            iin: f.subject(18).iin,
            accessName: 'GBDFLUniversal_token',
            kdpToken: exampleToken(l3),
            publicKey: examplePem(l3),
          },
        },
      ],
      requirements: ['R3'],
      request: request(l3, sms, 'GBDFLUniversal_token', [
        { name: 'messageId', value: uuidLike(exampleUuid(`${l3}:data`)) },
        { name: 'messageDate', value: EXAMPLE_DATE },
        { name: 'senderCode', value: sms.credentials.test.senderId },
        { name: 'iin', value: twelveDigits(f.subject(18).iin) },
        { name: 'kdpToken', value: jwsLike(exampleToken(l3)) },
        { name: 'publicKey', value: pemPublicKeyLike(examplePem(l3)) },
      ]),
      answer: response(l3, [
        { name: 'iin', value: twelveDigits(f.subject(18).iin) },
        { name: 'person', children: [{ name: 'iin', value: twelveDigits(f.subject(18).iin) }] },
      ]),
      contentType: SOAP_UTF8,
    },
    ownMeans(
      'own means with the security token signed when the pact was recorded (replay mode)',
      f.subject(19).iin,
      await recordedOvt(f.subject(19).iin),
      true,
    ),
  ];
}

/** Each interaction is one mistake an initiator's pact can make; the verifier names each. */
export async function wrongInteractions(): Promise<ContractInteraction[]> {
  const w1 = 'expects a new SMS request to be approved at once';
  const w2 = 'relies on a provider state the environment does not know';
  const w3 = 'expects a success for an IIN with a wrong check digit';
  const w4 = 'replays an own-means security token that has expired, without replay mode';
  const w5 = 'calls the data service with a token the state service never issued';
  const good = f.subject(16).iin;
  const bad = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
  return [
    {
      description: w1,
      states: [org(sms), subject(16)],
      requirements: ['R7.5'],
      request: request(w1, sms, 'KDP_SERVICE', userData(sms, good, 'GBDFLUniversal_token')),
      answer: response(w1, status('APPROVED', w1, true), USER_DATA_RESPONSE_TYPE),
      contentType: SOAP_UTF8,
    },
    {
      description: w2,
      states: [org(sms), { name: 'the subject has already consented', params: { iin: good } }],
      requirements: ['R7.5'],
      request: request(w2, sms, 'KDP_SERVICE', userData(sms, good, 'MCDB_SERVICE')),
      answer: response(w2, status('APPROVED', w2, true), USER_DATA_RESPONSE_TYPE),
      contentType: SOAP_UTF8,
    },
    {
      description: w3,
      states: [org(sms)],
      requirements: ['T-KDP-1'],
      request: request(
        w3,
        sms,
        'KDP_SERVICE',
        userData(sms, good, 'GBDFLUniversal_token').map((n) => (n.name === 'uin' ? { name: 'uin', value: bad } : n)),
      ),
      answer: response(w3, status('PENDING', w3, false), USER_DATA_RESPONSE_TYPE),
      contentType: SOAP_UTF8,
    },
    ownMeans(w4, f.subject(19).iin, await recordedOvt(f.subject(19).iin), false),
    {
      description: w5,
      states: [org(sms), subject(18)],
      requirements: ['R3'],
      request: request(w5, sms, 'MCDB_SERVICE', [
        { name: 'messageId', value: uuidLike(exampleUuid(`${w5}:data`)) },
        { name: 'messageDate', value: EXAMPLE_DATE },
        { name: 'senderCode', value: sms.credentials.test.senderId },
        { name: 'iin', value: twelveDigits(f.subject(18).iin) },
        { name: 'kdpToken', value: exampleToken(w5) },
      ]),
      answer: response(w5, [{ name: 'mobilePhone', value: f.subject(18).phone }]),
      contentType: SOAP_UTF8,
    },
  ];
}

/** The correct pact with a plugin declared, as a pact written with a Pact plugin would carry it. */
export function withPlugin(pactJson: string): string {
  const pact = JSON.parse(pactJson) as { metadata: Record<string, unknown> };
  pact.metadata.plugins = [{ name: 'soap', version: '0.1.0', configuration: {} }];
  return `${JSON.stringify(pact, null, 2)}\n`;
}

export async function generateExamplePacts(): Promise<Record<'correct' | 'wrong' | 'plugin', string>> {
  const correct = await generatePact(await correctInteractions(), NAMES);
  const wrong = await generatePact(await wrongInteractions(), { ...NAMES, consumer: 'example-wrong-initiator' });
  return { correct, wrong, plugin: withPlugin(correct) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pacts = await generateExamplePacts();
  for (const [name, json] of Object.entries(pacts)) await writeFile(new URL(`./${name}.json`, import.meta.url), json);
}
