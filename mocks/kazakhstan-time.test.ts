import { describe, expect, it } from 'vitest';
import { localDateOf, parseRangeBound } from '../protocol/dates.ts';
import { DEFAULT_KDP_PROFILE } from './kdp/profile.ts';
import { DEFAULT_PROFILE as DEFAULT_SMART_BRIDGE_PROFILE } from './smart-bridge/profile.ts';
import { localDateOf as smartBridgeDateOf } from './smart-bridge/review-deadline.ts';

describe('one Kazakhstan time for the state service and Smart Bridge (T-SB-6, T-KDP-10)', () => {
  it('both default to UTC+5', () => {
    expect(DEFAULT_KDP_PROFILE.utcOffsetMinutes).toBe(300);
    expect(DEFAULT_SMART_BRIDGE_PROFILE.utcOffsetMinutes).toBe(300);
  });

  it("an instant just after local midnight falls on the same day in the history's range and in the calendar", () => {
    // 19:30 UTC is 00:30 the next day at UTC+5 (and 01:30 at UTC+6): the old split put it on two days.
    const at = Date.UTC(2026, 2, 1, 19, 30);
    for (const offset of [300, 360]) {
      const day = smartBridgeDateOf(at, offset);
      expect(day).toBe(localDateOf(at, offset));
      const from = parseRangeBound(day, 'start', offset);
      const to = parseRangeBound(day, 'end', offset);
      expect(from.ok && to.ok && from.ms <= at && at <= to.ms).toBe(true);
    }
    expect(smartBridgeDateOf(at, DEFAULT_SMART_BRIDGE_PROFILE.utcOffsetMinutes)).toBe('2026-03-02');
  });
});
