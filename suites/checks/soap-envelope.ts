import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { view } from '../exchange.ts';
import { SOAP11_NS, SYNC_TYPES_NS, child } from '../wire.ts';
import type { ExchangesInput } from './context.ts';

/** Every message is a SOAP 1.1 Envelope/Body with one SendMessage whose request is unqualified. */
export const soapEnvelope = defineCheck<ExchangesInput>({
  name: 'soap-envelope',
  summary: 'SOAP 1.1 envelope, one SyncChannel v10 SendMessage, unqualified request',
  run({ exchanges }) {
    if (exchanges.length === 0) return skipped('no exchange to judge');
    const bad: string[] = [];
    const ids: string[] = [];
    for (const x of exchanges) {
      const v = view(x);
      const env = v.envelope;
      let why: string | undefined;
      if (!env) why = `not XML: ${v.readError}`;
      else if (env.name !== 'Envelope' || env.ns !== SOAP11_NS)
        why = `root {${env.ns}}${env.name} is not a SOAP 1.1 Envelope`;
      else {
        const body = child(env, 'Body', SOAP11_NS);
        const sends = body?.children ?? [];
        if (!body) why = 'no soap:Body';
        else if (sends.length !== 1 || sends[0]!.name !== 'SendMessage' || sends[0]!.ns !== SYNC_TYPES_NS)
          why = `Body holds ${sends.map((c) => `{${c.ns}}${c.name}`).join(', ') || 'nothing'}, not one SendMessage in ${SYNC_TYPES_NS}`;
        else {
          const request = sends[0]!.children;
          if (request.length !== 1 || request[0]!.name !== 'request' || request[0]!.ns !== '')
            why = 'SendMessage must hold one unqualified <request>';
          else if (request[0]!.children.some((c) => c.ns !== ''))
            why = 'requestInfo/requestData must be unqualified (xmlns="")';
        }
      }
      if (why) {
        bad.push(`${x.evidenceId}: ${why}`);
        ids.push(x.evidenceId);
      }
    }
    return bad.length
      ? failed(`${bad.length} of ${exchanges.length} messages: ${listSome(bad)}`, ids)
      : passed(
          `${exchanges.length} messages are SOAP 1.1 SendMessage envelopes`,
          exchanges.map((x) => x.evidenceId),
        );
  },
});
