import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { LANGUAGES, type Report } from './model.ts';
import { renderHtml } from './render/html.ts';
import { renderJUnit } from './render/junit.ts';
import { renderMarkdown } from './render/markdown.ts';
import { renderTestingAct } from './render/testing-act.ts';
import { jwksOf, type HarnessKey } from './sign/keys.ts';
import {
  artifact,
  canonicalBytes,
  JWKS_FILE,
  MANIFEST_FILE,
  MANIFEST_VERSION,
  ORGANISATION_SIGNATURE_FILE,
  ORGANISATION_SIGNATURE_FORMAT,
  sha256Hex,
  SIGNATURE_FILE,
  signDetached,
  type Manifest,
} from './sign/manifest.ts';
import { readZipDirectory, type ZipDirectoryEntry } from './zip-directory.ts';

/**
 * The bundle: one zip holding the report JSON (the source), its renderings (HTML, JUnit, Markdown,
 * the testing act in kk, ru and en), the harness's public key (JWKS), the manifest of digests and
 * its detached JWS. The renderers read only the report JSON, so anyone can re-render and compare.
 */
export const REPORT_FILE = 'report.json';
export const ARTIFACT_FILES = {
  html: 'report.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
  testingAct: (lang: string) => `testing-act.${lang}.html`,
} as const;

/** Every file a bundle must hold, apart from the optional organisation signature. */
export function expectedFiles(): string[] {
  return [
    REPORT_FILE,
    ARTIFACT_FILES.html,
    ARTIFACT_FILES.junit,
    ARTIFACT_FILES.markdown,
    ...LANGUAGES.map(ARTIFACT_FILES.testingAct),
    JWKS_FILE,
    MANIFEST_FILE,
    SIGNATURE_FILE,
  ];
}

/** The report as a file: canonical JSON, so its digest does not depend on who wrote it. */
export function reportBytes(report: Report): Uint8Array {
  return canonicalBytes(report);
}

/** The report's renderings, from the report JSON alone. */
export function renderArtifacts(report: Report): { path: string; mediaType: string; bytes: Uint8Array }[] {
  const digest = sha256Hex(reportBytes(report));
  return [
    { path: REPORT_FILE, mediaType: 'application/json', bytes: reportBytes(report) },
    { path: ARTIFACT_FILES.html, mediaType: 'text/html; charset=utf-8', bytes: strToU8(renderHtml(report)) },
    { path: ARTIFACT_FILES.junit, mediaType: 'application/xml', bytes: strToU8(renderJUnit(report)) },
    {
      path: ARTIFACT_FILES.markdown,
      mediaType: 'text/markdown; charset=utf-8',
      bytes: strToU8(renderMarkdown(report)),
    },
    ...LANGUAGES.map((lang) => ({
      path: ARTIFACT_FILES.testingAct(lang),
      mediaType: 'text/html; charset=utf-8',
      bytes: strToU8(renderTestingAct(report, lang, digest)),
    })),
  ];
}

export interface SignedBundle {
  bytes: Uint8Array;
  manifest: Manifest;
  files: Record<string, Uint8Array>;
}

/** Zip entries carry this time, so one report and key give the same bundle bytes. */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

export function zipFiles(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { level: 9, mtime: FIXED_MTIME }]])),
  );
}

export async function makeBundle(report: Report, key: HarnessKey, createdAt = new Date()): Promise<SignedBundle> {
  const rendered = renderArtifacts(report);
  const jwks = canonicalBytes(jwksOf(key));
  const manifest: Manifest = {
    manifestVersion: MANIFEST_VERSION,
    kind: 'kdp-conformance-bundle',
    createdAt: createdAt.toISOString(),
    report: {
      path: REPORT_FILE,
      reportVersion: report.reportVersion,
      verdict: report.verdict,
      organisationBin: report.sut.organisation.bin,
      sut: report.sut.name,
    },
    artifacts: [
      ...rendered.map((a) => artifact(a.path, a.mediaType, a.bytes)),
      artifact(JWKS_FILE, 'application/jwk-set+json', jwks),
    ],
    harnessSignature: { path: SIGNATURE_FILE, alg: key.alg, kid: key.kid, jwks: JWKS_FILE },
    organisationSignature: {
      path: ORGANISATION_SIGNATURE_FILE,
      format: ORGANISATION_SIGNATURE_FORMAT,
      covers: MANIFEST_FILE,
    },
  };
  const manifestBytes = canonicalBytes(manifest);
  const signature = await signDetached(manifestBytes, key);
  const files: Record<string, Uint8Array> = {
    ...Object.fromEntries(rendered.map((a) => [a.path, a.bytes])),
    [JWKS_FILE]: jwks,
    [MANIFEST_FILE]: manifestBytes,
    [SIGNATURE_FILE]: strToU8(signature),
  };
  return { bytes: zipFiles(files), manifest, files };
}

