import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('./', import.meta.url);

describe('the reference initiator shares no codec with the mocks', () => {
  it('imports nothing of the project but the driver protocol types (no mocks/, protocol/, fixtures/)', () => {
    const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    const outside = sources.flatMap((file) =>
      [...readFileSync(new URL(file, DIR), 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\(\s*'([^']+)'/g)]
        .map((m) => m[1] ?? m[2]!)
        .filter((spec) => spec.startsWith('.') && !spec.startsWith('./'))
        .filter((spec) => spec !== '../../suites/driver/protocol.ts')
        .map((spec) => `${file}: ${spec}`),
    );
    expect(outside).toEqual([]);
  });
});
