import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, exchange, expectStatus, testing } from '../mocks/smart-bridge/flow-helpers.ts';
import { BANK_BIN, setup, upload, type Env } from '../mocks/smart-bridge/test-support.ts';
import { buildReport } from './build.ts';
import { makeBundle, zipFiles } from './bundle.ts';
import { generateHarnessKey, jwksOf } from './sign/keys.ts';
import { testingActBundles } from './smart-bridge.ts';
import { manifestOnlyZip, passingRun, TEST_CATALOGUE } from './test-support.ts';

describe('R11 the mock Smart Bridge and a signed testing-act bundle', () => {
  let env: Env;
  let key: Awaited<ReturnType<typeof generateHarnessKey>>['key'];
  beforeEach(async () => {
    key = (await generateHarnessKey()).key;
    env = await setup({ bundles: testingActBundles() });
  });
  afterEach(() => env.close());

  async function fileBundle(bundle: (messageId: string) => Promise<Uint8Array>) {
    const { id } = await testing(env);
    const messageId = exchange(env);
    const bytes = Buffer.from(await bundle(messageId));
    const zip = await upload(env, env.bankKey, 'testing-act', bytes, 'application/zip', 'kdp-conformance.zip');
    expectStatus(await env.call('POST', `/applications/${id}/attachments`, env.bankKey, { uploadId: zip }), 200);
    const res = await env.call(
      'POST',
      `/applications/${id}/testing-act`,
      env.bankKey,
      await act(env, id, [messageId], { attachmentId: zip }),
    );
    return { id, res };
  }
  const signed = async (messageId: string) => {
    const report = buildReport(passingRun(BANK_BIN, messageId), { catalogue: TEST_CATALOGUE });
    expect(report.verdict).toBe('PASSED');
    expect(report.testingAct?.messageId).toBe(messageId);
    return (await makeBundle(report, key)).bytes;
  };

  it("accepts the bundle a run wrote, citing the act's exchange, and the authority can accept the act", async () => {
    const { id, res } = await fileBundle(signed);
    expectStatus(res, 200);
    expect(res.json().status).toBe('act-under-review');
    expectStatus(await env.call('POST', `/applications/${id}/testing-act/accept`, env.authorityKey, {}), 200);
  });

  it('refuses a bundle altered after signing: one byte of the evidence in the report', async () => {
    const { res } = await fileBundle(async (m) => {
      const files = unzipSync(await signed(m));
      const text = new TextDecoder().decode(files['report.json']);
      files['report.json'] = strToU8(text.replace('[iin]', '[IIN]'));
      return zipFiles(files);
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'body/attachmentId', requirement: 'R11' });
    expect(res.json().errors[0].message).toMatch(/refused: digest report\.json/);
  });

  it('refuses an unsigned bundle', async () => {
    const { res } = await fileBundle(async (m) => {
      const { 'manifest.jws': _jws, ...files } = unzipSync(await signed(m));
      return zipFiles(files);
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].message).toMatch(/manifest\.jws is missing: the bundle is unsigned/);
  });

  it('refuses a hostile upload cleanly: a hand-made manifest listing `constructor`', async () => {
    const { id, res } = await fileBundle(async () => manifestOnlyZip('constructor'));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors[0]).toMatchObject({ field: 'body/attachmentId', requirement: 'R11' });
    expect(res.json().errors[0].message).toMatch(/^the signed conformance bundle is refused: manifest: /);
    // The platform is still serving, the application untouched.
    expectStatus(await env.call('GET', `/applications/${id}`, env.bankKey), 200);
  });

  it('refuses an uploaded zip bomb before inflating it', async () => {
    const { res } = await fileBundle(async (m) =>
      zipSync({ ...unzipSync(await signed(m)), 'report.html': new Uint8Array(8 << 20) }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].message).toMatch(/refused: bundle: report\.html inflates \d+× \(a zip bomb\?\)/);
  });

  it('with a pinned harness key, refuses a bundle signed by any other key', async () => {
    await env.close();
    const pinned = (await generateHarnessKey()).key;
    env = await setup({ bundles: testingActBundles({ jwks: jwksOf(pinned) }) });
    const { res } = await fileBundle(signed);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].message).toMatch(/signature: no key of the JWKS matches/);
  });
});