/**
 * Limits for reading an uploaded bundle. A real bundle is well under a MiB and compresses about
 * 2–10×; deflate reaches ~1000×, so a 10 MiB upload could otherwise declare gigabytes.
 */
export const MAX_BUNDLE_ENTRY_BYTES = 16 * 1024 * 1024;
export const MAX_BUNDLE_TOTAL_BYTES = 64 * 1024 * 1024;
export const MAX_BUNDLE_ENTRIES = 64;
export const MAX_COMPRESSION_RATIO = 100;
/** Below this an entry's ratio does not matter: inflating it costs nothing. */
const RATIO_FLOOR_BYTES = 64 * 1024;
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Entries by name: a Map, so a name such as `constructor` finds only an entry of that name. */
export type Unzipped = { ok: true; files: ReadonlyMap<string, Uint8Array> } | { ok: false; reason: string };

/** Why a zip's directory is not one a bundle can have, judged before a byte is inflated. */
function directoryRefusal(entries: ZipDirectoryEntry[]): string | undefined {
  if (entries.length > MAX_BUNDLE_ENTRIES) return `more than ${MAX_BUNDLE_ENTRIES} entries`;
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (!ENTRY_NAME.test(e.name)) return `unexpected entry name ${JSON.stringify(e.name)}`;
    // Zip tools disagree on which copy of a repeated name they show: the one verified may not be the one read.
    if (seen.has(e.name)) return `${e.name} appears more than once`;
    seen.add(e.name);
    if (e.method !== 0 && e.method !== 8) return `${e.name} uses compression method ${e.method}`;
    if (e.originalSize > MAX_BUNDLE_ENTRY_BYTES) return `${e.name} is larger than a report can be`;
    if (e.originalSize > RATIO_FLOOR_BYTES && e.originalSize > e.compressedSize * MAX_COMPRESSION_RATIO)
      return `${e.name} inflates ${Math.round(e.originalSize / Math.max(1, e.compressedSize))}× (a zip bomb?)`;
    total += e.originalSize;
  }
  if (total > MAX_BUNDLE_TOTAL_BYTES) return 'its entries together are larger than a bundle can be';
  return undefined;
}

/**
 * Reads a bundle's entries, refusing what no bundle of ours holds (many entries, huge or bomb-like
 * ones, repeated names, paths) from the central directory before inflating anything.
 */
export function readBundle(bytes: Uint8Array): Unzipped {
  try {
    const directory = readZipDirectory(bytes);
    if (!directory.ok) return { ok: false, reason: `not a readable zip: ${directory.reason}` };
    const refusal = directoryRefusal(directory.entries);
    if (refusal) return { ok: false, reason: refusal };
    // fflate reads the same directory; the filter holds it to the entries judged above.
    let i = 0;
    const unzipped = unzipSync(bytes, {
      filter: (file) => {
        const judged = directory.entries[i++];
        if (
          judged?.name !== file.name ||
          judged.originalSize !== file.originalSize ||
          judged.compressedSize !== file.size
        )
          throw new Error('the zip reads differently from its directory');
        return true;
      },
    });
    const files = new Map<string, Uint8Array>();
    for (const e of directory.entries) {
      const data = Object.hasOwn(unzipped, e.name) ? unzipped[e.name] : undefined;
      if (!data || data.byteLength !== e.originalSize)
        return { ok: false, reason: `${e.name} does not inflate to its declared size` };
      files.set(e.name, data);
    }
    return { ok: true, files };
  } catch (err) {
    return { ok: false, reason: `not a readable zip: ${(err as Error).message}` };
  }
}

export function textOf(bytes: Uint8Array): string {
  return strFromU8(bytes);
}
