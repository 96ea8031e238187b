import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { InitiatorClient, ShepFaultError } from '../../examples/initiator/client.ts';
import { readUserDataResponse } from '../wire.ts';
import type {
  AccessRequestState,
  DescribeResponse,
  DriverEnvironment,
  EnvironmentConfig,
  FetchResult,
  StartAccessRequest,
} from '../driver/protocol.ts';

/**
 * A tiny driver-protocol SUT for the runner's own tests, NOT the reference initiator: SMS and
 * notification only, one data service, built on examples/initiator's client. `defects` plant the
 * faults a test wants caught: 'hammer' polls every 50 ms; 'pending-forever' never reports an outcome;
 * 'fractional-expires-in' sends expiresIn 1.5, which the state service refuses at the first exchange.
 */
export async function startDriverDouble(o: {
  organisation: { bin: string; name: string };
  defects?: readonly ('hammer' | 'pending-forever' | 'fractional-expires-in')[];
}): Promise<{ driverUrl: string; close(): Promise<void> }> {
  const defects = new Set(o.defects ?? []);
  const clients = new Map<DriverEnvironment, InitiatorClient>();
  const requests = new Map<
    string,
    AccessRequestState & { input: StartAccessRequest; code?: string; publicKey?: string }
  >();
  const timers = new Set<NodeJS.Timeout>();
  let n = 0;
  const describe: DescribeResponse = {
    protocol: 'kdp-driver/1',
    system: { name: 'driver double', version: '0' },
    organisation: o.organisation,
    ways: ['sms', 'notification'],
    dataServices: ['MCDB_SERVICE'],
  };
  const client = (env: DriverEnvironment) => {
    const c = clients.get(env);
    if (!c) throw new Error(`${env} is not configured`);
    return c;
  };
  const ask = async (
    r: AccessRequestState & { input: StartAccessRequest; code?: string; publicKey?: string },
    wait: number,
  ) => {
    try {
      const answer = await client(r.input.environment).requestConsent(
        r.input.iin,
        r.input.dataService,
        {
          personal_data_name: r.input.purpose,
          expiresIn: defects.has('fractional-expires-in') ? 1.5 : r.input.lifetime,
        },
        {
          ...(r.requestId ? { correlationId: r.requestId } : {}),
          properties: {
            consentWay: r.input.way,
            ...(r.input.article9Ground ? { article9Ground: r.input.article9Ground } : {}),
          },
        },
      );
      r.requestId ??= answer.requestId;
      const phase = { APPROVED: 'granted', DECLINED: 'declined', EXPIRED: 'expired', LOCKED: 'locked' }[answer.status];
      if (phase && !defects.has('pending-forever')) {
        r.phase = phase as AccessRequestState['phase'];
        if (phase === 'granted') Object.assign(r, { tokenHeld: true, code: answer.code, publicKey: answer.publicKey });
        else r.reason = `the state service answered ${answer.status}`;
        return;
      }
      const t = setTimeout(
        () => (timers.delete(t), void ask(r, Math.min(wait * 2, 2000))),
        defects.has('hammer') ? 50 : wait,
      );
      timers.add(t);
    } catch (err) {
      r.phase = 'failed';
      r.reason = (err as Error).message;
      if (err instanceof ShepFaultError && err.reply.errorInfo) r.errorCode = err.reply.errorInfo.errorCode;
    }
  };
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) =>
    done(null, body ? JSON.parse(body as string) : undefined),
  );
  const base = '/kdp-driver/v1';
  app.get(`${base}/describe`, async () => describe);
  app.put<{ Params: { env: DriverEnvironment }; Body: EnvironmentConfig }>(
    `${base}/environments/:env`,
    async (req, reply) => {
      const c = req.body;
      const credential = { senderId: c.senderId, password: c.password };
      const post = async (_path: string, xml: string) =>
        (
          await fetch(c.shepUrl, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml })
        ).text();
      clients.set(
        req.params.env,
        new InitiatorClient(
          post,
          { ...o.organisation, credentials: { test: credential, prod: credential } },
          req.params.env,
        ),
      );
      return reply.code(204).send();
    },
  );
  app.post<{ Body: StartAccessRequest }>(`${base}/access-requests`, async (req, reply) => {
    const r = { id: `r${++n}`, phase: 'pending' as const, tokenHeld: false, input: req.body };
    requests.set(r.id, r);
    void ask(r, 250);
    return reply.code(202).send({ id: r.id, phase: r.phase, tokenHeld: false });
  });
  const view = ({
    input: _i,
    code: _c,
    publicKey: _p,
    ...state
  }: AccessRequestState & { input: unknown; code?: string; publicKey?: string }) => state;
  app.get<{ Params: { id: string } }>(`${base}/access-requests/:id`, async (req, reply) => {
    const r = requests.get(req.params.id);
    return r ? view(r) : reply.code(404).type('application/problem+json').send({ title: 'Not found', status: 404 });
  });
  app.post<{ Params: { id: string } }>(`${base}/access-requests/:id/fetch`, async (req): Promise<FetchResult> => {
    const r = requests.get(req.params.id);
    if (!r?.code || !r.publicKey) return { ok: false, reason: 'no access token held' };
    const reply = await client(r.input.environment).fetchData(r.input.dataService, r.input.iin, {
      code: r.code,
      publicKey: r.publicKey,
    });
    if (reply.kind === 'fault')
      return {
        ok: false,
        reason: reply.faultstring,
        ...(reply.errorInfo ? { errorCode: reply.errorInfo.errorCode } : {}),
      };
    return { ok: true, data: { iin: r.input.iin, status: readUserDataResponse(reply.data).status } };
  });
  app.get(`${base}/signing-key`, async (_req, reply) =>
    reply.code(404).type('application/problem+json').send({ title: 'No own means', status: 404 }),
  );
  app.post(`${base}/reset`, async (_req, reply) => {
    for (const t of timers) clearTimeout(t);
    requests.clear();
    return reply.code(204).send();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    driverUrl: `http://127.0.0.1:${port}${base}`,
    async close() {
      for (const t of timers) clearTimeout(t);
      await app.close();
    },
  };
}
