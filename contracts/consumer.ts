import './pact-env.ts';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { CONSUMER, PROVIDER, interactions, type ContractInteraction } from './catalogue.ts';
import { answerBody, sendMessageBody, type DataNode } from './shep-bodies.ts';
import { soapContentType } from './soap-xml.ts';
import { buildSendMessageRequest, formatShepDate, parseShepReply, type ShepReply } from './wire.ts';

/**
 * The consumer side: each interaction of the catalogue played against Pact's mock server by a
 * small SHEP client (the way an initiator writes its requests and reads the answers), which
 * asserts what an initiator relies on in the answer. Pact writes the pact file only when every
 * request matched and every assertion held: the file is generated, never edited.
 */

export const SHEP_TEST_PATH = '/test/bip-sync-wss-gost/';

/** The example of a literal or a matcher. */
function example(v: DataNode['value']): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return String((v as { value?: unknown }).value ?? '');
}

function escape(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function dataXml(nodes: readonly DataNode[]): string {
  return nodes
    .map((n) => `<${n.name}>${n.children ? dataXml(n.children) : escape(example(n.value))}</${n.name}>`)
    .join('');
}

/** The request the initiator sends: fresh message id and date, the interaction's data. */
export function consumerRequest(i: ContractInteraction, now = Date.now()): string {
  const r = i.request;
  return buildSendMessageRequest({
    requestInfo: {
      messageId: randomUUID(),
      ...(r.correlationId ? { correlationId: r.correlationId } : {}),
      serviceId: r.serviceId,
      messageDate: formatShepDate(now),
      sender: r.sender,
    },
    ...(r.data ? { dataXml: dataXml(r.data) } : {}),
    ...(r.dataType ? { dataType: r.dataType } : {}),
  });
}

/** What the initiator relies on in the answer; throws when it does not hold. */
export function assertRelied(i: ContractInteraction, reply: ShepReply): void {
  const a = i.answer;
  const fail = (why: string) => {
    throw new Error(`${i.description}: ${why}`);
  };
  if (a.kind === 'fault') {
    if (reply.kind !== 'fault') return fail('expected a SOAP fault');
    if (reply.faultcode !== a.faultcode) fail(`faultcode ${reply.faultcode}, expected ${a.faultcode}`);
    if (reply.errorInfo?.errorCode !== a.errorCode)
      fail(`errorCode ${reply.errorInfo?.errorCode}, expected ${a.errorCode}`);
    return;
  }
  if (reply.kind !== 'response') return fail(`expected a response, got fault ${reply.errorInfo?.errorCode}`);
  if (reply.responseInfo.status.code !== 'SCSS001') fail(`status ${reply.responseInfo.status.code}`);
  const check = (
    nodes: readonly DataNode[],
    el: { children: readonly { name: string; text: string; children: unknown[] }[] } | undefined,
    at: string,
  ) => {
    for (const n of nodes) {
      const got = el?.children.find((c) => c.name === n.name);
      if (!got) return fail(`${at}/${n.name} is missing`);
      if (n.children) check(n.children, got as never, `${at}/${n.name}`);
      else if (typeof n.value === 'string' && got.text.trim() !== n.value)
        fail(`${at}/${n.name} is ${got.text.trim()}, expected ${n.value}`);
      else if (
        MatchersV3.isMatcher(n.value) &&
        'regex' in n.value &&
        !new RegExp(String(n.value.regex)).test(got.text.trim())
      )
        fail(`${at}/${n.name} does not match ${String(n.value.regex)}`);
    }
  };
  if (a.data) check(a.data, reply.data as never, 'data');
}

/** Adds one interaction to the pact and plays it against the mock server. */
async function play(pact: PactV4, i: ContractInteraction): Promise<void> {
  const req = sendMessageBody(i.request);
  const ans = answerBody(i.answer);
  let builder = pact.addInteraction();
  for (const s of i.states) builder = builder.given(s.name, s.params);
  // The requirements the interaction exercises travel in the pact, for the report.
  builder = builder.comment({ key: 'requirements', value: i.requirements.join(' ') });
  await builder
    .uponReceiving(i.description)
    // Content-Type first: xmlBody only sets application/xml when no Content-Type was given.
    .withRequest('POST', SHEP_TEST_PATH, (b) =>
      b
        .headers({ 'Content-Type': soapContentType(i.contentType) })
        .xmlBody(req.body)
        .matchingRules(req.rules),
    )
    .willRespondWith(i.answer.kind === 'fault' ? 500 : 200, (b) =>
      b.headers({ 'Content-Type': soapContentType() }).xmlBody(ans.body).matchingRules(ans.rules),
    )
    .executeTest(async (server) => {
      const res = await fetch(`${server.url}${SHEP_TEST_PATH}`, {
        method: 'POST',
        headers: { 'content-type': i.contentType },
        body: consumerRequest(i),
      });
      assertRelied(i, parseShepReply(await res.text()));
    });
}

/** Plays every interaction in a fresh directory and returns the pact file Pact wrote. */
export async function generatePact(
  interactionList: ContractInteraction[] = interactions(),
  names: { consumer: string; provider: string } = { consumer: CONSUMER, provider: PROVIDER },
): Promise<string> {
  // A fresh directory each time: Pact merges into a pact file it finds.
  const dir = await mkdtemp(join(tmpdir(), 'kdp-pacts-'));
  try {
    const pact = new PactV4({ ...names, dir, logLevel: 'error' });
    for (const i of interactionList) await play(pact, i);
    return await readFile(join(dir, `${names.consumer}-${names.provider}.json`), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function pactFileName(): string {
  return `${CONSUMER}-${PROVIDER}.json`;
}
