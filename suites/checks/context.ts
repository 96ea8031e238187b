import { KAZAKHSTAN_OFFSET_MINUTES } from '../wire.ts';
import type { JWK } from 'jose';
import type { Exchange } from '../exchange.ts';

/** What the passive checks know of the SUT's organisation besides its exchanges. */
export interface SenderContext {
  bin: string;
  /** The SHEP senderIds Smart Bridge issued to the organisation, per environment. */
  senders: { test: string[]; prod: string[] };
  /** Data services (access_name) approved in its application. */
  approvedServices: string[];
  /** Article 9 grounds approved in its application. */
  approvedGrounds: string[];
  /** The profile's expiresIn bounds, in its unit (seconds). */
  expiresIn: { min: number; max: number };
  /** How far messageDate may stray from the gateway's clock. */
  maxSkewMs: number;
  /**
   * Kazakhstan's offset the environment's profile writes dates in, minutes east of UTC: messageDate
   * must carry it. 300 (+05:00, since 1 March 2024) unless the profile chose 360 (+06:00).
   */
  utcOffsetMinutes: number;
  /** Own means: the public keys registered for the organisation (R10.2) and the ovt's audience. */
  ovtKeys: JWK[];
  ovtAudience: { test: string; prod: string };
  /** The profile requires the recommended ovt claims too (`kdp.ovt.strict`); they are only flagged otherwise. */
  ovtStrict?: boolean;
}

export interface ExchangesInput {
  exchanges: readonly Exchange[];
  context: SenderContext;
}

export const DEFAULT_MAX_SKEW_MS = 120_000;

/** The profile's default offset when the harness does not know the environment's: +05:00. */
export const DEFAULT_UTC_OFFSET_MINUTES: number = KAZAKHSTAN_OFFSET_MINUTES;
