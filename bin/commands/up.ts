import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { splitAuthority } from '../../mocks/http/request-guard.ts';
import { DEFAULT_MEMORY_RINGS, isRingedCollection } from '../../mocks/memory-rings.ts';
import type { ProfileFile } from '../../mocks/profile-file.ts';
import { UsageError } from '../usage-error.ts';
import { runUp } from '../up.ts';
import type { Command } from '../command.ts';

const DEFAULT_DB = '.kdp-conformance/environment.db';

export const upCommand: Command = {
  name: 'up',
  summary: 'Serve the whole mock environment (SHEP, state service, SMS, 1414, Smart Bridge, environment API)',
  usage: `kdp-conformance up [--port 8236] [--host 127.0.0.1] [--allow-host <name>]… [--access-token <token>]
                       [--db <file>|:memory:] [--seed 236] [--journal-ring N] [--memory-ring <name>=N]… [--verbose]
                       [--test-port <port>] [--prod-port <port>] [--profile <file.json>]
      Serves SHEP (test and prod), the state service and data services, the SMS gateway with its
      virtual phone API, the 1414 contact center, Smart Bridge and the environment API on one port.

  --port   TCP port (0 picks a free one). Default 8236, or $KDP_PORT.
  --host   Interface to bind. Default 127.0.0.1, or $KDP_HOST (empty counts as unset). Binding beyond
           loopback prints a warning and puts the access token in front of the environment API.
  --allow-host  A host name (or name:port) clients may address it by, besides localhost, 127.0.0.1
           and [::1]; repeat for more. Other Host headers are refused (DNS rebinding), except on SHEP.
  --access-token  The token the environment API and Smart Bridge's authority role ask for in the
           X-KDP-Access-Token header when bound beyond loopback. Default $KDP_ACCESS_TOKEN, or a
           random one printed at start.
  --db     SQLite file for everything the environment stores, or :memory: for a throwaway run.
           Default ${DEFAULT_DB}, or $KDP_DB. Its directory must exist (only the
           default .kdp-conformance/ is created).
  --seed   Seed of the generated fixtures (subjects, organisations, keys). Default 236, or $KDP_SEED.
  --journal-ring  Keep only the newest N exchanges in the journal (a ring; a warning is logged when
           old ones start to be dropped). Default 50000 with --db :memory:, unbounded on a file; 0 unbounded.
  --memory-ring  With --db :memory:, keep only the newest N records of another collection that grows
           with the requests (kdp.history, kdp.tokens, sms.messages, callcenter.requests, … listed in
           docs/environment.md; 20000 to 50000 by default, with the same warning); repeat for more.
  --test-port, --prod-port
           Also serve that SHEP environment alone at the real path /bip-sync-wss-gost/ on its own
           port, so a client's configured URL needs only a new host. Or $KDP_TEST_PORT, $KDP_PROD_PORT.
  --profile  JSON file of profile settings (docs/profile.md): utcOffsetMinutes, shep.*, kdp.*,
           smartBridge.*; validated before anything starts. Or $KDP_PROFILE.
  --verbose  Log every request (JSON lines); by default only warnings and errors are logged.`,
  async run(args) {
    const { values } = parseArgs({
      args: joinNegativeValues(args),
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'access-token': { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        'journal-ring': { type: 'string' },
        'memory-ring': { type: 'string', multiple: true },
        'test-port': { type: 'string' },
        'prod-port': { type: 'string' },
        profile: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const port = portOption('--port', values.port, 'KDP_PORT') ?? 8236;
    const testPort = portOption('--test-port', values['test-port'], 'KDP_TEST_PORT');
    const prodPort = portOption('--prod-port', values['prod-port'], 'KDP_PROD_PORT');
    const seedRaw = values.seed ?? (process.env.KDP_SEED || undefined);
    const seed = seedRaw === undefined ? 236 : Number(seedRaw);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new UsageError(
        `${values.seed !== undefined ? '--seed' : '$KDP_SEED'} must be a non-negative integer, not "${seedRaw}"`,
      );
    const taken = [port, testPort, prodPort].filter((p): p is number => p !== undefined && p !== 0);
    if (new Set(taken).size !== taken.length)
      throw new UsageError('--port, --test-port and --prod-port must be different ports');
    const db = values.db ?? (process.env.KDP_DB || DEFAULT_DB);
    if (db !== ':memory:') {
      const dir = dirname(resolve(db));
      // Only the default data directory is created: a typo in --db must not scatter folders around.
      if (!existsSync(dir) && resolve(db) !== resolve(DEFAULT_DB))
        throw new UsageError(`--db ${db}: the directory ${dir} does not exist; create it first (or use :memory:)`);
    }
    const profilePath = values.profile ?? (process.env.KDP_PROFILE || undefined);
    let profile: ProfileFile | undefined;
    if (profilePath !== undefined) {
      // Only with a profile: its validation (ajv) would cost every start.
      const { ProfileFileError, readProfileFile } = await import('../../mocks/profile-file.ts');
      try {
        profile = readProfileFile(profilePath);
      } catch (err) {
        if (err instanceof ProfileFileError) throw new UsageError(`--profile ${err.message}`);
        throw err;
      }
    }
    // An empty KDP_HOST would make node bind every interface: it counts as unset.
    const host = values.host || process.env.KDP_HOST || '127.0.0.1';
    const accessToken = values['access-token'] || process.env.KDP_ACCESS_TOKEN || undefined;
    for (const h of values['allow-host'] ?? [])
      if (!splitAuthority(h)) throw new UsageError(`--allow-host takes a host name or name:port, not ${h}`);
    if (accessToken !== undefined && accessToken.length < 16)
      throw new UsageError('--access-token must be at least 16 characters');
    const ring = values['journal-ring'] ?? process.env.KDP_JOURNAL_RING;
    if (ring !== undefined && !/^\d+$/.test(ring))
      throw new UsageError(`--journal-ring must be a non-negative integer, not ${ring}`);
    const memoryRings: Record<string, number> = {};
    for (const r of values['memory-ring'] ?? []) {
      const m = /^([A-Za-z0-9_.:-]{1,100})=(\d+)$/.exec(r);
      if (!m) throw new UsageError(`--memory-ring takes <collection>=<N>, like kdp.history=100000, not ${r}`);
      if (!isRingedCollection(m[1]!))
        throw new UsageError(
          `--memory-ring ${m[1]}: not a collection with a ring (${Object.keys(DEFAULT_MEMORY_RINGS).join(', ')})`,
        );
      memoryRings[m[1]!] = Number(m[2]);
    }
    await runUp({
      port,
      host,
      allowHosts: values['allow-host'] ?? [],
      ...(accessToken !== undefined ? { accessToken } : {}),
      db,
      seed,
      verbose: values.verbose ?? false,
      ...(ring !== undefined ? { journalRing: Number(ring) } : {}),
      ...(Object.keys(memoryRings).length ? { memoryRings } : {}),
      ...(testPort !== undefined ? { testPort } : {}),
      ...(prodPort !== undefined ? { prodPort } : {}),
      ...(profile ? { profile, profilePath: profilePath! } : {}),
    });
    return 0;
  },
};

/** A port from its option or its environment variable; the message names which one was wrong. */
function portOption(flag: string, raw: string | undefined, envName: string): number | undefined {
  const value = raw ?? process.env[envName];
  if (value === undefined || value === '') return undefined;
  const port = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${raw !== undefined ? flag : `$${envName}`} must be an integer 0–65535, not "${value}"`);
  return port;
}

/** `--port -1` as `--port=-1`: node's parser would take -1 for an option and say something about dashes. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (/^--[a-z-]+$/.test(a) && a !== '--verbose' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
