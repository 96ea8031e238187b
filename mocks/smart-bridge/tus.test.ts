import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft, expectStatus } from './flow-helpers.ts';
import { parseUploadMetadata } from './uploads.ts';
import { metadata, pdf, setup, upload, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

const TUS = { 'tus-resumable': '1.0.0' };
const MIB = 1024 * 1024;

function create(
  length: number | undefined,
  meta: Record<string, string> | string | undefined,
  extra: Record<string, string> = {},
) {
  return env.call('POST', '/uploads', env.bankKey, undefined, {
    ...TUS,
    ...(length === undefined ? {} : { 'upload-length': String(length) }),
    ...(meta === undefined ? {} : { 'upload-metadata': typeof meta === 'string' ? meta : metadata(meta) }),
    ...extra,
  });
}

function patch(id: string, offset: number, bytes: Buffer, headers: Record<string, string> = {}) {
  return env.call('PATCH', `/uploads/${id}`, env.bankKey, bytes, {
    ...TUS,
    'upload-offset': String(offset),
    'content-type': 'application/offset+octet-stream',
    ...headers,
  });
}

function refused(
  res: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
  type?: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.headers['tus-resumable']).toBe('1.0.0');
  if (type) expect(res.json().type).toBe(`urn:kdp-conformance:problem:${type}`);
  return res.json();
}

const DOC = { filename: 'Техническая документация.pdf', filetype: 'application/pdf', kind: 'technical-documentation' };

