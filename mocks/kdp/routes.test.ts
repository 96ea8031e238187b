import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationFor } from '../../fixtures/index.ts';
import { createInMemoryEnvironment, type InMemoryEnvironment } from '../msw.ts';
import { testFixtures } from './testing.ts';
import { requestFields } from './testing.ts';
import { userDataRequestXml } from '../../protocol/kdp/index.ts';
import { parseXml } from '../../protocol/xml/parse.ts';
import { KDP_NS, readKdpFields } from '../../protocol/kdp/index.ts';
import { XSI_NS } from '../../protocol/shep/namespaces.ts';

let env: InMemoryEnvironment;
beforeAll(async () => {
  env = await createInMemoryEnvironment({ fixtures: await testFixtures() });
});
afterAll(async () => {
  await env.close();
});

/** A consent by SMS straight through the core, answered: the token's reference. */
async function approvedRef(subjectIndex: number): Promise<{ ref: string; requestId: string }> {
  const org = organisationFor(env.fixtures, 'sms-only-company')!;
  const subject = env.fixtures.subjects[subjectIndex]!;
  const data = parseXml(
    `<data xmlns:xsi="${XSI_NS}" xmlns:k="${KDP_NS}" xsi:type="k:getUserDataRequest">${userDataRequestXml(requestFields(org, subject))}</data>`,
  );
  const ctx = {
    environment: 'test' as const,
    senderId: org.credentials.test.senderId,
    senderBin: org.bin,
    messageId: env.runtime.random.uuid(),
    serviceId: 'KDP_SERVICE',
    messageDate: '',
    sessionId: '{x}',
    properties: {},
  };
  const view = await env.kdp.state.userDataRequest(readKdpFields(data), ctx);
  const code = /\b(\d{6})\b/.exec((await env.sms.latest(subject.phone))!.text)![1]!;
  await env.sms.reply(subject.phone, code);
  const token = (await env.kdp.state.tokens.records.find({ where: { requestId: view.requestId } }))[0]!;
  return { ref: token.ref, requestId: view.requestId };
}

describe('the KDP environment API (/kdp/api/v1)', () => {
  it("T-KDP-11 POST /revocations files a subject's revocation; GET /revocations/{id} shows it", async () => {
    const { ref } = await approvedRef(0);
    const iin = env.fixtures.subjects[0]!.iin;
    const created = await env.app.inject({ method: 'POST', url: '/kdp/api/v1/revocations', payload: { iin, ref } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'PENDING',
      tokenRef: ref,
      via: 'api',
      accessName: 'GBDFLUniversal_token',
    });
    const read = await env.app.inject({ method: 'GET', url: `/kdp/api/v1/revocations/${created.json().id}` });
    expect(read.json()).toMatchObject({ id: created.json().id, status: 'PENDING' });
  });

  it('T-KDP-11 refusals are problem+json', async () => {
    const unknown = await env.app.inject({
      method: 'POST',
      url: '/kdp/api/v1/revocations',
      payload: { iin: env.fixtures.subjects[1]!.iin, ref: 'NOPE' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(
      (await env.app.inject({ method: 'POST', url: '/kdp/api/v1/revocations', payload: { iin: 'x' } })).statusCode,
    ).toBe(400);
    expect((await env.app.inject({ method: 'GET', url: '/kdp/api/v1/revocations/none' })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: '/kdp/api/v1/requests/none' })).statusCode).toBe(404);
    const staging = await env.app.inject({ method: 'GET', url: '/kdp/api/v1/public-keys/staging' });
    expect(staging.statusCode).toBe(400);
    expect(staging.json().errors[0].field).toBe('params/environment');
  });

  it("T-KDP-11 GET /revocations?iin lists a subject's requests; the officer's decision revokes the token once", async () => {
    const { ref } = await approvedRef(2);
    const iin = env.fixtures.subjects[2]!.iin;
    const created = await env.app.inject({ method: 'POST', url: '/kdp/api/v1/revocations', payload: { iin, ref } });
    const listed = await env.app.inject({ method: 'GET', url: `/kdp/api/v1/revocations?iin=${iin}` });
    expect(listed.json().revocations.map((r: { id: string }) => r.id)).toEqual([created.json().id]);
    const url = `/kdp/api/v1/revocations/${created.json().id}/decision`;
    const accepted = await env.app.inject({ method: 'POST', url, payload: { solution: 'ACCEPT' } });
    expect(accepted.json()).toMatchObject({ status: 'ACCEPTED', tokenRef: ref });
    const token = (await env.kdp.state.tokens.records.find({ where: { ref } }))[0]!;
    expect(token.revokedAt).toBeDefined();
    const again = await env.app.inject({ method: 'POST', url, payload: { solution: 'REJECT', reason: 'x' } });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await env.app.inject({ method: 'POST', url, payload: { solution: 'MAYBE' } })).statusCode).toBe(400);
    expect(
      (
        await env.app.inject({
          method: 'POST',
          url: '/kdp/api/v1/revocations/none/decision',
          payload: { solution: 'ACCEPT' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: '/kdp/api/v1/revocations?iin=12' })).statusCode).toBe(400);
  });

  it('T-KDP-3 GET /requests/{id} shows the way, status and decision', async () => {
    const { requestId } = await approvedRef(2);
    const r = await env.app.inject({ method: 'GET', url: `/kdp/api/v1/requests/${requestId}` });
    expect(r.json()).toMatchObject({ id: requestId, status: 'APPROVED', way: 'sms', environment: 'test' });
  });

  it('T-KDP-4 GET /public-keys/{env} is the PEM that KDP_SERVICE answers as public-key', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/kdp/api/v1/public-keys/test' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe(await env.kdp.state.tokens.publicKeyPem('test'));
  });

  it('T-KDP-3 POST /sweep expires overdue requests after the clock moves', async () => {
    const org = organisationFor(env.fixtures, 'sms-only-company')!;
    const subject = env.fixtures.subjects[3]!;
    const data = parseXml(`<data>${userDataRequestXml(requestFields(org, subject))}</data>`);
    await env.kdp.state.userDataRequest(readKdpFields(data), {
      environment: 'test',
      senderId: 's',
      senderBin: org.bin,
      messageId: 'm',
      properties: {},
    });
    env.clock.advance(6 * 60_000);
    expect((await env.app.inject({ method: 'POST', url: '/kdp/api/v1/sweep' })).json()).toEqual({ expired: 1 });
  });
});
