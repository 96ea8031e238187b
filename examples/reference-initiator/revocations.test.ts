import { describe, expect, it } from 'vitest';
import type { Gateway } from './access-requests.ts';
import { RevocationJob } from './revocations.ts';
import { ShepFault, type SendMessage } from './shep-client.ts';

const endpoint = { shepUrl: 'http://shep.invalid/', senderId: 'S', password: 'p' };

function gateway(list: Record<string, unknown>, sent: string[], fail?: ShepFault): Gateway {
  return {
    endpoint,
    async send(m: SendMessage) {
      const data = m.data({ messageId: 'm', messageDate: 'd' });
      sent.push(`${m.serviceId} ${data}`);
      if (fail) throw fail;
      return m.serviceId === 'KDP_LIST_TO_REVOKE' ? list : { status: 'ACCEPTED' };
    },
  };
}

describe('the revocation job (T-INIT-17)', () => {
  it('T-INIT-17 accepts each listed request with KDP_SEND_SOLUTION and drops the matching tokens', async () => {
    const sent: string[] = [];
    const dropped: string[] = [];
    const job = new RevocationJob({
      organisation: { bin: '110140252784' },
      gateways: () => [
        [
          'test',
          gateway(
            {
              count: '2',
              request: [
                { request_id: 'r1', uin: '050630327387', access_name: 'MCDB_SERVICE' },
                { request_id: 'r2', uin: '450630327387', access_name: 'GBDFLUniversal_token' },
              ],
            },
            sent,
          ),
        ],
      ],
      dropTokens: (e, iin, s) => (dropped.push(`${e} ${iin} ${s}`), [`a-${iin}`]),
    });
    const out = await job.run();
    expect(out.decisions.map((d) => [d.revocationId, d.solution, d.accessRequests])).toEqual([
      ['r1', 'ACCEPT', ['a-050630327387']],
      ['r2', 'ACCEPT', ['a-450630327387']],
    ]);
    expect(dropped).toEqual(['test 050630327387 MCDB_SERVICE', 'test 450630327387 GBDFLUniversal_token']);
    expect(sent[0]).toContain('<company_bin>110140252784</company_bin>');
    expect(sent.slice(1)).toEqual([
      expect.stringMatching(/KDP_SEND_SOLUTION .*<request_id>r1<\/request_id><solution>ACCEPT<\/solution>/),
      expect.stringMatching(/KDP_SEND_SOLUTION .*<request_id>r2<\/request_id><solution>ACCEPT<\/solution>/),
    ]);
  });

  it('T-INIT-17 one listed request is read as well as several; a fault is reported, nothing dropped', async () => {
    const one = new RevocationJob({
      organisation: { bin: '110140252784' },
      gateways: () => [
        ['prod', gateway({ count: '1', request: { request_id: 'r9', uin: '450630327387', access_name: 'X' } }, [])],
      ],
      dropTokens: () => [],
    });
    expect((await one.run()).decisions.map((d) => d.revocationId)).toEqual(['r9']);
    let dropped = 0;
    const failing = new RevocationJob({
      organisation: { bin: '110140252784' },
      gateways: () => [['test', gateway({}, [], new ShepFault('Client', 'EAUT002', 'bad credential'))]],
      dropTokens: () => (dropped++, []),
    });
    expect(await failing.run()).toEqual({
      decisions: [],
      failures: [{ environment: 'test', reason: 'bad credential', errorCode: 'EAUT002' }],
    });
    expect(dropped).toBe(0);
  });
});

describe('the revocation job run twice at once', () => {
  it('T-INIT-17 a call made while a run is under way gets a run of its own, listed after it', async () => {
    const listed: string[][] = [[], ['r2']];
    let lists = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const job = new RevocationJob({
      organisation: { bin: '110140252784' },
      gateways: () => [
        [
          'test',
          {
            endpoint,
            async send(m: SendMessage) {
              if (m.serviceId !== 'KDP_LIST_TO_REVOKE') return {};
              const mine = listed[lists++] ?? [];
              if (lists === 1) await held;
              return { request: mine.map((id) => ({ request_id: id, uin: '450630327387', access_name: 'X' })) };
            },
          },
        ],
      ],
      dropTokens: () => [],
    });
    const first = job.run();
    const second = job.run();
    release();
    expect((await first).decisions).toEqual([]);
    expect((await second).decisions.map((d) => d.revocationId)).toEqual(['r2']);
  });
});
