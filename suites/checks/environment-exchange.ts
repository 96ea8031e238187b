import { defineCheck, failed, passed } from '../check.ts';
import { isDataService, view, type Exchange } from '../exchange.ts';

/**
 * R11 (test) and R12 (production): the SUT's own sender of that environment obtained a successful
 * data-service response presenting a valid security token (the access token the gateway accepted).
 */
export const environmentExchange = defineCheck<{
  exchanges: readonly Exchange[];
  environment: 'test' | 'prod';
  senders: readonly string[];
}>({
  name: 'environment-exchange',
  summary: "a successful data-service response with a valid token, by the environment's own sender",
  run({ exchanges, environment, senders }) {
    const ok = exchanges
      .map(view)
      .filter(
        (v) =>
          v.x.environment === environment &&
          senders.includes(v.x.sender ?? '') &&
          isDataService(v.x.service) &&
          v.x.outcome === 'SCSS001' &&
          v.fields.kdpToken,
      );
    return ok.length
      ? passed(
          `${ok.length} successful ${environment} data-service responses with a valid token`,
          ok.map((v) => v.x.evidenceId),
        )
      : failed(
          `no successful ${environment} data-service response with a token by ${senders.join(', ') || 'its sender'}`,
        );
  },
});
