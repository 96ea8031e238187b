import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.ts';
import { FaultPlan } from './faults.ts';

describe('FaultPlan', () => {
  it('T-SHEP-9 a SOAP fault rule without a count hits every message until cleared', () => {
    const plan = new FaultPlan(seededRandom(1));
    plan.update({ shepFaults: [{ serviceId: '*', errorCode: 'SE1', errorMessage: 'down' } as never] });
    for (let i = 0; i < 5; i++) expect(plan.takeShepFault('ANY')?.errorCode).toBe('SE1');
    plan.clear();
    expect(plan.takeShepFault('ANY')).toBeUndefined();
  });

  it('T-SHEP-9 a counted rule hits that many messages of its service only', () => {
    const plan = new FaultPlan(seededRandom(1));
    plan.update({ shepFaults: [{ serviceId: 'KDP_SERVICE', errorCode: 'SE2', errorMessage: 'busy', remaining: 2 }] });
    expect(plan.takeShepFault('OTHER')).toBeUndefined();
    expect(plan.takeShepFault('KDP_SERVICE')?.errorCode).toBe('SE2');
    expect(plan.takeShepFault('KDP_SERVICE')?.errorCode).toBe('SE2');
    expect(plan.takeShepFault('KDP_SERVICE')).toBeUndefined();
  });

  it('T-SMS-8 loses, duplicates and delays SMS at the rates asked', () => {
    const plan = new FaultPlan(seededRandom(7));
    plan.update({ smsLossRate: 0.5, smsDuplicateRate: 0.25, smsDelayMs: 1500 });
    const fates = Array.from({ length: 2000 }, () => plan.smsFate());
    const lost = fates.filter((f) => f.lost).length / fates.length;
    const dup = fates.filter((f) => f.copies === 2).length / fates.length;
    expect(lost).toBeGreaterThan(0.45);
    expect(lost).toBeLessThan(0.55);
    expect(dup).toBeGreaterThan(0.2);
    expect(dup).toBeLessThan(0.3);
    expect(fates.every((f) => f.delayMs === 1500)).toBe(true);
  });
});
