import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.ts';
import { runUp } from '../up.ts';
import type { Command } from '../command.ts';

export const upCommand: Command = {
  name: 'up',
  summary: 'Serve the whole mock environment (SHEP, state service, SMS, 1414, Smart Bridge, environment API)',
  usage: `kdp-conformance up [--port 8236] [--host 127.0.0.1] [--db <file>|:memory:] [--seed 236] [--verbose]
      Serves SHEP (test and prod), the state service and data services, the SMS gateway with its
      virtual phone API, the 1414 contact center, Smart Bridge and the environment API on one port.

  --port   TCP port (0 picks a free one). Default 8236, or $KDP_PORT.
  --host   Interface to bind. Default 127.0.0.1, or $KDP_HOST.
  --db     SQLite file for everything the environment stores, or :memory: for a throwaway run.
           Default .kdp-conformance/environment.db, or $KDP_DB.
  --seed   Seed of the generated fixtures (subjects, organisations, keys). Default 236, or $KDP_SEED.
  --verbose  Log every request (JSON lines); by default only warnings and errors are logged.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
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
    await runUp({
      port,
      host: values.host ?? process.env.KDP_HOST ?? '127.0.0.1',
      db: values.db ?? process.env.KDP_DB ?? '.kdp-conformance/environment.db',
      seed,
      verbose: values.verbose ?? false,
    });
    return 0;
  },
};
