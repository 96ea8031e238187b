import { defineCheck, failed, listSome, passed, skipped } from '../check.ts';
import { isDataService, view } from '../exchange.ts';
import { GET_USER_DATA_REQUEST, SYNC_SEND_MESSAGE_REQUEST, TOKEN_DATA_REQUEST, validateSequence } from '../schema.ts';
import { SOAP11_NS, SYNC_TYPES_NS, child } from '../wire.ts';
import type { ExchangesInput } from './context.ts';

/** SoapUI's schema compliance for the request: our WSDL's types, and the KDP data's field lists. */
export const schemaValid = defineCheck<ExchangesInput>({
  name: 'schema-valid',
  summary: "SendMessage request valid against the WSDL's schema; KDP data holds the profile's fields in order",
  run({ exchanges }) {
    if (exchanges.length === 0) return skipped('no exchange to judge');
    const bad: string[] = [];
    const ids: string[] = [];
    for (const x of exchanges) {
      const env = view(x).envelope;
      const request = child(child(child(env, 'Body', SOAP11_NS), 'SendMessage', SYNC_TYPES_NS), 'request', '');
      if (!request) continue; // soap-envelope judges that
      const errors = validateSequence(request, SYNC_SEND_MESSAGE_REQUEST, 'request');
      const data = child(child(request, 'requestData', ''), 'data', '');
      if (data && x.service === 'KDP_SERVICE')
        errors.push(...validateSequence(data, GET_USER_DATA_REQUEST, 'request/requestData/data'));
      if (data && isDataService(x.service))
        errors.push(...validateSequence(data, TOKEN_DATA_REQUEST, 'request/requestData/data'));
      if (errors.length) {
        bad.push(`${x.evidenceId}: ${errors[0]}${errors.length > 1 ? ` (+${errors.length - 1})` : ''}`);
        ids.push(x.evidenceId);
      }
    }
    return bad.length
      ? failed(`${bad.length} of ${exchanges.length} messages break the schema: ${listSome(bad)}`, ids)
      : passed(
          `${exchanges.length} messages are valid against the schema`,
          exchanges.map((x) => x.evidenceId),
        );
  },
});
