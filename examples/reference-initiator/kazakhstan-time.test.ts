import { describe, expect, it } from 'vitest';
import { KAZAKHSTAN_OFFSET, kazakhstanDateTime } from './kazakhstan-time.ts';

describe('kazakhstanDateTime', () => {
  it('T-SHEP-2 writes the wall clock of UTC+5 with milliseconds and the offset', () => {
    expect(KAZAKHSTAN_OFFSET).toBe('+05:00');
    expect(kazakhstanDateTime(Date.UTC(2025, 5, 23, 7, 40, 34, 477))).toBe('2025-06-23T12:40:34.477+05:00');
  });

  it('T-SHEP-2 rolls the date over at Kazakhstan midnight, not at UTC midnight', () => {
    expect(kazakhstanDateTime(Date.UTC(2024, 11, 31, 19, 0, 0, 5))).toBe('2025-01-01T00:00:00.005+05:00');
  });
});
