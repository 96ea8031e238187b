import { describe, expect, it } from 'vitest';
import { LATEST_VIRTUAL_MS, VirtualClock } from './clock.ts';

describe('VirtualClock', () => {
  it('follows real time shifted by what was advanced', () => {
    let real = 1_000;
    const clock = new VirtualClock({}, () => real);
    expect(clock.nowMs()).toBe(1_000);
    clock.advance(500);
    real = 1_100;
    expect(clock.nowMs()).toBe(1_600);
  });

  it('stands still while frozen and resumes from where it stood', () => {
    let real = 0;
    const clock = new VirtualClock({}, () => real);
    clock.freeze();
    real = 10_000;
    expect(clock.nowMs()).toBe(0);
    clock.advance(60_000);
    expect(clock.nowMs()).toBe(60_000);
    clock.resume();
    real = 10_500;
    expect(clock.nowMs()).toBe(60_500);
  });

  it('T-ENV-3 refuses to go past 2200, leaving time where it was', () => {
    const clock = new VirtualClock({}, () => Date.UTC(2026, 0, 1));
    expect(() => clock.advance(9e15)).toThrow(/cannot go past 2200/);
    expect(clock.nowMs()).toBe(Date.UTC(2026, 0, 1));
    clock.advance(LATEST_VIRTUAL_MS - clock.nowMs());
    expect(clock.nowMs()).toBe(LATEST_VIRTUAL_MS);
  });

  it('refuses to go back in time', () => {
    const clock = new VirtualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it('reports every change so the offset can be persisted', () => {
    const clock = new VirtualClock({}, () => 0);
    const seen: number[] = [];
    clock.onChange((s) => seen.push(s.offsetMs));
    clock.advance(5);
    clock.advance(7);
    expect(seen).toEqual([5, 12]);
  });
});
