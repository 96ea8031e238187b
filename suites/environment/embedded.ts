import type { AddressInfo } from 'node:net';
import { createEnvironment, type MockEnvironment } from '../../mocks/server.ts';
import type { DeepPartial, KdpProfile } from '../../mocks/kdp/profile.ts';
import { buildFixtureSet } from '../../fixtures/fixture-set.ts';
import type { FixtureSet } from '../../fixtures/types.ts';
import { DEFAULT_UTC_OFFSET_MINUTES } from '../checks/context.ts';

/**
 * The profiles the harness starts its own environments with. The SUT keeps real time, so the
 * harness never moves the virtual clock: what must expire does so in real seconds, in an
 * environment whose profile shortens the lifetimes (docs/harness.md § Time).
 */
export type EnvironmentKind = 'standard' | 'short-lived' | 'alphanumeric-codes';

/** R7.5 allows "numeric or alphanumeric" codes: the third environment issues the latter. */
export const ALPHANUMERIC_CODES = { alphabet: 'alphanumeric', length: 8 } as const;

export const SHORT_LIVED = {
  /** The waiting ways' deadlines (and the SMS code's lifetime). */
  pendingMs: 2_500,
  /** The shortest expiresIn the state service accepts, in seconds. */
  minExpiresInSec: 1,
} as const;

export const PROFILES: Record<EnvironmentKind, DeepPartial<KdpProfile>> = {
  standard: {},
  'short-lived': {
    pendingTtlMs: {
      sms: SHORT_LIVED.pendingMs,
      proactive: SHORT_LIVED.pendingMs,
      'callcenter-1414': SHORT_LIVED.pendingMs,
    },
    expiresIn: { min: SHORT_LIVED.minExpiresInSec },
  },
  'alphanumeric-codes': { smsCode: { ...ALPHANUMERIC_CODES } },
};

/** The offset the harness's own environments write dates in: the profile's default, +05:00. */
export const HARNESS_UTC_OFFSET_MINUTES = DEFAULT_UTC_OFFSET_MINUTES;

export interface EmbeddedEnvironment {
  url: string;
  /** Kazakhstan's offset its profile writes dates in (the SUT's messageDate must carry it). */
  utcOffsetMinutes: number;
  env: MockEnvironment;
  close(): Promise<void>;
}

/** The fixture set the harness's environments share, built once per run. */
export function harnessFixtures(seed = 236): Promise<FixtureSet> {
  return buildFixtureSet({ seed, subjects: 40 });
}

/** The whole mock environment in this process, listening on a free loopback port. */
export async function startEmbeddedEnvironment(
  kind: EnvironmentKind,
  o: { seed?: number; fixtures?: FixtureSet } = {},
): Promise<EmbeddedEnvironment> {
  const fixtures = o.fixtures ?? (await harnessFixtures(o.seed));
  // Told the offset explicitly, so that the environment writes what the harness will expect.
  const env = await createEnvironment({
    fixtures,
    profile: PROFILES[kind],
    utcOffsetMinutes: HARNESS_UTC_OFFSET_MINUTES,
  });
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = env.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    utcOffsetMinutes: HARNESS_UTC_OFFSET_MINUTES,
    env,
    close: () => env.close(),
  };
}
