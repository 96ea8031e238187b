import { describe, expect, it } from 'vitest';
import { createEnvironment } from './server.ts';

describe('createEnvironment', () => {
  it("R10.2 gives Smart Bridge the state service's own list of ovt algorithms, so every key it registers can verify", async () => {
    const env = await createEnvironment({ subjects: 2, profile: { ovt: { algorithms: ['ES256'] } } });
    try {
      expect(env.smartBridge.profile.signatureKeys.algorithms).toEqual(['ES256']);
      expect(env.kdp.state.profile.ovt.algorithms).toEqual(['ES256']);
    } finally {
      await env.close();
    }
  });

  it('T-SB-1 revokes an API key over the environment API: 401 from then on, 404 the second time', async () => {
    const env = await createEnvironment({ subjects: 2 });
    try {
      const access = await env.smartBridgeAccess();
      const org = access.organisations[0]!;
      const call = () =>
        env.app.inject({
          url: '/smart-bridge/api/v1/applications',
          headers: { authorization: `Bearer ${org.apiKey}` },
        });
      expect((await call()).statusCode).toBe(200);
      expect(
        (await env.app.inject({ method: 'DELETE', url: `/env/api/v1/smart-bridge/api-keys/${org.keyId}` })).statusCode,
      ).toBe(204);
      expect((await call()).statusCode).toBe(401);
      const again = await env.app.inject({ method: 'DELETE', url: `/env/api/v1/smart-bridge/api-keys/${org.keyId}` });
      expect(again.statusCode).toBe(404);
      expect(again.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await env.close();
    }
  });
});
