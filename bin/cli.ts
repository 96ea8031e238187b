import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROFILE_VERSION } from '../mocks/profile.ts';
import { COMMANDS } from './commands.ts';

/** The version in the nearest package.json above this file (bin/ in the sources, dist/bin/ when built). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kdp-conformance') return pkg.version ?? 'unknown';
    } catch {
      // not here: look one level up
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}
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
