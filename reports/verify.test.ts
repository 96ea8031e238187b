import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from './build.ts';
import { expectedFiles, makeBundle, MAX_BUNDLE_ENTRY_BYTES, zipFiles } from './bundle.ts';
import { writeArtifacts, writeBundle } from './index.ts';
import { generateHarnessKey, HARNESS_KEY_FILE, jwksOf, loadOrCreateHarnessKey, type HarnessKey } from './sign/keys.ts';
import { canonicalBytes, ORGANISATION_SIGNATURE_FILE, signDetached, type Manifest } from './sign/manifest.ts';
import { manifestOnlyZip, patchZipEntry, sampleRun, TEST_CATALOGUE } from './test-support.ts';
import { verifyBundle } from './verify.ts';

const sample = sampleRun();
const report = buildReport(sample.result, { catalogue: TEST_CATALOGUE, now: () => new Date('2026-04-01T04:30:00Z') });
let key: HarnessKey;
let other: HarnessKey;
let bundle: Uint8Array;
let files: Record<string, Uint8Array>;

beforeAll(async () => {
  key = (await generateHarnessKey()).key;
  other = (await generateHarnessKey()).key;
  const made = await makeBundle(report, key, new Date('2026-04-01T04:30:00Z'));
  bundle = made.bytes;
  files = unzipSync(bundle);
});

