import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../usage-error.ts';
import type { ContractResults } from '../../contracts/results.ts';

const USAGE = `kdp-conformance contracts verify --pact FILE [--json] [--out FILE] [--seed 236]
  kdp-conformance contracts export DIR
      verify  Verifies your consumer pact (Pact V4 or V3, HTTP interactions with SOAP bodies) against
              the mock environment, and reports interaction by interaction what the state service
              would not honour and why: the mismatch paths, the provider states it could not set up,
              and the requirements each interaction exercises. A pact that declares plugins is
              refused (the plugin driver would download and run binaries). Exit 0 when every
              interaction is honoured, 1 otherwise.
      export  Writes the harness's own pact (what an initiator sends through SHEP and relies on in
              return) to DIR, for your consumer tests. See docs/contracts.md.

  --pact  The pact file to verify.
  --json  Print the result as JSON (the contract-results model the conformance report takes).
  --out   Also write the JSON result to this file.
  --seed  Seed of the environment's fixtures the pact's provider states name. Default 236.`;

function render(r: ContractResults): string {
  if (r.status === 'REFUSED') return `Refused: ${r.refused}\n`;
  const passed = r.interactions.filter((i) => i.status === 'PASSED').length;
  const lines = [
    `Pact ${r.pact.consumer} → ${r.pact.provider}: ${passed} of ${r.interactions.length} interactions honoured by the mock environment`,
  ];
  for (const i of r.interactions) {
    lines.push(`  ${i.status === 'PASSED' ? 'PASS' : 'FAIL'}  ${i.description}`);
    for (const s of i.providerStates) lines.push(`        given ${s.name}`);
    if (i.replay) lines.push(`        replay mode at ${i.replay.at}: ${i.replay.note}`);
    if (i.outcome) lines.push(`        SHEP answered ${i.outcome}${i.outcomeMessage ? `: ${i.outcomeMessage}` : ''}`);
    for (const m of i.mismatches) lines.push(`        ${m.kind}${m.path ? ` ${m.path}` : ''}: ${m.message}`);
    if (i.requirements.length) lines.push(`        requirements ${i.requirements.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const contractsCommand: Command = {
  name: 'contracts',
  summary: "Verify your consumer pact against the mock environment, or export the harness's pact",
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'export') {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {}, strict: true });
      if (positionals.length !== 1) throw new UsageError('contracts export takes one directory');
      const { generatePact, pactFileName } = await import('../../contracts/consumer.ts');
      const dir = positionals[0]!;
      await mkdir(dir, { recursive: true });
      const file = join(dir, pactFileName());
      await writeFile(file, await generatePact());
      process.stdout.write(`${file}\n`);
      return 0;
    }
    if (sub !== 'verify') throw new UsageError('contracts takes a subcommand: verify or export');
    const { values } = parseArgs({
      args: rest,
      options: {
        pact: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    });
    if (!values.pact) throw new UsageError('contracts verify needs --pact FILE');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0))
      throw new UsageError(`--seed must be a non-negative integer, not ${values.seed}`);
    const { verifyPactIsolated } = await import('../../contracts/isolated.ts');
    const result = await verifyPactIsolated(values.pact, seed !== undefined ? { seed } : {});
    if (values.out) await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : render(result));
    return result.status === 'PASSED' ? 0 : 1;
  },
};

export { render as renderContractResults };
