import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { environmentCredential } from './environment-credential.ts';

describe('T-INIT-7 R12 environment-credential', () => {
  it('passes test messages sent with the test credential', () => {
    expect(environmentCredential.run(good()).status).toBe('PASSED');
  });
  it('fails the production credential used on test', () => {
    const r = recorded();
    r.exchanges[3]!.request = r.exchanges[3]!.request.replace(r.senders.test, r.senders.prod);
    const out = environmentCredential.run({ exchanges: r.exchanges, context: recordedContext(r) });
    expect(out.status).toBe('FAILED');
    expect(out.message).toContain('prod credential');
  });
  it('fails a sender never issued to the organisation', () => {
    const r = recorded();
    r.exchanges[0]!.request = r.exchanges[0]!.request.replace(r.senders.test, 'SOMEONE_ELSE');
    expect(environmentCredential.run({ exchanges: r.exchanges, context: recordedContext(r) }).evidence).toEqual(['x1']);
  });
});
