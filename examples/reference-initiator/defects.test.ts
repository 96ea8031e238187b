import { describe, expect, it } from 'vitest';
import { KNOWN_DEFECTS, validateDefects } from './defects.ts';
import { startReferenceInitiator } from './index.ts';

describe('declared defects', () => {
  it('refuses a defect name it does not know, naming the known ones', async () => {
    expect(() => validateDefects(['no-such-defect'])).toThrow(/Unknown defect\(s\): no-such-defect/);
    await expect(
      startReferenceInitiator({ organisation: { bin: '110140252784', name: 'x' }, defects: ['typo'] }),
    ).rejects.toThrow(/typo/);
  });

  it('accepts every known defect and no defect at all', () => {
    expect(validateDefects([...KNOWN_DEFECTS])).toEqual([...KNOWN_DEFECTS]);
    expect(validateDefects([])).toEqual([]);
  });
});
