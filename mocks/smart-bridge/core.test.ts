import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { problemFromTable } from '../http/problem-table.ts';
import type { SmartBridgeError } from './errors.ts';
import { SMART_BRIDGE_PROBLEMS } from './problems.ts';
import type { Principal } from './api-keys.ts';
import { approvedScope, formErrors, requestedScope, scopeErrors } from './form.ts';
import type { ApplicationForm } from './model.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { BANK_BIN, pdf, setup, validForm, type Env } from './test-support.ts';

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

const bank: Principal = { role: 'organisation', bin: BANK_BIN, keyId: 'k1' };
const reviewer: Principal = { role: 'authority', name: 'Reviewer Two', keyId: 'k2' };

async function submittedInCore(): Promise<string> {
  const apps = env.bridge.applications;
  const app = await apps.create(bank, validForm(BANK_BIN, { ways: ['sms'] }));
  await apps.submit(bank, app.id);
  return app.id;
}

describe('the application core without HTTP', () => {
  it('R4, R9: files, submits and approves with principals alone', async () => {
    const id = await submittedInCore();
    const approved = await env.bridge.applications.approve(reviewer, id);
    expect(approved).toMatchObject({
      status: 'approved',
      approved: { ways: ['sms'] },
      decision: { by: { role: 'authority', name: 'Reviewer Two' } },
    });
  });

  it('R9: two decisions at once: one wins, the other finds the application decided', async () => {
    const id = await submittedInCore();
    const apps = env.bridge.applications;
    const results = await Promise.allSettled([
      apps.approve(reviewer, id),
      apps.reject(reviewer, id, { reasons: [{ message: 'late objection' }] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(
      problemFromTable((results[1] as PromiseRejectedResult).reason as SmartBridgeError, SMART_BRIDGE_PROBLEMS),
    ).toMatchObject({
      status: 409,
      currentStatus: 'approved',
    });
    const history = await apps.historyOf(reviewer, id);
    expect(history.filter((h) => h.action === 'approve' || h.action === 'reject')).toHaveLength(1);
  });

  it('R10.1: attaching in the core marks the upload as attached, in the same change', async () => {
    const id = await submittedInCore();
    await env.bridge.applications.approve(reviewer, id);
    const upload = await env.bridge.uploads.create(
      bank,
      10,
      `filename ${btoa('d.pdf')},filetype ${btoa('application/pdf')},kind ${btoa('technical-documentation')}`,
    );
    await env.bridge.uploads.append(bank, upload.id, 0, pdf(10));
    await env.bridge.applications.attach(bank, id, upload.id);
    expect((await env.bridge.uploads.find(reviewer, upload.id)).attachedTo).toBe(id);
  });

  it('R6: a partial form from a direct caller is reported field by field, not thrown as a TypeError', () => {
    const errors = formErrors({ ways: ['sms'] } as unknown as ApplicationForm, BANK_BIN, DEFAULT_PROFILE);
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining([
        'organisation/bin',
        'organisation/name',
        'contact/email',
        'informationSystem/name',
        'services',
        'dataHandling/storagePeriodDays',
        'dataHandling/storageGrounds',
      ]),
    );
  });

  it('R7.0: the approved scope is what was asked, narrowed, never widened', () => {
    const asked = requestedScope(validForm(BANK_BIN, { ways: ['sms', 'notification'], article9Grounds: ['art9-1'] }));
    expect(asked).toEqual({
      services: ['GBDFLUniversal_token', 'MCDB_SERVICE'],
      ways: ['sms', 'notification'],
      article9Grounds: ['art9-1'],
    });
    expect(approvedScope(asked, { ways: ['sms'] })).toEqual({ ...asked, ways: ['sms'], article9Grounds: [] });
    expect(scopeErrors(asked, { services: [] }).map((e) => e.field)).toEqual(['services']);
    expect(scopeErrors(asked, { ways: ['notification'], article9Grounds: [] }).map((e) => e.field)).toEqual([
      'article9Grounds',
    ]);
    expect(scopeErrors(asked, { ways: ['sms'], article9Grounds: ['art9-1'] }).map((e) => e.field)).toEqual([
      'article9Grounds',
    ]);
  });
});
