import type { CallCenterPort } from '../kdp/ports.ts';
import type { CallCenter } from './call-center.ts';

/**
 * The contact center as the state service's CallCenterPort (mocks/kdp/ports.ts) sees it. Kept
 * beside the core so that the compiler checks the two sides still fit whenever either changes.
 * Expiries are not passed on: the state service applies its own deadline (it sets expiresAt).
 */
export function callCenterPort(callCenter: CallCenter): CallCenterPort {
  return {
    async enqueue(c) {
      await callCenter.enqueue({
        subjectIin: c.iin,
        phone: c.phone,
        requester: { name: c.company, bin: c.companyBin },
        data: c.personalDataName,
        ref: { requestId: c.requestId, environment: c.environment, accessName: c.accessName },
        expiresAt: c.deadline,
      });
    },
    onDecision(listener) {
      return callCenter.onDecision(async (d) => {
        const requestId = d.ref.requestId;
        if (d.outcome === 'expired' || requestId === undefined) return;
        await listener({
          requestId,
          decision: d.outcome,
          ...(d.operatorId !== undefined ? { operator: d.operatorId } : {}),
        });
      });
    },
  };
}
