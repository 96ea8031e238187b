import { defineCheck, failed, passed } from '../check.ts';
import { isDataService, view, type Exchange } from '../exchange.ts';

/** R3: where no access was granted, the SUT does not call a data service for the subject. */
export const noDataCall = defineCheck<{ exchanges: readonly Exchange[]; iin: string }>({
  name: 'no-data-call',
  summary: 'no data-service call for a subject whose access was not granted',
  run({ exchanges, iin }) {
    const calls = exchanges.map(view).filter((v) => isDataService(v.x.service) && v.fields.iin?.trim() === iin);
    return calls.length
      ? failed(
          `${calls.length} data-service calls for a subject without a granted token`,
          calls.map((v) => v.x.evidenceId),
        )
      : passed('no data service was called for the subject');
  },
});