const flip = (bytes: Uint8Array, at: number) => {
  const copy = bytes.slice();
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};
const rezip = (patch: Record<string, Uint8Array | undefined>) => {
  const next = { ...files, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return zipFiles(next as Record<string, Uint8Array>);
};

describe('R11 the signed bundle and its offline verification', () => {
  it('holds every artifact and verifies: signature, digests, schema, summary', async () => {
    expect(Object.keys(files).sort()).toEqual(expectedFiles().sort());
    const r = await verifyBundle(bundle);
    expect(r.ok).toBe(true);
    expect(r.verdict).toMatch(
      /^VERIFIED: Bank Test core banking \(BIN \d{12}\) report verdict FAILED, signed by key .* \(not pinned/,
    );
    expect(r.steps.filter((s) => s.step.startsWith('digest ')).length).toBe(8);
    expect(r.organisationSignature).toBe('absent');
  });

  it('is reproducible: one report and key give the same manifest digests', async () => {
    const again = await makeBundle(report, key, new Date('2026-04-01T04:30:00Z'));
    expect(again.files['manifest.json']).toEqual(files['manifest.json']);
  });

  it('accepts a pinned key and refuses a bundle signed by any other key', async () => {
    expect((await verifyBundle(bundle, { jwks: jwksOf(key) })).verdict).toMatch(/\(pinned\)$/);
    const r = await verifyBundle(bundle, { jwks: jwksOf(other) });
    expect(r.ok).toBe(false);
    expect(r.verdict).toMatch(/^REFUSED: signature: no key of the JWKS matches kid/);
  });

  it('refuses a bundle re-signed by another key with its JWKS swapped, once the key is pinned', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    const jwks = canonicalBytes(jwksOf(other));
    const { sha256Hex } = await import('./sign/manifest.ts');
    manifest.artifacts = manifest.artifacts.map((a) =>
      a.path === 'jwks.json' ? { ...a, size: jwks.byteLength, sha256: sha256Hex(jwks) } : a,
    );
    manifest.harnessSignature = { ...manifest.harnessSignature, kid: other.kid };
    const mBytes = canonicalBytes(manifest);
    const forged = rezip({
      'jwks.json': jwks,
      'manifest.json': mBytes,
      'manifest.jws': strToU8(await signDetached(mBytes, other)),
    });
    expect((await verifyBundle(forged)).ok).toBe(true); // self-consistent: why pinning exists
    expect((await verifyBundle(forged, { jwks: jwksOf(key) })).ok).toBe(false);
  });

  it('detects a changed byte in every part, at its start, middle and end', async () => {
    const undetected: string[] = [];
    for (const [name, bytes] of Object.entries(files)) {
      for (const at of [0, bytes.byteLength >> 1, bytes.byteLength - 1]) {
        const r = await verifyBundle(rezip({ [name]: flip(bytes, at) }));
        if (r.ok) undetected.push(`${name}@${at}`);
      }
    }
    expect(undetected).toEqual([]);
  });

  it('detects a changed character inside masked evidence of the report', async () => {
    const text = new TextDecoder().decode(files['report.json']);
    const at = text.indexOf('[iin]');
    expect(at).toBeGreaterThan(0);
    const changed = strToU8(text.slice(0, at) + '[IIN]' + text.slice(at + 5));
    const r = await verifyBundle(rezip({ 'report.json': changed }));
    expect(r.ok).toBe(false);
    expect(r.verdict).toMatch(/^REFUSED: digest report\.json/);
  });

  it.each([
    ['unsigned (no manifest.jws)', { 'manifest.jws': undefined }, /manifest\.jws is missing/],
    ['without a manifest', { 'manifest.json': undefined }, /manifest\.json is missing/],
    ['without an artifact', { 'junit.xml': undefined }, /digest junit\.xml: listed in the manifest but missing/],
    ['with an extra file', { 'extra.txt': strToU8('x') }, /not in the manifest: extra\.txt/],
    ['with a bad organisation signature', { [ORGANISATION_SIGNATURE_FILE]: strToU8('not a signature') }, /not a CMS/],
  ])('refuses a bundle %s', async (_, patch, reason) => {
    const r = await verifyBundle(rezip(patch as Record<string, Uint8Array | undefined>));
    expect(r.ok).toBe(false);
    expect(
      r.steps
        .filter((s) => !s.ok)
        .map((s) => `${s.step}: ${s.detail}`)
        .join('\n'),
    ).toMatch(reason);
  });

  it('refuses a manifest re-serialised out of canonical form, even with the same content', async () => {
    const pretty = strToU8(JSON.stringify(JSON.parse(new TextDecoder().decode(files['manifest.json'])), null, 2));
    const r = await verifyBundle(rezip({ 'manifest.json': pretty }));
    expect(r.ok).toBe(false);
    expect(r.steps.find((s) => s.step === 'manifest')!.ok).toBe(false);
  });

  it('refuses what is not a bundle: garbage, a truncated zip, a path in an entry name', async () => {
    expect((await verifyBundle(strToU8('hello'))).verdict).toMatch(/^REFUSED: bundle: not a readable zip/);
    expect((await verifyBundle(bundle.subarray(0, bundle.byteLength - 30))).ok).toBe(false);
    const evil = zipFiles({ ...files, '../evil': strToU8('x') });
    expect((await verifyBundle(evil)).verdict).toMatch(/unexpected entry name/);
  });

  it('never lets a changed byte of the zip change content unnoticed', async () => {
    // Zip bytes outside the entries' content (times, attributes) may change harmlessly; any change
    // that reaches an entry's content must be refused.
    const original = JSON.stringify(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    for (let at = 0; at < bundle.byteLength; at += 97) {
      const tampered = flip(bundle, at);
      const r = await verifyBundle(tampered);
      if (!r.ok) continue;
      const got = JSON.stringify(
        Object.entries(unzipSync(tampered)).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      );
      expect(got, `byte ${at}`).toBe(original);
    }
  });

  it("takes the organisation's NCA RK signature in its slot without breaking the harness signature", async () => {
    const cms = new Uint8Array([0x30, 0x82, 0x05, 0x10, ...new Array(40).fill(7)]);
    const r = await verifyBundle(rezip({ [ORGANISATION_SIGNATURE_FILE]: cms }));
    expect(r.ok).toBe(true);
    expect(r.organisationSignature).toBe('present');
  });
});

describe('R11 hostile bundles: refused with a reason, never a throw, nothing large inflated', () => {
  const MIB = 1024 * 1024;

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses a hand-made manifest listing the artifact %s',
    async (path) => {
      const r = await verifyBundle(manifestOnlyZip(path));
      expect(r.ok).toBe(false);
      expect(r.steps.find((s) => s.step === `digest ${path}`)).toMatchObject({
        ok: false,
        detail: 'listed in the manifest but missing',
      });
    },
  );

  it('refuses an entry declaring more than a report can be, from the directory alone', async () => {
    const declared = patchZipEntry(zipFiles(files), 'report.html', { originalSize: 200 * MIB });
    expect((await verifyBundle(declared)).verdict).toBe('REFUSED: bundle: report.html is larger than a report can be');
  });

  it('refuses a small zip bomb: 8 MiB of zeros in a few KiB', async () => {
    const zeros = new Uint8Array(8 * MIB);
    expect(zeros.byteLength).toBeLessThan(MAX_BUNDLE_ENTRY_BYTES);
    const bomb = zipSync({ ...files, 'report.html': [zeros, { level: 1 }] });
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    expect((await verifyBundle(bomb)).verdict).toMatch(
      /^REFUSED: bundle: report\.html inflates \d+× \(a zip bomb\?\)$/,
    );
  });

  it('refuses entries that are each small enough but together too large', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    let zip: Uint8Array = zipSync(Object.fromEntries(names.map((n) => [n, [strToU8(n), { level: 0 }]])));
    // Stored, so no ratio: only the declared total gives them away.
    for (const n of names) zip = patchZipEntry(zip, n, { originalSize: 15 * MIB, compressedSize: 15 * MIB });
    expect((await verifyBundle(zip)).verdict).toBe(
      'REFUSED: bundle: its entries together are larger than a bundle can be',
    );
  });

  it('refuses a repeated entry name: zip tools disagree on which copy they show', async () => {
    // A forged report first, the signed one last: fflate keeps the last, other tools show the first.
    const forged = strToU8(new TextDecoder().decode(files['report.json']).replace('"FAILED"', '"PASSED"'));
    const zip = patchZipEntry(zipFiles({ 'report.jsoo': forged, ...files }), 'report.jsoo', { name: 'report.json' });
    expect((await verifyBundle(zip)).verdict).toBe('REFUSED: bundle: report.json appears more than once');
  });

  it('refuses a zip that reads differently from its directory', async () => {
    const lying = patchZipEntry(zipFiles(files), 'summary.md', { originalSize: 5000 });
    expect((await verifyBundle(lying)).verdict).toMatch(/^REFUSED: bundle: summary\.md does not inflate/);
  });
});

