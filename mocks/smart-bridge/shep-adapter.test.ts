import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.ts';
import { BANK_BIN } from './test-support.ts';
import { registrarIssuer, type ShepCredentialRegistrar } from './shep-adapter.ts';

describe('the SHEP credential registrar as a CredentialIssuer (R4, R12)', () => {
  it('R12: registers a distinct credential per environment, owned by the BIN, and returns it', async () => {
    const grants: Parameters<ShepCredentialRegistrar['register']>[0][] = [];
    const issuer = registrarIssuer({ register: async (g) => void grants.push(g) }, seededRandom(7));
    const test = await issuer.issue(BANK_BIN, 'test');
    const prod = await issuer.issue(BANK_BIN, 'prod');
    expect(test.senderId).toMatch(new RegExp(`^SB_${BANK_BIN}_TEST_[0-9A-F]{8}$`));
    expect(prod.senderId).toMatch(/_PROD_/);
    expect(prod.password).not.toBe(test.password);
    expect(grants).toEqual([
      { environment: 'test', senderId: test.senderId, password: test.password, owner: BANK_BIN },
      { environment: 'prod', senderId: prod.senderId, password: prod.password, owner: BANK_BIN },
    ]);
  });
});
