// Fetch ahead: while one page is written, the next ones are already on their way, at most `inFlight` requests
// at a time (1: one request at a time, as a cautious national server may ask), and at most `inFlight` pages
// beyond the one being written held in memory. Pages are handed out in order, whatever order they arrive in.

export interface FetchAhead<T> {
  /** Page `page`'s answer (asked now if it was not yet); asks for the pages after it as far as the window allows. */
  take(page: number): Promise<T>;
  /** Whether page `page` has been asked and has arrived (taking it would not wait). */
  arrived(page: number): boolean;
  /**
   * No page beyond `last` is asked ahead of time (undefined: no bound). Until this is called only the first page
   * is asked: its total says where the data ends, so a small sync asks for nothing it does not need.
   */
  setLastPage(last: number | undefined): void;
  /** Withdraws every request still in flight; their answers are never taken. */
  close(): void;
}

interface Pending<T> {
  answer: Promise<T>;
  controller: AbortController;
  arrived: boolean;
}

export function createFetchAhead<T>(options: {
  firstPage: number;
  inFlight: number;
  fetch: (page: number, signal: AbortSignal) => Promise<T>;
}): FetchAhead<T> {
  const inFlight = Math.max(1, Math.floor(options.inFlight));
  const pending = new Map<number, Pending<T>>();
  let outstanding = 0;
  let next = options.firstPage;
  let current = options.firstPage;
  let last = options.firstPage;
  let closed = false;

  const ask = (page: number): void => {
    const controller = new AbortController();
    outstanding++;
    const answer = options.fetch(page, controller.signal);
    const entry: Pending<T> = { answer, controller, arrived: false };
    pending.set(page, entry);
    answer.then(() => (entry.arrived = true), () => undefined);
    // An answer nobody takes (after a failure or the last page) must not become an unhandled rejection.
    answer.catch(() => undefined).finally(() => {
      outstanding--;
      fill();
    });
  };

  const fill = (): void => {
    while (!closed && outstanding < inFlight && next <= current + inFlight && next <= last) ask(next++);
  };

  return {
    take(page) {
      if (closed) return Promise.reject(new Error('fetch-ahead closed'));
      current = page;
      if (!pending.has(page) && page >= next) {
        next = page;
        ask(next++);
      }
      fill();
      const p = pending.get(page);
      if (!p) return Promise.reject(new Error(`page ${page} was already taken`));
      pending.delete(page);
      return p.answer;
    },
    arrived(page) {
      return pending.get(page)?.arrived ?? false;
    },
    setLastPage(bound) {
      last = bound ?? Number.POSITIVE_INFINITY;
      fill();
    },
    close() {
      closed = true;
      for (const p of pending.values()) p.controller.abort();
      pending.clear();
    },
  };
}
