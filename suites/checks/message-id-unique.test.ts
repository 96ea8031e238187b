import { describe, expect, it } from 'vitest';
import { good, recorded, recordedContext } from '../testing/recorded.ts';
import { messageIdUnique } from './message-id-unique.ts';

describe('T-INIT-3 message-id-unique', () => {
  it('passes the recorded messages, the retry included', () => {
    expect(messageIdUnique.run(good()).status).toBe('PASSED');
  });
  it('fails a retry that reuses the messageId of the faulted message', () => {
    const r = recorded();
    const id = /<messageId>([^<]*)</.exec(r.exchanges[7]!.request)![1]!;
    r.exchanges[8]!.request = r.exchanges[8]!.request.replace(/<messageId>[^<]*</, `<messageId>${id}<`);
    const out = messageIdUnique.run({ exchanges: r.exchanges, context: recordedContext(r) });
    expect(out.status).toBe('FAILED');
    expect(out.evidence).toEqual(['x8', 'x9']);
  });
});
