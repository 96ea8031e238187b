import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, draft, exchange, expectStatus, ORG_PUBLIC_PEM, testing } from './flow-helpers.ts';
import { BANK_BIN, COMPANY_BIN, pdf, setup, upload, validForm, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

const TUS = { 'tus-resumable': '1.0.0' };

/**
 * Tenancy: an organisation reaches only its own applications and uploads. Another organisation's
 * are answered exactly like ids that do not exist (404), so that probing ids reveals nothing; the
 * authorized body reads everything and decides, but never acts for an organisation (403).
 */
describe('tenancy: every cross-tenant read and write is refused', () => {
  async function victim() {
    const { id } = await testing(env);
    const bankUpload = await upload(env, env.bankKey, 'other', pdf(100));
    const org = { ...validForm(COMPANY_BIN).organisation, kind: 'company' as const };
    const companyApp = await draft(env, validForm(COMPANY_BIN, { organisation: org, ways: ['sms'] }), env.companyKey);
    const companyUpload = await upload(env, env.companyKey, 'other', pdf(100));
    return { id, bankUpload, companyApp, companyUpload };
  }

  it("T-SB-2, R4: another organisation's application answers 404 to every read and write, like one that does not exist", async () => {
    const { id, companyUpload } = await victim();
    const ghost = crypto.randomUUID();
    const requests: [string, string, unknown?][] = [
      ['GET', ''],
      ['GET', '/history'],
      ['PUT', '', validForm(COMPANY_BIN)],
      ['POST', '/submit'],
      ['POST', '/withdraw', {}],
      ['POST', '/revise'],
      ['POST', '/approve', {}],
      ['POST', '/reject', { reasons: [{ message: 'x' }] }],
      ['POST', '/attachments', { uploadId: companyUpload }],
      ['POST', '/signature-keys', { pem: ORG_PUBLIC_PEM }],
      ['POST', '/credentials/test'],
      ['POST', '/credentials/prod'],
      ['POST', '/testing-act', await act(env, id, [exchange(env)])],
      ['POST', '/testing-act/accept', {}],
      ['POST', '/testing-act/reject', { reasons: [{ message: 'x' }] }],
    ];
    const before = (await env.call('GET', `/applications/${id}`, env.bankKey)).json();
    const historyBefore = (await env.call('GET', `/applications/${id}/history`, env.bankKey)).json();
    for (const [method, path, body] of requests) {
      const real = await env.call(method, `/applications/${id}${path}`, env.companyKey, body);
      const missing = await env.call(method, `/applications/${ghost}${path}`, env.companyKey, body);
      expect(real.statusCode, `${method} ${path}`).toBe(404);
      expect(String(real.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(real.json(), `${method} ${path}`).toEqual(missing.json());
      expect(real.json().type).toBe('urn:kdp-conformance:problem:application-not-found');
    }
    expect((await env.call('GET', `/applications/${id}`, env.bankKey)).json()).toEqual(before);
    expect((await env.call('GET', `/applications/${id}/history`, env.bankKey)).json()).toEqual(historyBefore);
    expect(env.credentials.issued).toHaveLength(1);
  });

  it("T-SB-2: another organisation's upload answers 404 to HEAD, GET, PATCH and DELETE, and cannot be attached", async () => {
    const { bankUpload, companyApp } = await victim();
    const ghost = crypto.randomUUID();
    const requests: [string, Record<string, string>, Buffer?][] = [
      ['HEAD', TUS],
      ['GET', {}],
      [
        'PATCH',
        { ...TUS, 'upload-offset': '100', 'content-type': 'application/offset+octet-stream' },
        Buffer.from('x'),
      ],
      ['DELETE', TUS],
    ];
    for (const [method, headers, body] of requests) {
      const real = await env.call(method, `/uploads/${bankUpload}`, env.companyKey, body, headers);
      const missing = await env.call(method, `/uploads/${ghost}`, env.companyKey, body, headers);
      expect(real.statusCode, method).toBe(404);
      expect(real.body, method).toBe(missing.body);
    }
    const attach = await env.call('POST', `/applications/${companyApp}/attachments`, env.companyKey, {
      uploadId: bankUpload,
    });
    expect(attach.statusCode).toBe(404);
    expect(attach.json().type).toBe('urn:kdp-conformance:problem:upload-not-found');
    // Still the bank's, untouched.
    const head = await env.call('HEAD', `/uploads/${bankUpload}`, env.bankKey, undefined, TUS);
    expect(head.headers['upload-offset']).toBe('100');
  });

  it('T-SB-2: the authorized body reads every application and its history but never acts for the organisation', async () => {
    const { id } = await victim();
    expect((await env.call('GET', `/applications/${id}`, env.authorityKey)).statusCode).toBe(200);
    expect((await env.call('GET', `/applications/${id}/history`, env.authorityKey)).statusCode).toBe(200);
    const orgActions: [string, string, unknown?][] = [
      ['PUT', '', validForm(BANK_BIN)],
      ['POST', '/submit'],
      ['POST', '/withdraw', {}],
      ['POST', '/revise'],
      ['POST', '/signature-keys', { pem: ORG_PUBLIC_PEM }],
      ['POST', '/credentials/test'],
      ['POST', '/credentials/prod'],
    ];
    for (const [method, path, body] of orgActions) {
      const res = await env.call(method, `/applications/${id}${path}`, env.authorityKey, body);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
      expect(res.json().type).toBe('urn:kdp-conformance:problem:forbidden');
    }
    expect(
      (
        await env.call('POST', '/uploads', env.authorityKey, undefined, {
          ...TUS,
          'upload-length': '10',
          'upload-metadata': 'kind b3RoZXI=,filename YS5wZGY=,filetype YXBwbGljYXRpb24vcGRm',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('T-SB-2: the authorized body downloads attached documents only', async () => {
    const { id, bankUpload } = await victim();
    const app = (await env.call('GET', `/applications/${id}`, env.authorityKey)).json();
    const attached = app.attachments.find((a: { kind: string }) => a.kind === 'technical-documentation').uploadId;
    const doc = await env.call('GET', `/uploads/${attached}`, env.authorityKey);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await env.call('GET', `/uploads/${bankUpload}`, env.authorityKey)).statusCode).toBe(404);
  });
});

describe('authentication', () => {
  it('T-SB-1: refuses a call without a key, with a malformed, unknown or revoked key, as problem+json with WWW-Authenticate', async () => {
    const issued = await env.bridge.apiKeys.issue({ role: 'organisation', bin: BANK_BIN }, 'to be revoked');
    expect(await env.bridge.apiKeys.revoke(issued.keyId)).toBe(true);
    expect(await env.bridge.apiKeys.revoke(issued.keyId)).toBe(false);
    for (const key of [undefined, 'not-a-key', `sbo_${'A'.repeat(43)}`, issued.apiKey]) {
      const res = await env.call('GET', '/applications', key);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="smart-bridge"');
      expect(res.json()).toMatchObject({ type: 'urn:kdp-conformance:problem:unauthorized', status: 401 });
    }
    const basic = await env.app.inject({
      method: 'GET',
      url: '/smart-bridge/api/v1/applications',
      headers: { authorization: `Basic ${env.bankKey}` },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('T-SB-1: tells the caller who it is', async () => {
    expect((await env.call('GET', '/me', env.bankKey)).json()).toMatchObject({ role: 'organisation', bin: BANK_BIN });
    expect((await env.call('GET', '/me', env.authorityKey)).json()).toMatchObject({
      role: 'authority',
      name: 'Reviewer One',
    });
  });

  it('T-SB-1: keeps only a digest of each key', async () => {
    const stored = JSON.stringify(await env.store.collection('smart-bridge-api-keys').find());
    expect(stored).not.toContain(env.bankKey);
    expect(stored).not.toContain(env.bankKey.slice(4));
  });

  it('T-SB-1: refuses to issue a key for an invalid BIN or a nameless reviewer', async () => {
    await expect(env.bridge.apiKeys.issue({ role: 'organisation', bin: '123456789012' })).rejects.toMatchObject({
      code: 'validation',
      extra: { errors: [{ field: 'body/bin' }] },
    });
    await expect(env.bridge.apiKeys.issue({ role: 'authority', name: ' ' })).rejects.toMatchObject({
      code: 'validation',
      extra: { errors: [{ field: 'body/name' }] },
    });
  });

  it('T-SB-1: serves the OpenAPI document and tus discovery without a key', async () => {
    expect((await env.call('GET', '/openapi.json', undefined)).statusCode).toBe(200);
    expect((await env.call('OPTIONS', '/uploads', undefined)).statusCode).toBe(204);
  });
});

describe('unknown routes', () => {
  it('T-SB-3: answer problem+json', async () => {
    const res = await env.call('GET', '/nowhere', env.bankKey);
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('urn:kdp-conformance:problem:not-found');
    expectStatus(await env.call('GET', '/applications', env.bankKey), 200);
  });
});
