// What a sync's progress tells of its speed: the bytes received, the rate of the last seconds, and which side
// held it up then, the link (the writer waited for pages) or the computer (pages waited for the writer).

export type LimitedBy = 'network' | 'computer';

export interface LinkReading {
  bytesReceived: number;
  /** Over the last few seconds (since the start in the first ones); null before anything has arrived. */
  bytesPerSecond: number | null;
  limitedBy: LimitedBy | null;
}

export interface LinkMeter {
  /** After each page: the client's byte count, how long the writer waited for the page, how long it took to write. */
  page(bytesReceived: number, waitedMs: number, writeMs: number): LinkReading;
}

const windowMs = 5000;

export function createLinkMeter(startBytes: number, now: () => number = () => performance.now()): LinkMeter {
  const samples: { at: number; bytes: number; waitedMs: number; writeMs: number }[] = [{ at: now(), bytes: startBytes, waitedMs: 0, writeMs: 0 }];
  return {
    page(bytesReceived, waitedMs, writeMs) {
      const at = now();
      samples.push({ at, bytes: bytesReceived, waitedMs, writeMs });
      // Keep the window, and one sample before it as the rate's starting point.
      while (samples.length > 2 && (samples[1]?.at ?? at) < at - windowMs) samples.shift();
      const from = samples[0] ?? { at, bytes: bytesReceived };
      const seconds = (at - from.at) / 1000;
      const recent = samples.slice(1);
      const waited = recent.reduce((sum, s) => sum + s.waitedMs, 0);
      const wrote = recent.reduce((sum, s) => sum + s.writeMs, 0);
      return {
        bytesReceived: bytesReceived - startBytes,
        bytesPerSecond: seconds > 0 && bytesReceived > startBytes ? Math.round((bytesReceived - from.bytes) / seconds) : null,
        limitedBy: waited + wrote > 0 ? (waited >= wrote ? 'network' : 'computer') : null,
      };
    },
  };
}
