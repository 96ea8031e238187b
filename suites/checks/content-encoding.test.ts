import { describe, expect, it } from 'vitest';
import { altered, good, recorded, recordedContext } from '../testing/recorded.ts';
import { contentEncoding } from './content-encoding.ts';

describe('T-INIT-6 content-encoding', () => {
  it('passes UTF-8 messages with Cyrillic intact', () => {
    expect(contentEncoding.run(good()).status).toBe('PASSED');
  });
  it('fails Cyrillic garbled as UTF-8 read in a single-byte charset', () => {
    const garbled = Buffer.from('Проверка', 'utf8').toString('latin1');
    expect(contentEncoding.run(altered(0, 'Проверка', garbled)).message).toContain('garbled');
  });
  it('fails a windows-1251 declaration and a refused content type', () => {
    expect(contentEncoding.run(altered(0, 'encoding="UTF-8"', 'encoding="windows-1251"')).status).toBe('FAILED');
    const r = recorded();
    r.exchanges[0]!.outcome = 'ETRN001';
    expect(contentEncoding.run({ exchanges: r.exchanges, context: recordedContext(r) }).evidence).toEqual(['x1']);
  });
});
