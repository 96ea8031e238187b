/**
 * Kazakhstan time for SHEP's messageDate. Kazakhstan has kept one zone, UTC+5, since 1 March 2024;
 * older integrator code writes +06:00. The offset is one constant so that a change of profile is a
 * one-line change.
 */
export const KAZAKHSTAN_OFFSET = '+05:00';

const OFFSET_MINUTES = offsetMinutes(KAZAKHSTAN_OFFSET);

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new Error(`not an offset: ${offset}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** yyyy-MM-dd'T'HH:mm:ss.SSS+05:00, the wall-clock time in Kazakhstan at `epochMs`. */
export function kazakhstanDateTime(epochMs: number): string {
  // The shifted instant's UTC fields are Kazakhstan's wall clock; ISO gives them zero-padded.
  const wall = new Date(epochMs + OFFSET_MINUTES * 60_000).toISOString();
  return `${wall.slice(0, 23)}${KAZAKHSTAN_OFFSET}`;
}
