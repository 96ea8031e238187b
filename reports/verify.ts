import canonicalize from 'canonicalize';
import type { JSONWebKeySet } from 'jose';
import { expectedFiles, readBundle, REPORT_FILE, textOf } from './bundle.ts';
import type { Report } from './model.ts';
import { validateReport } from './schema.ts';
import {
  JWKS_FILE,
  MANIFEST_FILE,
  MANIFEST_VERSION,
  ORGANISATION_SIGNATURE_FILE,
  sha256Hex,
  SIGNATURE_FILE,
  verifyDetached,
  type Manifest,
} from './sign/manifest.ts';

/**
 * Offline verification of a bundle: the harness signature over the manifest (with the bundle's own
 * JWKS, or a pinned one), every artifact's size and digest, no file more or less than the manifest
 * says, the report against its JSON Schema, and the manifest's summary against the report. Any
 * changed byte of any artifact changes a digest; any changed byte of the manifest breaks the
 * signature or its canonical form.
 */
export interface VerifyStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  /** One line: VERIFIED … or REFUSED: … */
  verdict: string;
  steps: VerifyStep[];
  pinned: boolean;
  report?: Report;
  manifest?: Manifest;
  organisationSignature: 'absent' | 'present';
  /** The organisation's signature bytes, for a caller that checks them with NCA RK tools. */
  organisationSignatureBytes?: Uint8Array;
}

export interface VerifyOptions {
  /** A pinned key set: the signature must verify with one of these keys, not the bundle's own. */
  jwks?: JSONWebKeySet;
}

function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(textOf(bytes));
  } catch {
    return undefined;
  }
}

function isManifest(v: unknown): v is Manifest {
  const m = v as Manifest;
  return (
    !!m &&
    typeof m === 'object' &&
    m.manifestVersion === MANIFEST_VERSION &&
    m.kind === 'kdp-conformance-bundle' &&
    Array.isArray(m.artifacts) &&
    m.artifacts.every(
      (a) =>
        a &&
        typeof a.path === 'string' &&
        typeof a.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(a.sha256) &&
        Number.isInteger(a.size),
    ) &&
    !!m.report &&
    typeof m.report.path === 'string' &&
    !!m.harnessSignature &&
    !!m.organisationSignature
  );
}

/**
 * Never throws: a bundle is hostile input (`up` verifies uploads with it), so whatever it holds ends
 * in a REFUSED verdict with a reason.
 */
export async function verifyBundle(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  try {
    return await verifyUnsafely(bytes, options);
  } catch (err) {
    const detail = `the bundle could not be read: ${err instanceof Error ? err.message : String(err)}`;
    return {
      ok: false,
      verdict: `REFUSED: bundle: ${detail}`,
      steps: [{ step: 'bundle', ok: false, detail }],
      pinned: options.jwks !== undefined,
      organisationSignature: 'absent',
    };
  }
}

