import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/**
 * Randomness as the mocks see it: one-time codes, session ids, token ids. Injected so that a test
 * can make codes predictable; the default is the system CSPRNG.
 */
export interface RandomSource {
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  bytes(n: number): Uint8Array;
  uuid(): string;
}

export const systemRandom: RandomSource = {
  int: (max) => randomInt(max),
  bytes: (n) => randomBytes(n),
  uuid: () => randomUUID(),
};

/** Deterministic source for tests (mulberry32); never for anything an attacker could guess. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
  return {
    int: (max) => Math.floor(next() * max),
    bytes,
    uuid: () => {
      const b = bytes(16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = Buffer.from(b).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
