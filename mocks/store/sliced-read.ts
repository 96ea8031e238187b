import type { FindQuery, JsonArrayPage, Page } from './store.ts';

/**
 * Big reads on the main thread, for a store no worker can share (`:memory:`): a page is read in
 * slices, and all readers together get one slice per event-loop turn, so that a request waits
 * behind at most one slice however many clients read.
 */
export const READ_SLICE = 100;

/** Lets one waiter through per event-loop turn, in arrival order. */
export class TurnGate {
  private readonly queue: (() => void)[] = [];
  private pumping = false;

  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      if (!this.pumping) this.pump();
    });
  }

  private pump(): void {
    this.pumping = true;
    setImmediate(() => {
      this.queue.shift()?.();
      if (this.queue.length) this.pump();
      else this.pumping = false;
    });
  }
}

const encoder = new TextEncoder();

/** A page of `limit` documents as one JSON array, read slice by slice through the gate. */
export async function readSliced(
  gate: TurnGate,
  query: FindQuery,
  limit: number,
  readPage: (q: FindQuery) => Page<string>,
): Promise<JsonArrayPage> {
  const parts: string[] = [];
  let count = 0;
  let next = query.after;
  let page: Page<string>;
  do {
    await gate.turn();
    // Offset paging (deprecated) cannot continue by cursor: it reads its page in one go.
    const slice = query.offset ? limit - count : Math.min(limit - count, READ_SLICE);
    page = readPage({ ...query, limit: slice, ...(next !== undefined ? { after: next } : {}) });
    if (page.items.length) parts.push(page.items.join(','));
    count += page.items.length;
    next = page.next;
  } while (count < limit && next !== undefined && !query.offset);
  return {
    body: encoder.encode(`[${parts.join(',')}]`),
    count,
    ...(page.next !== undefined ? { next: page.next } : {}),
  };
}
