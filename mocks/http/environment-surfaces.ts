import type { FastifyRequest } from 'fastify';
import type { Surface } from './request-guard.ts';

/**
 * What each API of the composed environment asks of a request (docs/security.md § Who reaches what).
 *
 * - SHEP: its clients are integrators' servers, which address it by whatever name their deployment
 *   gives it (a container name, a CI service alias): any Host. Browsers are not its clients, so a
 *   foreign Origin is refused all the same, and its protocol's text/xml is no simple-request type.
 *   It holds generated test data behind each sender's credentials.
 * - The virtual phones, the 1414 console, the state service's API and Smart Bridge: Host checked,
 *   so that a DNS-rebinding page cannot read one-time codes, answer as a subject, decide as an
 *   operator or a reviewer; tus uploads keep their own content type.
 * - The environment API (clock, faults, reset, fixtures with every private key, the journal) and
 *   Smart Bridge's authority role: also the access token, when `up` binds beyond loopback.
 */
export interface SurfacePrefixes {
  environment: string;
  smartBridge: string;
  sms: string;
  callCenter: string;
  kdp: string;
}

/** Authority keys are `sba_…` (mocks/smart-bridge/api-keys.ts); organisations' are `sbo_…`. */
function presentsAuthorityKey(request: FastifyRequest): boolean {
  return /^Bearer\s+sba_/i.test(request.headers.authorization ?? '');
}

export function environmentSurfaces(p: SurfacePrefixes, shepPaths: readonly string[]): Surface[] {
  return [
    ...shepPaths.map((path) => ({
      prefix: path.replace(/\/+$/, ''),
      host: false,
      bodyTypes: 'any' as const,
      token: false,
    })),
    { prefix: p.environment, host: true, bodyTypes: [], token: true },
    {
      prefix: p.smartBridge,
      host: true,
      bodyTypes: ['application/offset+octet-stream'],
      token: presentsAuthorityKey,
    },
    { prefix: p.sms, host: true, bodyTypes: [], token: false },
    { prefix: p.callCenter, host: true, bodyTypes: [], token: false },
    { prefix: p.kdp, host: true, bodyTypes: [], token: false },
  ];
}
