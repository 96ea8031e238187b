// Runs before `npm start` and `npm test` on whatever node the machine has: on a fresh clone it
// installs the locked dependencies (the pinned Node 24 among them) so the two commands of the
// README work without a separate install step. Plain JavaScript on purpose: no dependency yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installed =
  existsSync(join(root, 'node_modules', '.package-lock.json')) &&
  existsSync(join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node'));
if (!installed) {
  process.stdout.write('kdp-conformance: first run here: installing the locked dependencies (npm ci)…\n');
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath, 'ci', '--no-audit', '--no-fund']]
    : ['npm', ['ci', '--no-audit', '--no-fund']];
  const r = spawnSync(npm[0], npm[1], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    process.stderr.write('kdp-conformance: npm ci failed; fix the error above and run the command again.\n');
    process.exit(r.status ?? 1);
  }
}
