import { ECHO_SERVICE_ID } from '../mocks/shep/echo-service.ts';
import { buildSendMessageRequest } from '../protocol/shep/envelope.ts';
import { SHEP_PATHS } from '../mocks/shep/routes.ts';
import { formatShepDate } from '../protocol/dates.ts';
import { tokenDataRequestXml } from '../protocol/kdp/index.ts';

/** What the environment process hands the scenarios: a sender of the test environment, and what else a scenario needs. */
export interface BenchSample {
  senderId: string;
  password: string;
  /** A granted, valid access token for one subject (data-service scenario). */
  token?: { code: string; publicKey: string; iin: string; accessName: string };
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: () => string;
}

export interface Scenario {
  name: string;
  request(sample: BenchSample): RequestSpec;
  /** Throws unless the first answer is the success the scenario means to measure. */
  check(status: number, body: string): void;
}

let counter = 0;
/** SHEP refuses a repeated messageId, so every request carries a new one. */
const nextMessageId = () => `bench-${process.pid}-${++counter}`;

const soap = (body: () => string): RequestSpec => ({
  method: 'POST',
  path: SHEP_PATHS.test,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body,
});

function expectSuccess(status: number, body: string): void {
  if (status !== 200 || !body.includes('SCSS001'))
    throw new Error(`scenario's first answer was not SCSS001 (HTTP ${status}): ${body.slice(0, 400)}`);
}

export const scenarios: Scenario[] = [
  {
    name: 'SHEP round trip to the echo service',
    request: (s) =>
      soap(() =>
        buildSendMessageRequest({
          requestInfo: {
            messageId: nextMessageId(),
            serviceId: ECHO_SERVICE_ID,
            messageDate: formatShepDate(Date.now()),
            sender: { senderId: s.senderId, password: s.password },
          },
          dataXml: '<ping>bench</ping>',
        }),
      ),
    check: expectSuccess,
  },
  {
    name: 'data service (GBDFLUniversal_token) with a valid access token',
    request: (s) => {
      const t = s.token;
      if (!t) throw new Error('the environment handed no token to the bench');
      return soap(() => {
        const messageId = nextMessageId();
        const messageDate = formatShepDate(Date.now());
        return buildSendMessageRequest({
          requestInfo: {
            messageId,
            serviceId: t.accessName,
            messageDate,
            sender: { senderId: s.senderId, password: s.password },
          },
          dataXml: tokenDataRequestXml({
            messageId,
            messageDate,
            senderCode: s.senderId,
            iin: t.iin,
            kdpToken: t.code,
            publicKey: t.publicKey,
          }),
        });
      });
    },
    check: (status, body) => {
      expectSuccess(status, body);
      if (!body.includes('<person'))
        throw new Error(`the data service released no person record: ${body.slice(0, 400)}`);
    },
  },
];
