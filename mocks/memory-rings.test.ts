import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCores, type EnvironmentCores } from './compose.ts';
import { isRingedCollection } from './memory-rings.ts';

const opened: EnvironmentCores[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function sendMany(cores: EnvironmentCores, n: number): Promise<number> {
  for (let i = 0; i < n; i++) await cores.sms.send({ to: '+77011234567', text: `message ${i}`, lang: 'ru' });
  return cores.store.collection('sms.messages').count();
}

describe('what grows with the requests is bounded on :memory:', () => {
  it('SMS (and the other per-request collections) keep a ring on :memory:, with a warning once', async () => {
    const cores = await buildCores({ subjects: 2, memoryRings: { 'sms.messages': 100 } });
    opened.push(cores);
    const warnings: string[] = [];
    cores.reportWarnings((m) => warnings.push(m));
    const kept = await sendMany(cores, 150);
    expect(kept).toBeGreaterThanOrEqual(100);
    expect(kept).toBeLessThanOrEqual(101);
    // The phone still shows its newest message.
    expect((await cores.sms.latest('+77011234567'))?.text).toBe('message 149');
    expect(warnings).toEqual([expect.stringMatching(/^sms\.messages keeps the newest 100 records .*--memory-ring/)]);
  });

  it('keeps everything on a file store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdp-rings-'));
    dirs.push(dir);
    const cores = await buildCores({ subjects: 2, db: join(dir, 'env.db'), memoryRings: { 'sms.messages': 100 } });
    opened.push(cores);
    expect(await sendMany(cores, 150)).toBe(150);
  });

  it('names the collections the CLI may bound', () => {
    for (const name of ['kdp.history', 'sms.messages', 'callcenter.requests', 'kdp.tokens'])
      expect(isRingedCollection(name)).toBe(true);
    expect(isRingedCollection('journal')).toBe(false);
  });
});
