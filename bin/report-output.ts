import { appendFile, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ContractResults } from '../contracts/results.ts';
import type { RunResult } from '../suites/result.ts';
import { UsageError } from './usage-error.ts';

/**
 * What `run` and `check` share once a run has a result: the signed bundle next to results.json,
 * the loose JUnit/HTML/Markdown files CI asks for, the attestation, the integrator's contract
 * results, and the closing lines that say where the bundle is and how to verify it. The flags are
 * read and every file they name is loaded before the run starts, so that a mistake costs no run.
 */

export const BUNDLE_FILE = 'kdp-conformance-bundle.zip';

export const REPORT_FLAGS = {
  junit: { type: 'string' },
  html: { type: 'string' },
  md: { type: 'string' },
  'certified-by': { type: 'string' },
  role: { type: 'string' },
  'valid-days': { type: 'string' },
  key: { type: 'string' },
  'key-alg': { type: 'string' },
  contracts: { type: 'string', multiple: true },
} as const;

export const REPORT_USAGE = `  The report (docs/report.md): ${BUNDLE_FILE}, signed, next to results.json.
  --junit FILE, --html FILE, --md FILE   Also write these renderings of the report for CI.
  --certified-by NAME --role ROLE        Who in the organisation certifies the run (both or neither).
  --valid-days N   How long the attestation stands (default 90 days after the run).
  --key FILE       The harness key that signs the bundle: a private JWK, or a PKCS#8 PEM with --key-alg
                   (default: .kdp-conformance/harness-key.jwk.json, created on first use).
  --contracts FILE Results of \`contracts verify --pact P --out FILE\`: a contract section (repeatable).
  GITHUB_STEP_SUMMARY set (GitHub Actions): the Markdown summary is appended to it.`;

export interface ReportFlagValues {
  junit?: string | undefined;
  html?: string | undefined;
  md?: string | undefined;
  'certified-by'?: string | undefined;
  role?: string | undefined;
  'valid-days'?: string | undefined;
  key?: string | undefined;
  'key-alg'?: string | undefined;
  contracts?: string[] | undefined;
}

type HarnessKey = Awaited<ReturnType<typeof import('../reports/sign/keys.ts').loadOrCreateHarnessKey>>;

export interface ReportPlan {
  key: HarnessKey;
  contracts: ContractResults[];
  attestation: { certifiedBy?: { name: string; role: string }; validDays?: number };
  paths: { junit?: string; html?: string; md?: string };
}

/** Reads the report flags and loads the key and contract results they name; UsageError on a mistake. */
export async function prepareReport(v: ReportFlagValues, dataDir?: string): Promise<ReportPlan> {
  const name = v['certified-by']?.trim();
  const role = v.role?.trim();
  if (v['certified-by'] !== undefined || v.role !== undefined) {
    if (!name || !role) throw new UsageError('--certified-by NAME and --role ROLE go together, neither empty');
  }
  let validDays: number | undefined;
  if (v['valid-days'] !== undefined) {
    validDays = Number(v['valid-days']);
    if (!Number.isSafeInteger(validDays) || validDays < 1 || validDays > 3660)
      throw new UsageError(`--valid-days must be a whole number of days from 1 to 3660, not ${v['valid-days']}`);
  }
  if (v['key-alg'] !== undefined && v.key === undefined) throw new UsageError('--key-alg goes with --key FILE');
  const keys = await import('../reports/sign/keys.ts');
  let key: HarnessKey;
  try {
    key = v.key ? await keys.loadKeyFile(v.key, v['key-alg']) : await keys.loadOrCreateHarnessKey(dataDir);
  } catch (err) {
    throw new UsageError(`${v.key ? `--key ${v.key}` : 'the harness key'}: ${(err as Error).message}`);
  }
  const { parseContractResults } = await import('../contracts/results-schema.ts');
  const contracts: ContractResults[] = [];
  for (const file of v.contracts ?? []) {
    try {
      contracts.push(parseContractResults(JSON.parse(await readFile(file, 'utf8'))));
    } catch (err) {
      throw new UsageError(
        `--contracts ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (write it with \`contracts verify --pact P --out FILE\`)`,
      );
    }
  }
  return {
    key,
    contracts,
    attestation: {
      ...(name && role ? { certifiedBy: { name, role } } : {}),
      ...(validDays !== undefined ? { validDays } : {}),
    },
    paths: {
      ...(v.junit ? { junit: v.junit } : {}),
      ...(v.html ? { html: v.html } : {}),
      ...(v.md ? { md: v.md } : {}),
    },
  };
}

export interface WrittenReport {
  bundle: string;
  verdict: string;
  /** 1 when the contracts failed although no check did: `run` exits 1 when anything FAILED. */
  failed: boolean;
  /** The closing lines for the terminal. */
  lines: string[];
}

/** For the verify hint: a path the reader can paste from where they are. */
function shown(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Writes the bundle into `dir` and the CI files, appends to GITHUB_STEP_SUMMARY when set. */
export async function writeReport(
  result: RunResult,
  plan: ReportPlan,
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WrittenReport> {
  const { writeBundle, writeRenderings, renderMarkdown } = await import('../reports/index.ts');
  const bundle = resolve(join(dir, BUNDLE_FILE));
  const written = await writeBundle(result, {
    out: bundle,
    key: plan.key,
    attestation: plan.attestation,
    ...(plan.contracts.length ? { contracts: plan.contracts } : {}),
  });
  const report = written.report;
  await writeRenderings(report, plan.paths);
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderMarkdown(report)}\n`);

  const s = report.summary;
  const k = report.contracts;
  const verdict = `${report.verdict}: ${report.sut.name} (BIN ${report.sut.organisation.bin}), ${s.PASSED} passed, ${s.FAILED - s.expected} failed${s.expected ? `, ${s.expected} expected failure${s.expected === 1 ? '' : 's'}` : ''}, ${s.total - s.PASSED - s.FAILED} other of ${s.total} checks${
    k
      ? `; contracts ${k.summary.passed}/${k.summary.interactions} honoured${k.summary.refused ? `, ${k.summary.refused} pact(s) refused` : ''}`
      : ''
  }${report.attestation.certifiedBy ? `; certified by ${report.attestation.certifiedBy.name}, ${report.attestation.certifiedBy.role}` : '; not attested'}`;
  const lines = [
    `bundle: ${bundle} (signed by key ${written.manifest.harnessSignature.kid})`,
    `verdict: ${verdict}`,
    `verify: npx kdp-conformance verify ${shown(bundle)}`,
    ...Object.entries(plan.paths).map(([kind, path]) => `${kind}: ${resolve(path)}`),
    ...(summary ? [`job summary: appended to $GITHUB_STEP_SUMMARY`] : []),
  ];
  return { bundle, verdict, failed: k?.status === 'FAILED', lines };
}
