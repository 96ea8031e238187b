import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { isLoopbackBind, LOOPBACK_NAMES, type AccessPolicy } from './request-guard.ts';

export interface BindAccess {
  policy: AccessPolicy;
  /** Every name clients may use, loopback first: printed at start. */
  names: string[];
  /** The bind reaches other machines: `up` warns, and the token is required. */
  beyondLoopback: boolean;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

function asHostName(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/**
 * The access policy of a networked environment bound to `host`: the loopback names, the bind
 * address itself (or, on a wildcard bind, this machine's interface addresses, which no DNS name
 * can rebind to), and the names the user added. Beyond loopback an access token is always set.
 */
export function accessPolicyFor(host: string, allowHosts: readonly string[], accessToken?: string): BindAccess {
  const beyondLoopback = !isLoopbackBind(host);
  const bound = host.trim().toLowerCase();
  const own = !beyondLoopback
    ? []
    : WILDCARDS.has(bound)
      ? Object.values(networkInterfaces())
          .flat()
          .flatMap((i) => (i && !i.internal && !i.address.startsWith('fe80') ? [asHostName(i.address)] : []))
      : [asHostName(bound)];
  const allowed = [...new Set([...own, ...allowHosts.map((h) => h.trim().toLowerCase())])];
  const token = accessToken ?? (beyondLoopback ? randomBytes(24).toString('base64url') : undefined);
  return {
    policy: { allowedHosts: allowed, ...(token !== undefined ? { accessToken: token } : {}) },
    names: [...LOOPBACK_NAMES, ...allowed],
    beyondLoopback,
  };
}
