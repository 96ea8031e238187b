import { parseArgs } from 'node:util';
import { splitAuthority } from '../../mocks/http/request-guard.ts';
import { UsageError } from '../usage-error.ts';
import { runUp } from '../up.ts';
import type { Command } from '../command.ts';

export const upCommand: Command = {
  name: 'up',
  summary: 'Serve the whole mock environment (SHEP, state service, SMS, 1414, Smart Bridge, environment API)',
  usage: `kdp-conformance up [--port 8236] [--host 127.0.0.1] [--allow-host <name>]… [--access-token <token>]
                       [--db <file>|:memory:] [--seed 236] [--journal-ring N] [--verbose]
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
           Default .kdp-conformance/environment.db, or $KDP_DB.
  --seed   Seed of the generated fixtures (subjects, organisations, keys). Default 236, or $KDP_SEED.
  --journal-ring  Keep only the newest N exchanges in the journal (a ring; a warning is logged when
           old ones start to be dropped). Default 50000 with --db :memory:, unbounded on a file; 0 unbounded.
  --verbose  Log every request (JSON lines); by default only warnings and errors are logged.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'access-token': { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        'journal-ring': { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const port = Number(values.port ?? process.env.KDP_PORT ?? 8236);
    const seed = Number(values.seed ?? process.env.KDP_SEED ?? 236);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be an integer 0–65535, not ${values.port}`);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new UsageError(`--seed must be a non-negative integer, not ${values.seed}`);
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
    await runUp({
      port,
      host,
      allowHosts: values['allow-host'] ?? [],
      ...(accessToken !== undefined ? { accessToken } : {}),
      db: values.db ?? process.env.KDP_DB ?? '.kdp-conformance/environment.db',
      seed,
      verbose: values.verbose ?? false,
      ...(ring !== undefined ? { journalRing: Number(ring) } : {}),
    });
    return 0;
  },
};
