import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import type { Command } from '../command.ts';
import { UsageError } from '../usage-error.ts';

async function readJwks(path: string): Promise<JSONWebKeySet> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--key ${path}: ${(err as Error).message}`);
  }
  // A single public JWK is taken as a set of one.
  const set = (value as { keys?: unknown }).keys
    ? (value as JSONWebKeySet)
    : { keys: [value as JSONWebKeySet['keys'][number]] };
  if (!Array.isArray(set.keys) || set.keys.some((k) => !k || typeof k !== 'object' || 'd' in k))
    throw new UsageError(`--key ${path}: not a JWKS of public keys`);
  return set;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a report bundle offline: signature, digests of every artifact, report schema',
  usage: `kdp-conformance verify BUNDLE [--key JWKS] [--json]
      Checks a bundle written by \`run\`: the detached JWS over the manifest, the SHA-256 digest of
      every artifact (report, HTML, JUnit, Markdown, testing act, JWKS), that no file was added or
      removed, and the report against its JSON Schema. Prints one line (VERIFIED … or REFUSED: …),
      then the details. Exit 0 verified, 1 refused, 2 a mistake in the call or an unreadable file.

  --key   A JWKS (or one public JWK) to pin: the signature must be by one of these keys, not merely
          by the key the bundle carries. Without it anyone could re-sign an altered bundle.
  --json  Print the result as JSON instead.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { key: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('verify takes exactly one BUNDLE file');
    const path = positionals[0]!;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    // Loaded here, not at the top: every command of the CLI loads the command table.
    const { formatVerification, verifyBundle } = await import('../../reports/verify.ts');
    const result = await verifyBundle(bytes, values.key ? { jwks: await readJwks(values.key) } : {});
    if (values.json) {
      const { report: _r, manifest, organisationSignatureBytes: _o, ...rest } = result;
      process.stdout.write(JSON.stringify({ ...rest, manifest }, null, 2) + '\n');
    } else process.stdout.write(formatVerification(result) + '\n');
    return result.ok ? 0 : 1;
  },
};
