/**
 * `kdp-conformance up` as an integrator runs it: a real process on a loopback port and a file
 * store. A SIGKILL in the middle of work loses nothing that was answered (the store acknowledges
 * nothing before it is committed), and SIGTERM stops cleanly.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatShepDate } from '../protocol/dates.ts';
import { ECHO_SERVICE_ID } from '../mocks/shep/echo-service.ts';
import { buildSendMessageRequest, parseShepReply } from '../protocol/shep/envelope.ts';
import { exited, up } from './support/up-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kdp-crash-'));
const db = join(dir, 'environment.db');
const running: ChildProcessWithoutNullStreams[] = [];

afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function echo(base: string, sender: { senderId: string; password: string }, messageId: string) {
  const res = await fetch(`${base}/test/bip-sync-wss-gost/`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: buildSendMessageRequest({
      requestInfo: { messageId, serviceId: ECHO_SERVICE_ID, messageDate: formatShepDate(Date.now()), sender },
      dataXml: '<ping>crash</ping>',
    }),
  });
  return parseShepReply(await res.text());
}

describe('up: crash and stop', () => {
  it('T-ENV-1 T-ENV-2 a SIGKILL loses no answered exchange: the journal and the used messageIds survive it', async () => {
    const first = await up(db, running);
    const orgs = (await (await fetch(`${first.base}/env/api/v1/fixtures/organisations`)).json()) as {
      credentials: { test: { senderId: string; password: string } };
    }[];
    const sender = orgs[0]!.credentials.test;
    const ids = Array.from({ length: 25 }, (_, i) => `crash-${i}`);
    const replies = await Promise.all(ids.map((id) => echo(first.base, sender, id)));
    expect(replies.every((r) => r.kind === 'response' && r.responseInfo.status.code === 'SCSS001')).toBe(true);
    const killed = exited(first.proc);
    first.proc.kill('SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');

    const second = await up(db, running);
    const journal = (await (
      await fetch(`${second.base}/env/api/v1/journal?service=${ECHO_SERVICE_ID}&limit=1000`)
    ).json()) as { outcome: string }[];
    expect(journal.filter((r) => r.outcome === 'SCSS001')).toHaveLength(25);
    const again = await echo(second.base, sender, 'crash-7');
    expect(again).toMatchObject({ kind: 'fault', errorInfo: { errorCode: 'EDUP001' } });
    const fresh = await echo(second.base, sender, 'after-restart');
    expect(fresh.kind).toBe('response');

    const stopped = exited(second.proc);
    second.proc.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
    expect(second.output()).toMatch(/SIGTERM: stopping/);
    // Two real starts of `up` in one test: give a loaded machine room (a start, not a measurement).
  }, 60_000);
});
