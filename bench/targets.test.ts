import { describe, expect, it } from 'vitest';
import { ECHO_PARTS, targetLines } from './targets.ts';

const rows = (raw: number, env: number) => ({
  rows: [
    { name: 'raw node:http', cpuUsPerReq: raw },
    { name: 'kdp-conformance', cpuUsPerReq: env },
  ],
});

describe('bench targets', () => {
  it('judges CPU per request as a multiple of raw, the figure that carries across machines', () => {
    // 180 µs against raw 70 is 2.6 × raw: within 60 µs on the 22 µs machine (2.7 ×).
    const [echo, data] = targetLines({ echo: rows(70, 180), dataService: rows(70, 500) });
    expect(echo!.met).toBe(true);
    expect(data!.met).toBe(false);
    expect(data!.measured).toContain('7.1 × raw');
  });

  it('says what the echo costs without its journal, when the bench measured that part', () => {
    const echo = rows(70, 300);
    echo.rows.push({ name: ECHO_PARTS['no-journal'], cpuUsPerReq: 245 });
    const [line] = targetLines({ echo });
    expect(line!.met).toBe(false);
    expect(line!.measured).toBe('300 µs = 4.3 × raw (raw: 70 µs here); without the journal 3.5 × raw');
    expect(targetLines({ echo: rows(70, 300) })[0]!.measured).not.toContain('without');
  });

  it("shows each round's multiple of raw beside the run's, so a reader sees how far the machine moved it", () => {
    const [line] = targetLines({
      echo: {
        rows: [
          { name: 'raw node:http', cpuUsPerReq: 70, cpuUsPerRound: [60, 80] },
          { name: 'kdp-conformance', cpuUsPerReq: 300, cpuUsPerRound: [270, 330] },
        ],
      },
    });
    expect(line!.measured).toBe('300 µs = 4.3 × raw (raw: 70 µs here, by round 4.5, 4.1)');
    // One round: nothing to show.
    const one = targetLines({
      echo: {
        rows: [
          { name: 'raw node:http', cpuUsPerReq: 70, cpuUsPerRound: [70] },
          { name: 'kdp-conformance', cpuUsPerReq: 300, cpuUsPerRound: [300] },
        ],
      },
    });
    expect(one[0]!.measured).not.toContain('by round');
  });

  it('judges the journal query only at 1M exchanges, and says what was not measured', () => {
    const at = (size: number, median: number) => ({ size, q: { firstPage: { median, max: median } } });
    expect(targetLines({ journal: [at(10_000, 0.4), at(1_000_000, 6)] })[2]!.met).toBe(false);
    expect(targetLines({ journal: [at(100_000, 0.4)] })[2]!.met).toBeUndefined();
    const lines = targetLines({});
    expect(lines.every((l) => l.met === undefined)).toBe(true);
    expect(lines[0]!.measured).toBe('not measured');
  });

  it('calls the server stalled when its own work holds the event loop past a few ms under journal readers', () => {
    const store = (heldP99: number, heldMax: number, rss: number) => ({
      largeStore: {
        size: 1_000_000,
        alone: { p99: 7 },
        withReaders: { p99: 32 },
        // Late by 14 ms of wall time (waiting for a core) is not a stall by itself.
        loopWithReaders: { p99: 14, max: 37, heldP99, heldMax },
        memory: { start: { rss: 150 }, walks: { rss: 200 }, loads: { rss } },
      },
    });
    expect(targetLines(store(6, 9, 240))[3]!.met).toBe(true);
    expect(targetLines(store(6, 25, 240))[3]!.met).toBe(false);
    expect(targetLines(store(2, 9, 280))[4]!.met).toBe(false);
  });

  it('reads the start-up figures by their names', () => {
    const lines = targetLines({
      startup: {
        figures: [
          { name: 'up, existing store', wallMs: 280 },
          { name: 'up, fresh store (new file)', wallMs: 520 },
        ],
      },
    });
    expect(lines.slice(-2).map((l) => l.met)).toEqual([true, false]);
  });
});
