import { accessPolicyFor } from '../mocks/http/access-policy.ts';
import { ACCESS_TOKEN_HEADER } from '../mocks/http/request-guard.ts';
import type { ProfileFile } from '../mocks/profile-file.ts';
import { PROFILE_VERSION } from '../mocks/profile.ts';
import { createEnvironment } from '../mocks/server.ts';
import { testingActBundles } from '../reports/smart-bridge.ts';

export interface UpOptions {
  port: number;
  host: string;
  /** Host names clients may address it by besides the loopback names (docs/security.md). */
  allowHosts: readonly string[];
  /** Asked for beyond loopback; a random one when not given. */
  accessToken?: string;
  db: string;
  seed: number;
  verbose: boolean;
  journalRing?: number;
  /** --memory-ring: collection → records kept on :memory:. */
  memoryRings?: Readonly<Record<string, number>>;
  /** Ports serving one SHEP environment alone at the real path /bip-sync-wss-gost/. */
  testPort?: number;
  prodPort?: number;
  /** Settings read from `--profile FILE` (already validated). */
  profile?: ProfileFile;
  profilePath?: string;
}

/** How long after listening the background compilation of the route schemas starts. */
const WARM_UP_AFTER_MS = 200;

/** Starts the whole environment, prints where everything is, and stops cleanly on a signal. */
export async function runUp(opts: UpOptions): Promise<void> {
  const started = performance.now();
  const access = accessPolicyFor(opts.host, opts.allowHosts, opts.accessToken);
  const env = await createEnvironment({
    access: access.policy,
    db: opts.db,
    seed: opts.seed,
    ...opts.profile,
    logLevel: opts.verbose ? 'info' : 'warn',
    // R11: Smart Bridge takes the harness's signed bundle as the testing act (verified offline).
    smartBridge: { ...opts.profile?.smartBridge, bundles: testingActBundles() },
    ...(opts.journalRing !== undefined ? { journalRing: opts.journalRing } : {}),
    ...(opts.memoryRings ? { memoryRings: opts.memoryRings } : {}),
  });
  let closing: Promise<void> | undefined;
  const stop = (signal: string) => {
    closing ??= (async () => {
      process.stdout.write(
        opts.db === ':memory:'
          ? `\n${signal}: stopping; the store was in memory, so nothing of this run is kept\n`
          : `\n${signal}: stopping; everything stored is kept in ${opts.db}\n`,
      );
      await env.close();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`kdp-conformance: failed to stop cleanly: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const address = await env.app.listen({ port: opts.port, host: opts.host });
  const base = address.replace('[::1]', 'localhost');
  // Listening already: the schemas no request has needed yet compile in the background, once the
  // first requests (a client that waited for the ready line) have had their turn: the first compile
  // also loads ajv and fast-json-stringify, which would otherwise hold up the first answer.
  setTimeout(() => void env.warmUp(), WARM_UP_AFTER_MS).unref();
  const bare: string[] = [];
  for (const [environment, port] of [
    ['test', opts.testPort],
    ['prod', opts.prodPort],
  ] as const) {
    if (port === undefined) continue;
    const app = await env.bareShepApp(environment);
    const at = (await app.listen({ port, host: opts.host })).replace('[::1]', 'localhost');
    bare.push(`${`SHEP ${environment} at real path`.padEnd(26)}${at}/bip-sync-wss-gost/   (its own port)`);
  }
  const lines = [
    `SHEP test environment     ${base}/test/bip-sync-wss-gost/   (WSDL: ?wsdl)`,
    `SHEP production           ${base}/prod/bip-sync-wss-gost/`,
    ...bare,
    `state service API         ${base}/kdp/api/v1/   (consent requests, revocations, token public keys)`,
    `virtual phone (SMS) API   ${base}/sms/api/v1/`,
    `1414 operator API         ${base}/1414/api/v1/`,
    `Smart Bridge API          ${base}/smart-bridge/api/v1/   (OpenAPI: openapi.json; API keys: ${base}/env/api/v1/smart-bridge/api-keys)`,
    `environment API           ${base}/env/api/v1/   (clock, faults, reset, fixtures, journal)`,
    `store                     ${opts.db === ':memory:' ? ':memory: (nothing is kept after stop)' : opts.db}`,
    `profile                   ${PROFILE_VERSION}${opts.profilePath ? ` with ${opts.profilePath}` : ' (defaults)'}; dates in ${env.kdp.state.profile.utcOffsetMinutes === 360 ? '+06:00' : '+05:00'}`,
    `fixtures                  seed ${opts.seed}: ${env.fixtures.subjects.length} subjects, ${env.fixtures.organisations.length} organisations (${base}/env/api/v1/fixtures)`,
  ];
  if (access.policy.accessToken !== undefined) {
    lines.push(
      `access token              ${access.policy.accessToken}   (header ${ACCESS_TOKEN_HEADER}: environment API, Smart Bridge authority)`,
    );
  }
  lines.push(`host names                ${access.names.join(', ')}   (others refused; --allow-host adds)`);
  if (access.beyondLoopback) {
    process.stderr.write(
      `WARNING: ${opts.host} is beyond loopback: other machines can reach SHEP, the virtual phones, 1414 and Smart Bridge; ` +
        `the environment API and Smart Bridge's authority role need the access token. Fixtures are test data with test keys.\n`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  process.stdout.write(
    `kdp-conformance ready at ${base} (started in ${Math.round(performance.now() - started)} ms; Ctrl-C stops it)\n`,
  );
}
