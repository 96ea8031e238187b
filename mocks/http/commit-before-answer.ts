import type { FastifyInstance } from 'fastify';
import type { SqliteStore } from '../store/sqlite-store.ts';

/**
 * No answer leaves before the writes behind it are committed: the store groups the writes of an
 * event-loop turn into one commit, and this hook holds each response until that commit is done
 * (registered on a root instance, every plugin inherits it). A callback hook rather than an async
 * one: most answers find nothing pending or share one commit, and this runs on every request.
 */
export function commitBeforeAnswer(app: FastifyInstance, store: Pick<SqliteStore, 'pendingCommit'>): void {
  app.addHook('onSend', (_request, _reply, payload, done) => {
    const pending = store.pendingCommit;
    if (!pending) return done(null, payload);
    pending.then(
      () => done(null, payload),
      (err: unknown) => done(err as Error),
    );
  });
}