async function verifyUnsafely(bytes: Uint8Array, options: VerifyOptions): Promise<VerifyResult> {
  const steps: VerifyStep[] = [];
  const step = (name: string, ok: boolean, detail: string) => (steps.push({ step: name, ok, detail }), ok);
  const pinned = options.jwks !== undefined;
  const done = (extra: Partial<VerifyResult> = {}): VerifyResult => {
    const failed = steps.filter((s) => !s.ok);
    const ok = failed.length === 0;
    const m = extra.manifest;
    return {
      ok,
      verdict: ok
        ? `VERIFIED: ${m?.report.sut} (BIN ${m?.report.organisationBin}) report verdict ${m?.report.verdict}, signed by key ${m?.harnessSignature.kid}${pinned ? ' (pinned)' : ' (not pinned: pass --key to require a known key)'}`
        : `REFUSED: ${failed[0]!.step}: ${failed[0]!.detail}`,
      steps,
      pinned,
      organisationSignature: 'absent',
      ...extra,
    };
  };

  const unzipped = readBundle(bytes);
  if (!unzipped.ok) {
    step('bundle', false, unzipped.reason);
    return done();
  }
  const files = unzipped.files;

  const manifestBytes = files.get(MANIFEST_FILE);
  const manifest = parseJson(manifestBytes);
  if (!manifestBytes || !isManifest(manifest)) {
    step(
      'manifest',
      false,
      manifestBytes ? 'manifest.json is not a manifest of this format' : 'manifest.json is missing',
    );
    return done();
  }
  // The signature covers these exact bytes; canonical form makes a re-serialised manifest visible too.
  step(
    'manifest',
    canonicalize(manifest) === textOf(manifestBytes),
    canonicalize(manifest) === textOf(manifestBytes)
      ? 'canonical JSON (RFC 8785)'
      : 'manifest.json is not in canonical form',
  );

  const bundled = parseJson(files.get(JWKS_FILE)) as JSONWebKeySet | undefined;
  const keys = options.jwks ?? bundled;
  const signature = files.get(SIGNATURE_FILE);
  if (!signature) step('signature', false, 'manifest.jws is missing: the bundle is unsigned');
  else if (!keys || !Array.isArray(keys.keys))
    step('signature', false, 'no key set to verify with (jwks.json missing or unreadable)');
  else {
    const sig = await verifyDetached(textOf(signature), manifestBytes, keys);
    if (!sig.valid) step('signature', false, sig.reason);
    else if (sig.kid !== manifest.harnessSignature.kid)
      step('signature', false, `signed by ${sig.kid} but the manifest names ${manifest.harnessSignature.kid}`);
    else step('signature', true, `${sig.alg} by key ${sig.kid}${pinned ? ', a pinned key' : ", the bundle's own key"}`);
  }

  const listed = new Set(manifest.artifacts.map((a) => a.path));
  for (const a of manifest.artifacts) {
    const got = files.get(a.path);
    if (!got) step(`digest ${a.path}`, false, 'listed in the manifest but missing');
    else if (got.byteLength !== a.size || sha256Hex(got) !== a.sha256)
      step(
        `digest ${a.path}`,
        false,
        `sha256 ${sha256Hex(got)} (${got.byteLength} bytes) differs from the manifest's ${a.sha256} (${a.size} bytes)`,
      );
    else step(`digest ${a.path}`, true, `sha256 ${a.sha256}`);
  }
  const allowed = new Set([MANIFEST_FILE, SIGNATURE_FILE, ORGANISATION_SIGNATURE_FILE, ...listed]);
  const extra = [...files.keys()].filter((f) => !allowed.has(f));
  step(
    'contents',
    extra.length === 0,
    extra.length === 0 ? 'no file outside the manifest' : `not in the manifest: ${extra.join(', ')}`,
  );
  const missing = expectedFiles().filter((f) => f !== MANIFEST_FILE && f !== SIGNATURE_FILE && !listed.has(f));
  if (missing.length > 0) step('contents', false, `the manifest lists no ${missing.join(', ')}`);

  let report: Report | undefined;
  const reportValue = parseJson(files.get(REPORT_FILE));
  const schema = validateReport(reportValue);
  if (!schema.valid) step('schema', false, `report.json: ${schema.errors.slice(0, 5).join('; ')}`);
  else {
    report = schema.report;
    step('schema', true, `report version ${report.reportVersion} valid against its JSON Schema`);
    const m = manifest.report;
    const agrees =
      m.path === REPORT_FILE &&
      m.verdict === report.verdict &&
      m.organisationBin === report.sut.organisation.bin &&
      m.sut === report.sut.name &&
      m.reportVersion === report.reportVersion;
    step(
      'summary',
      agrees,
      agrees ? 'the manifest agrees with the report' : "the manifest's summary differs from the report",
    );
  }

  const org = files.get(ORGANISATION_SIGNATURE_FILE);
  if (org) {
    const looksCms = org.byteLength > 16 && (org[0] === 0x30 || textOf(org.subarray(0, 64)).includes('-----BEGIN'));
    step(
      'organisation signature',
      looksCms,
      looksCms
        ? "present (CMS); check it with NCA RK tools against the organisation's certificate: this verifier does not"
        : 'manifest.json.cms is not a CMS signature',
    );
  }
  return done({
    manifest,
    ...(report ? { report } : {}),
    organisationSignature: org ? 'present' : 'absent',
    ...(org ? { organisationSignatureBytes: org } : {}),
  });
}

/** The verification as text: the verdict line, then one line per step. */
export function formatVerification(r: VerifyResult): string {
  return [
    r.verdict,
    ...r.steps.map((s) => `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}`),
    `  organisation signature: ${r.organisationSignature}`,
  ].join('\n');
}
