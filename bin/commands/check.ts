import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { prepareReport, REPORT_FLAGS, REPORT_USAGE, writeReport } from '../report-output.ts';
import { UsageError } from '../usage-error.ts';

function instant(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(ms)) throw new UsageError(`${name} must be an ISO date-time or epoch ms, not ${v}`);
  return ms;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Observation: judge every SHEP exchange a sender made on a running environment (the passive checks)',
  usage: `kdp-conformance check --environment URL --sender ID [--from ISO] [--to ISO] [--bin BIN] [--utc-offset MIN] [--out DIR]
                      [--junit FILE] [--html FILE] [--md FILE] [--certified-by NAME --role ROLE]
                      [--valid-days N] [--key FILE] [--contracts FILE]…
      Reads the environment's exchange journal for the sender in the window (virtual time) and runs the
      exchange plan's checks over it: use your system against \`kdp-conformance up\`, then see what it got wrong.

  --environment  The running environment, e.g. http://127.0.0.1:8236
  --sender       Your SHEP senderId (test or production).
  --from, --to   The window, ISO date-time or epoch ms (default: everything).
  --bin          Your organisation's BIN, when the environment's fixtures do not know the sender.
  --utc-offset   The environment's Kazakhstan offset in minutes messageDate must carry: 300 (+05:00,
                 the default) or 360 (+06:00, a profile that still writes it).
  --out          Directory for results.json and the bundle (default .kdp-conformance/results).
${REPORT_USAGE}
  Exit: 0 nothing failed, 1 something failed, 2 usage or configuration.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        environment: { type: 'string' },
        sender: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        bin: { type: 'string' },
        'utc-offset': { type: 'string' },
        out: { type: 'string', default: '.kdp-conformance/results' },
        ...REPORT_FLAGS,
      },
      strict: true,
    });
    if (!values.environment || !/^https?:\/\/\S+$/.test(values.environment))
      throw new UsageError('--environment URL is required');
    if (!values.sender) throw new UsageError('--sender is required');
    const offset = values['utc-offset'];
    if (offset !== undefined && offset !== '300' && offset !== '360')
      throw new UsageError(`--utc-offset must be 300 or 360 (minutes east of UTC), not "${offset}"`);
    const from = instant('--from', values.from);
    const to = instant('--to', values.to);
    const report = await prepareReport(values);
    // Loaded here, not at the top: every command of the CLI loads the command table (`up` starts faster).
    const [{ observe }, { exitCodeOf }, { progressLine, summaryTable, useColour }] = await Promise.all([
      import('../../suites/observation.ts'),
      import('../../suites/runner.ts'),
      import('../../suites/terminal.ts'),
    ]);
    let result;
    try {
      result = await observe({
        environmentUrl: values.environment.replace(/\/$/, ''),
        sender: values.sender,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(values.bin ? { bin: values.bin } : {}),
        ...(offset ? { utcOffsetMinutes: Number(offset) } : {}),
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const colour = useColour(process.stdout);
    const dir = resolve(values.out!);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'results.json');
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const written = await writeReport(result, report, dir);
    process.stdout.write(
      `${progressLine({ kind: 'module-end', result: result.modules[0]! }, colour)}\n\n${summaryTable(result, colour, file)}\n${written.lines.join('\n')}\n`,
    );
    return written.failed ? 1 : exitCodeOf(result);
  },
};