describe('tus 1.0 uploads', () => {
  it('T-SB-5: OPTIONS announces version, extensions and the largest size', async () => {
    const res = await env.call('OPTIONS', '/uploads', undefined);
    expect(res.statusCode).toBe(204);
    expect(res.headers).toMatchObject({
      'tus-version': '1.0.0',
      'tus-extension': 'creation,termination',
      'tus-max-size': String(20 * MIB),
      'tus-resumable': '1.0.0',
    });
  });

  it('T-SB-5, R10.1: creates, resumes at the offset HEAD reports, completes and serves the same bytes', async () => {
    const bytes = pdf(Math.floor(2.5 * MIB));
    bytes.fill(7, 100);
    const created = await create(bytes.length, DOC);
    expect(created.statusCode).toBe(201);
    expect(created.headers['tus-resumable']).toBe('1.0.0');
    const location = String(created.headers.location);
    expect(location).toMatch(/^\/smart-bridge\/api\/v1\/uploads\/[0-9a-f-]{36}$/);
    const id = location.split('/').pop()!;

    const head0 = await env.call('HEAD', `/uploads/${id}`, env.bankKey, undefined, TUS);
    expect(head0.statusCode).toBe(200);
    expect(head0.headers).toMatchObject({
      'upload-offset': '0',
      'upload-length': String(bytes.length),
      'cache-control': 'no-store',
      'upload-metadata': metadata(DOC),
    });

    const half = 1_300_000;
    const first = await patch(id, 0, bytes.subarray(0, half));
    expect(first.statusCode).toBe(204);
    expect(first.headers['upload-offset']).toBe(String(half));
    // A client that lost the answer asks where it stands and resumes there.
    const head1 = await env.call('HEAD', `/uploads/${id}`, env.bankKey, undefined, TUS);
    expect(head1.headers['upload-offset']).toBe(String(half));
    expect((await env.call('GET', `/uploads/${id}`, env.bankKey)).statusCode).toBe(409);
    const second = await patch(id, half, bytes.subarray(half));
    expect(second.headers['upload-offset']).toBe(String(bytes.length));

    const got = await env.call('GET', `/uploads/${id}`, env.bankKey);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(DOC.filename)}`);
    expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
    // Stored as base64 chunks of at most 1 MiB in the Store.
    expect(await env.store.collection('smart-bridge-upload-chunks').count({ where: { uploadId: id } })).toBe(4);

    const app = await draft(env);
    const attached = await env.call('POST', `/applications/${app}/attachments`, env.bankKey, { uploadId: id });
    expect(attached.json().attachments).toEqual([
      {
        uploadId: id,
        kind: 'technical-documentation',
        filename: DOC.filename,
        filetype: 'application/pdf',
        size: bytes.length,
        attachedAt: expect.any(String),
      },
    ]);
  });

  it('T-SB-5: refuses a request without Tus-Resumable 1.0.0 with 412 and Tus-Version', async () => {
    const res = await env.call('POST', '/uploads', env.bankKey, undefined, {
      'upload-length': '10',
      'upload-metadata': metadata(DOC),
    });
    refused(res, 412, 'tus-version-unsupported');
    expect(res.headers['tus-version']).toBe('1.0.0');
    refused(
      await env.call('POST', '/uploads', env.bankKey, undefined, { 'tus-resumable': '0.2.2', 'upload-length': '10' }),
      412,
    );
  });

  it('T-SB-5: refuses creation without Upload-Length, with a deferred length or with a malformed length', async () => {
    refused(await create(undefined, DOC), 400, 'upload-length-required');
    refused(await create(undefined, DOC, { 'upload-defer-length': '1' }), 400, 'tus-extension-unsupported');
    refused(await create(undefined, DOC, { 'upload-length': '-5' }), 400, 'validation');
    refused(await create(0, DOC), 400, 'upload-empty');
  });

  it('T-SB-5: refuses malformed metadata and metadata without filename, filetype or a known kind', async () => {
    const p = refused(await create(10, 'filename YS5wZGY='), 400, 'upload-metadata-invalid');
    expect(p.errors).toEqual([
      { field: 'headers/upload-metadata/filetype', message: expect.any(String) },
      { field: 'headers/upload-metadata/kind', message: expect.any(String) },
    ]);
    refused(await create(10, 'filename a b c'), 400, 'upload-metadata-invalid');
    refused(await create(10, 'filename !!!'), 400, 'upload-metadata-invalid');
    refused(await create(10, `${metadata(DOC)},kind b3RoZXI=`), 400, 'upload-metadata-invalid');
    refused(await create(10, { ...DOC, kind: 'selfie' }), 400, 'upload-metadata-invalid');
  });

  it('T-SB-5: refuses a type the kind does not accept with 415, and a size over its limit with 413', async () => {
    const t = refused(
      await create(10, { ...DOC, kind: 'is-test-protocol', filetype: 'application/zip' }),
      415,
      'unsupported-media-type',
    );
    expect(t).toMatchObject({ kind: 'is-test-protocol', accepted: ['application/pdf'] });
    const s = refused(await create(10 * MIB + 1, { ...DOC, kind: 'testing-act' }), 413, 'upload-too-large');
    expect(s).toMatchObject({ kind: 'testing-act', maxBytes: 10 * MIB });
    expect((await create(10 * MIB, { ...DOC, kind: 'testing-act' })).statusCode).toBe(201);
  });

  it('T-SB-5: refuses content that does not start like the declared type', async () => {
    const created = await create(100, DOC);
    const id = String(created.headers.location).split('/').pop()!;
    refused(await patch(id, 0, Buffer.alloc(100, 0x4d)), 415, 'unsupported-media-type');
    // Even when the declared magic arrives one byte at a time.
    expect((await patch(id, 0, Buffer.from('%P'))).statusCode).toBe(204);
    refused(await patch(id, 2, Buffer.from('X')), 415);
  });

  it('T-SB-5: answers a wrong offset with 409 and the current offset, and bytes past the length with 413', async () => {
    const created = await create(100, DOC);
    const id = String(created.headers.location).split('/').pop()!;
    expect((await patch(id, 0, pdf(40))).statusCode).toBe(204);
    expect(refused(await patch(id, 0, pdf(10)), 409, 'upload-offset-mismatch')).toMatchObject({ offset: 40 });
    refused(await patch(id, 60, Buffer.alloc(10)), 409, 'upload-offset-mismatch');
    refused(await patch(id, 40, Buffer.alloc(61)), 413, 'upload-exceeds-length');
    const head = await env.call('HEAD', `/uploads/${id}`, env.bankKey, undefined, TUS);
    expect(head.headers['upload-offset']).toBe('40');
  });

  it('T-SB-5: refuses a PATCH that is not application/offset+octet-stream with 415', async () => {
    const created = await create(100, DOC);
    const id = String(created.headers.location).split('/').pop()!;
    refused(await patch(id, 0, Buffer.from('%PDF-'), { 'content-type': 'application/octet-stream' }), 415);
    refused(
      await env.call('PATCH', `/uploads/${id}`, env.bankKey, { a: 1 }, { ...TUS, 'upload-offset': '0' }),
      415,
      'unsupported-media-type',
    );
    refused(
      await env.call('PATCH', `/uploads/${id}`, env.bankKey, Buffer.from('%PDF-'), {
        ...TUS,
        'content-type': 'application/offset+octet-stream',
      }),
      400,
      'validation',
    );
  });

  it('T-SB-5: terminates an upload, after which it is gone; an attached upload cannot be terminated', async () => {
    const id = await upload(env, env.bankKey, 'other', pdf(50));
    expect((await env.call('DELETE', `/uploads/${id}`, env.bankKey, undefined, TUS)).statusCode).toBe(204);
    const head = await env.call('HEAD', `/uploads/${id}`, env.bankKey, undefined, TUS);
    expect(head.statusCode).toBe(404);
    expect(head.headers['tus-resumable']).toBe('1.0.0');
    refused(await env.call('GET', `/uploads/${id}`, env.bankKey), 404, 'upload-not-found');
    expect(await env.store.collection('smart-bridge-upload-chunks').count({ where: { uploadId: id } })).toBe(0);

    const kept = await upload(env, env.bankKey, 'other', pdf(50));
    const app = await draft(env);
    expectStatus(await env.call('POST', `/applications/${app}/attachments`, env.bankKey, { uploadId: kept }), 200);
    refused(await env.call('DELETE', `/uploads/${kept}`, env.bankKey, undefined, TUS), 409, 'upload-attached');
  });

  it('T-SB-5: attaches only complete uploads, once, and each kind only in the statuses that allow it', async () => {
    const app = await draft(env);
    const created = await create(100, DOC);
    const partial = String(created.headers.location).split('/').pop()!;
    expect(
      (await env.call('POST', `/applications/${app}/attachments`, env.bankKey, { uploadId: partial })).json().type,
    ).toMatch(/upload-incomplete/);

    const act = await upload(env, env.bankKey, 'testing-act', pdf(50));
    const early = await env.call('POST', `/applications/${app}/attachments`, env.bankKey, { uploadId: act });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ requirement: 'R11', currentStatus: 'draft', allowed: ['testing'] });

    const other = await upload(env, env.bankKey, 'other', pdf(50));
    expectStatus(await env.call('POST', `/applications/${app}/attachments`, env.bankKey, { uploadId: other }), 200);
    const again = await env.call('POST', `/applications/${app}/attachments`, env.bankKey, { uploadId: other });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toMatch(/upload-attached/);
  });

  it('T-SB-5: parses Upload-Metadata pairs, with empty values allowed', () => {
    expect(parseUploadMetadata('filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential')).toEqual({
      filename: 'world_domination_plan.pdf',
      is_confidential: '',
    });
    expect(parseUploadMetadata('')).toEqual({});
  });
});
