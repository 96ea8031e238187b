import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Docs name files by path; a file that moves leaves its docs pointing nowhere. Every backticked
 * path under a top-level folder of the repo, and every relative Markdown link, in README.md and
 * docs/*.md must name something that exists. Patterns and placeholders (`*`, `{…}`, `<…>`) are not
 * paths and are skipped.
 */
const root = dirname(new URL(import.meta.url).pathname);
const folders = new Set(
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules' && d.name !== 'dist')
    .map((d) => d.name),
);
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The paths a document names, each with the folder it is relative to. */
function pathsIn(document: string): { path: string; from: string }[] {
  const text = readFileSync(join(root, document), 'utf8');
  const named: { path: string; from: string }[] = [];
  for (const [, code] of text.matchAll(/`([^`\s]+)`/g)) {
    const path = code!.replace(/[:#].*$/, '').replace(/\/$/, '');
    if (path.includes('/') && folders.has(path.split('/')[0]!)) named.push({ path, from: root });
  }
  for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g))
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target!)) named.push({ path: target!, from: dirname(join(root, document)) });
  return named.filter(({ path }) => !/[*{}<>$…]/.test(path));
}

describe('the docs name files that exist', () => {
  it('finds the paths the docs name (the reading works)', () => {
    expect(documents.flatMap(pathsIn).length).toBeGreaterThan(50);
  });

  it.each(documents)('%s', (document) => {
    const named = pathsIn(document);
    expect(named.filter(({ path, from }) => !existsSync(join(from, path))).map(({ path }) => path)).toEqual([]);
  });
});
