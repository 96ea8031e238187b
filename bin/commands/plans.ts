import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';

export const plansCommand: Command = {
  name: 'plans',
  summary: 'List the plans, their modules, the checks each calls and the requirements they prove',
  usage: `kdp-conformance plans [--json]
      Every plan of \`run\`, its modules (with the environment each needs), and for each module the
      checks it calls with the requirement each cites.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
    // Loaded here, not at the top: every command of the CLI loads the command table (`up` starts faster).
    const [{ PLANS }, { INITIATOR_REQUIREMENTS }] = await Promise.all([
      import('../../suites/plans/index.ts'),
      import('../../requirements/index.ts'),
    ]);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(
          PLANS.map((p) => ({
            plan: p.name,
            summary: p.summary,
            modules: p.modules.map((m) => ({
              module: m.name,
              summary: m.summary,
              environment: m.environment,
              cites: m.cites,
            })),
          })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const title = new Map<string, string>(INITIATOR_REQUIREMENTS.map((r) => [r.id, r.title.en]));
    const out: string[] = [];
    for (const p of PLANS) {
      out.push(`${p.name} — ${p.summary}`);
      for (const m of p.modules) {
        out.push(
          `  ${m.name}${m.environment === 'short-lived' ? ' (short-lived environment)' : ''}${m.exclusive ? ' (runs alone)' : ''}: ${m.summary}`,
        );
        for (const c of m.cites)
          out.push(
            `      ${c.check.padEnd(28)} ${c.requirement}${title.has(c.requirement) ? `  ${title.get(c.requirement)}` : ''}`,
          );
      }
      out.push('');
    }
    process.stdout.write(out.join('\n'));
    return 0;
  },
};
