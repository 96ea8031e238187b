import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UP_NODE_FLAGS } from './harness.ts';

describe('bench servers', () => {
  it('start the environment with the node flags `npm run up` uses, so the bench measures what up runs', () => {
    const scripts = (
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const flag of UP_NODE_FLAGS) expect(scripts.up).toContain(`node ${flag} `);
  });
});
