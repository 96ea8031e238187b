import { describe, expect, it } from 'vitest';
import { altered, good } from '../testing/recorded.ts';
import { notificationGround } from './notification-ground.ts';

describe('T-INIT-16 notification-ground', () => {
  it('passes requests of other ways without a ground', () => {
    expect(notificationGround.run(good()).status).toBe('PASSED');
  });
  it('passes a notification on an approved ground and fails one without or on another ground', () => {
    const ok = altered(
      0,
      '</personal_data_name>',
      '</personal_data_name><consentWay>notification</consentWay><article9Ground>art9-1</article9Ground>',
    );
    expect(notificationGround.run(ok).status).toBe('PASSED');
    const none = altered(0, '</personal_data_name>', '</personal_data_name><consentWay>notification</consentWay>');
    expect(notificationGround.run(none).message).toContain('without an Article 9 ground');
    const other = altered(
      0,
      '</personal_data_name>',
      '</personal_data_name><consentWay>notification</consentWay><article9Ground>art9-9</article9Ground>',
    );
    expect(notificationGround.run(other).status).toBe('FAILED');
  });
  it('fails a ground sent with the sms way', () => {
    expect(
      notificationGround.run(
        altered(0, '</personal_data_name>', '</personal_data_name><article9Ground>art9-1</article9Ground>'),
      ).status,
    ).toBe('FAILED');
  });
});
