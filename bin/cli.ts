import { PROFILE_VERSION } from '../mocks/profile.ts';
import { packageVersion } from '../suites/version.ts';
import { COMMANDS } from './commands.ts';

import { UsageError } from './usage-error.ts';

function overview(): string {
  const width = Math.max(4, ...COMMANDS.map((c) => c.name.length));
  return `kdp-conformance — mock e-government environment and conformance harness for КДП integrators

Usage: kdp-conformance <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
  ${'help'.padEnd(width)}  This overview, or \`help <command>\` for one command's options
  ${'--version'.padEnd(width)}  The version of kdp-conformance and of its technical profile
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`kdp-conformance ${packageVersion()} (profile ${PROFILE_VERSION})\n`);
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic) {
      const command = COMMANDS.find((c) => c.name === topic);
      if (!command) throw new UsageError(`unknown command: ${topic}`);
      process.stdout.write(`Usage:\n  ${command.usage}\n`);
      return 0;
    }
    process.stdout.write(overview());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command: ${name}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage:\n  ${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`kdp-conformance: ${(err as Error).message}\n`);
    if (usage) process.stderr.write('Run `kdp-conformance help` for usage.\n');
    process.exitCode = usage ? 2 : 1;
  },
);
