import { createHash } from 'node:crypto';
import { validateBin } from '../../protocol/identifiers/bin.ts';
import type { Clock } from '../clock/clock.ts';
import { SmartBridgeError } from './errors.ts';
import type { RandomSource } from '../random.ts';
import type { Store } from '../store/store.ts';

/**
 * Who is calling Smart Bridge. Every caller presents a bearer API key that the environment issued
 * (for an organisation, bound to its BIN; for the authorized body, to a named reviewer). Only a
 * SHA-256 of the key is stored: a leaked store does not leak working keys.
 */
export type Principal =
  { role: 'organisation'; bin: string; keyId: string } | { role: 'authority'; name: string; keyId: string };

export type PrincipalInput = { role: 'organisation'; bin: string } | { role: 'authority'; name: string };

interface StoredKey {
  id: string;
  keyId: string;
  principal: PrincipalInput;
  label?: string;
  createdAt: number;
  revokedAt?: number;
}

export interface IssuedApiKey {
  keyId: string;
  /** Shown once; the environment hands it to the integrator. */
  apiKey: string;
  principal: Principal;
}

const PREFIX = { organisation: 'sbo_', authority: 'sba_' } as const;
const KEY_FORMAT = /^sb[oa]_[A-Za-z0-9_-]{20,100}$/;

function digest(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export class ApiKeyRegistry {
  constructor(
    private readonly store: Store,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  private get keys() {
    return this.store.collection<StoredKey>('smart-bridge-api-keys');
  }

  /**
   * A new key for the principal. `given` is for the environment's seeded keys, derived from the seed
   * so that they are the same on every start and after every reset: issuing one that exists already
   * changes nothing (a seeded key someone revoked stays revoked).
   */
  async issue(
    principal: PrincipalInput,
    label?: string,
    given?: { apiKey: string; keyId: string },
  ): Promise<IssuedApiKey> {
    if (principal.role === 'organisation') {
      const check = validateBin(principal.bin);
      if (!check.ok)
        throw new SmartBridgeError('validation', 'Invalid BIN', check.message, {
          requirement: 'R4',
          errors: [{ field: 'body/bin', message: check.message }],
        });
    } else if (!principal.name?.trim()) {
      throw new SmartBridgeError(
        'validation',
        "The reviewer's name is missing",
        'an authority key names its reviewer',
        { errors: [{ field: 'body/name', message: 'must not be empty' }] },
      );
    }
    if (given && !(given.apiKey.startsWith(PREFIX[principal.role]) && KEY_FORMAT.test(given.apiKey))) {
      throw new RangeError(
        `a given key for the ${principal.role} role must look like ${PREFIX[principal.role]}<base64url>`,
      );
    }
    const apiKey = given?.apiKey ?? PREFIX[principal.role] + Buffer.from(this.random.bytes(32)).toString('base64url');
    const keyId = given?.keyId ?? this.random.uuid();
    const stored: StoredKey = {
      id: digest(apiKey),
      keyId,
      principal: { ...principal },
      createdAt: this.clock.nowMs(),
      ...(label ? { label } : {}),
    };
    if (given) {
      const existing = await this.keys.get(stored.id);
      if (existing)
        return { keyId: existing.keyId, apiKey, principal: { ...existing.principal, keyId: existing.keyId } };
    }
    await this.keys.put(stored.id, stored);
    return { keyId, apiKey, principal: { ...principal, keyId } };
  }

  async authenticate(apiKey: string): Promise<Principal | undefined> {
    if (!KEY_FORMAT.test(apiKey)) return undefined;
    const stored = await this.keys.get(digest(apiKey));
    if (!stored || stored.revokedAt !== undefined) return undefined;
    return { ...stored.principal, keyId: stored.keyId };
  }

  async revoke(keyId: string): Promise<boolean> {
    const [stored] = await this.keys.find({ where: { keyId }, limit: 1 });
    if (!stored || stored.revokedAt !== undefined) return false;
    await this.keys.put(stored.id, { ...stored, revokedAt: this.clock.nowMs() });
    return true;
  }

  async list(): Promise<
    { keyId: string; principal: PrincipalInput; label?: string; createdAt: number; revokedAt?: number }[]
  > {
    return (await this.keys.find()).map(({ id: _hash, ...rest }) => rest);
  }
}
