import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResult } from '../suites/result.ts';
import { buildReport, type BuildOptions } from './build.ts';
import { makeBundle, reportBytes } from './bundle.ts';
import type { Report } from './model.ts';
import { renderHtml } from './render/html.ts';
import { renderJUnit } from './render/junit.ts';
import { renderMarkdown } from './render/markdown.ts';
import { loadKeyFile, loadOrCreateHarnessKey, type HarnessKey } from './sign/keys.ts';
import type { Manifest } from './sign/manifest.ts';

/**
 * The report's entry points for the harness's `run`: a RunResult becomes a signed bundle
 * (writeBundle) and, for CI, loose JUnit, HTML, Markdown and JSON files (writeArtifacts).
 */
export { buildReport, type AttestationInput, type BuildOptions } from './build.ts';
export { contractsSection } from './contracts.ts';
export { makeBundle, readBundle, renderArtifacts } from './bundle.ts';
export { defaultCatalogue, type Catalogue } from './catalogue.ts';
export { createMasker, learnNames } from './mask.ts';
export { REPORT_VERSION, type Report } from './model.ts';
export { renderHtml } from './render/html.ts';
export { renderJUnit } from './render/junit.ts';
export { renderMarkdown } from './render/markdown.ts';
export { renderTestingAct } from './render/testing-act.ts';
export { REPORT_SCHEMA, validateReport } from './schema.ts';
export { loadKeyFile, loadOrCreateHarnessKey, type HarnessKey } from './sign/keys.ts';
export { formatVerification, verifyBundle, type VerifyResult } from './verify.ts';

export interface WriteBundleOptions extends BuildOptions {
  /** The bundle file to write (a zip). */
  out: string;
  /** Where the installation's harness key is kept (created on first use). Default .kdp-conformance. */
  dataDir?: string;
  /** A key the user supplies instead: private JWK, or PKCS#8 PEM with keyAlg. */
  keyFile?: string;
  keyAlg?: string;
  /** A key already loaded (tests, embedding). */
  key?: HarnessKey;
}

export interface WrittenBundle {
  path: string;
  report: Report;
  manifest: Manifest;
  bytes: number;
}

async function write(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

export async function writeBundle(result: RunResult, options: WriteBundleOptions): Promise<WrittenBundle> {
  const report = buildReport(result, options);
  const key =
    options.key ??
    (options.keyFile
      ? await loadKeyFile(options.keyFile, options.keyAlg)
      : await loadOrCreateHarnessKey(options.dataDir));
  const bundle = await makeBundle(report, key, options.now?.() ?? new Date());
  await write(options.out, bundle.bytes);
  return { path: options.out, report, manifest: bundle.manifest, bytes: bundle.bytes.byteLength };
}

export interface ArtifactPaths {
  junit?: string;
  html?: string;
  md?: string;
  json?: string;
}

/** Loose files for CI (`run --junit --html --md`), from the same report a bundle holds. */
export async function writeArtifacts(
  result: RunResult,
  paths: ArtifactPaths,
  options: BuildOptions = {},
): Promise<Report> {
  const report = buildReport(result, options);
  await writeRenderings(report, paths);
  return report;
}

/** The same files from a report already built (the one `writeBundle` returns). */
export async function writeRenderings(report: Report, paths: ArtifactPaths): Promise<void> {
  if (paths.junit) await write(paths.junit, renderJUnit(report));
  if (paths.html) await write(paths.html, renderHtml(report));
  if (paths.md) await write(paths.md, renderMarkdown(report));
  if (paths.json) await write(paths.json, reportBytes(report));
}
