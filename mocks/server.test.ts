import { describe, expect, it } from 'vitest';
import { createEnvironment } from './server.ts';

describe('createEnvironment', () => {
  it('R10.2 gives Smart Bridge the state service\'s own list of ovt algorithms, so every key it registers can verify', async () => {
    const env = await createEnvironment({ subjects: 2, profile: { ovt: { algorithms: ['ES256'] } } });
    try {
      expect(env.smartBridge.profile.signatureKeys.algorithms).toEqual(['ES256']);
      expect(env.kdp.state.profile.ovt.algorithms).toEqual(['ES256']);
    } finally {
      await env.close();
    }
  });
});