describe('writing bundles and artifacts to disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kdp-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the harness key on first use under the data directory, private, and keeps using it', async () => {
    const dataDir = join(dir, 'data');
    const a = await writeBundle(sample.result, { out: join(dir, 'a.zip'), dataDir, catalogue: TEST_CATALOGUE });
    const keyFile = join(dataDir, HARNESS_KEY_FILE);
    expect((await stat(keyFile)).mode & 0o077).toBe(0);
    const b = await writeBundle(sample.result, { out: join(dir, 'b.zip'), dataDir, catalogue: TEST_CATALOGUE });
    expect(b.manifest.harnessSignature.kid).toBe(a.manifest.harnessSignature.kid);
    expect((await loadOrCreateHarnessKey(dataDir)).kid).toBe(a.manifest.harnessSignature.kid);
    const r = await verifyBundle(await readFile(join(dir, 'b.zip')), {
      jwks: jwksOf(await loadOrCreateHarnessKey(dataDir)),
    });
    expect(r.ok).toBe(true);
  });

  it('writes the loose JUnit, HTML, Markdown and JSON files for CI from the same report', async () => {
    const paths = {
      junit: join(dir, 'ci/junit.xml'),
      html: join(dir, 'ci/r.html'),
      md: join(dir, 'ci/s.md'),
      json: join(dir, 'ci/r.json'),
    };
    const r = await writeArtifacts(sample.result, paths, { catalogue: TEST_CATALOGUE });
    expect(await readFile(paths.junit, 'utf8')).toContain('<testsuites');
    expect(await readFile(paths.html, 'utf8')).toContain(`data-verdict="${r.verdict}"`);
    expect(await readFile(paths.md, 'utf8')).toContain('kdp-conformance: FAILED');
    expect(JSON.parse(await readFile(paths.json, 'utf8')).verdict).toBe('FAILED');
  });
});
