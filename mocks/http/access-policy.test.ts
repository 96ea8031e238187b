import { describe, expect, it } from 'vitest';
import { accessPolicyFor } from './access-policy.ts';

describe('accessPolicyFor', () => {
  it('T-ENV-6 on loopback: loopback names and the added ones, no token unless given', () => {
    const a = accessPolicyFor('127.0.0.1', ['kdp.local']);
    expect(a.beyondLoopback).toBe(false);
    expect(a.policy).toEqual({ allowedHosts: ['kdp.local'] });
    expect(a.names).toEqual(['localhost', '127.0.0.1', '[::1]', 'kdp.local']);
    expect(accessPolicyFor('localhost', [], 'given-token-0123456789').policy.accessToken).toBe(
      'given-token-0123456789',
    );
  });

  it('T-ENV-6 beyond loopback: the bound address is a name, and a token is always set', () => {
    const a = accessPolicyFor('192.168.10.5', []);
    expect(a.beyondLoopback).toBe(true);
    expect(a.policy.allowedHosts).toEqual(['192.168.10.5']);
    expect(a.policy.accessToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(accessPolicyFor('192.168.10.5', []).policy.accessToken).not.toBe(a.policy.accessToken);
    expect(accessPolicyFor('::', [], 'given-token-0123456789').policy.accessToken).toBe('given-token-0123456789');
    expect(accessPolicyFor('fd00::5', []).policy.allowedHosts).toEqual(['[fd00::5]']);
  });
});
