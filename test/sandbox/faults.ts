// Fault injection: the failures a DHIS2 client meets in the field (slow links, 500s, cut connections, hangs,
// SSO portals, expiring sessions, rate limits), random by seed or pinned to the Nth data page; and the link
// itself (round trip, bandwidth, gzip: see link.ts).
import { stream, type Rng } from './random';

export interface Faults {
  /** Added delay before every /api answer: the link's round trip. */
  latencyMs: number;
  /** The link's bandwidth in kbit/s, shared by every /api answer's body (link.ts); null: unlimited. */
  bandwidthKbit: number | null;
  /** Gzip JSON answers for clients that send Accept-Encoding: gzip, as nginx does (level 6). */
  gzip: boolean;
  /** 0..1 share of /api requests answered 500 with a DHIS2 WebMessage. */
  errorRate: number;
  /** 0..1 share of /api responses whose connection is destroyed after the headers and part of the body. */
  dropRate: number;
  /** 0..1 share of /api requests never answered (socket open until the client gives up or the server closes). */
  timeoutRate: number;
  /** Answer every /api request with a 200 text/html login page (a reverse proxy or SSO portal in front). */
  htmlLogin: boolean;
  /** After this many tracker data pages served, every further /api request gets the JSON 401 WebMessage. */
  unauthorizedAfter: number | null;
  /** Above this many /api requests per second: 429 with Retry-After: 1 and a JSON body. */
  rateLimitPerSecond: number | null;
  /** The Nth tracker data page requests (1-based, counted since the faults were set) answer 500, once each. */
  failPages: number[];
  /** Same, but the connection is dropped mid-body. */
  dropPages: number[];
  /** Same, but never answered. */
  hangPages: number[];
  /** 0..1 share of file and image requests (photos, /api/fileResources) answered 500. */
  imageErrorRate: number;
  /** The Nth file or image requests (1-based, counted since the faults were set) answer 500, once each. */
  failImages: number[];
}

export const noFaults: Faults = {
  latencyMs: 0, bandwidthKbit: null, gzip: false, errorRate: 0, dropRate: 0, timeoutRate: 0, htmlLogin: false, unauthorizedAfter: null,
  rateLimitPerSecond: null, failPages: [], dropPages: [], hangPages: [], imageErrorRate: 0, failImages: [],
};

const rates = ['errorRate', 'dropRate', 'timeoutRate', 'imageErrorRate'] as const;
const pageLists = ['failPages', 'dropPages', 'hangPages', 'failImages'] as const;
const nullableCounts = ['unauthorizedAfter', 'rateLimitPerSecond'] as const;

/** Checks a Partial<Faults> from JSON or the CLI; throws with a message naming the bad field. */
export function parseFaults(input: unknown): Partial<Faults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('faults must be a JSON object');
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'latencyMs') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 600_000) throw new Error('latencyMs must be an integer from 0 to 600000');
      out.latencyMs = value as number;
    } else if ((rates as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`${key} must be a number from 0 to 1`);
      out[key as (typeof rates)[number]] = value;
    } else if (key === 'htmlLogin' || key === 'gzip') {
      if (typeof value !== 'boolean') throw new Error(`${key} must be true or false`);
      out[key] = value;
    } else if (key === 'bandwidthKbit') {
      if (value !== null && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 10_000_000)) {
        throw new Error('bandwidthKbit must be null or an integer from 1 to 10000000');
      }
      out.bandwidthKbit = value as number | null;
    } else if ((nullableCounts as readonly string[]).includes(key)) {
      if (value !== null && (!Number.isInteger(value) || (value as number) < (key === 'unauthorizedAfter' ? 0 : 1))) {
        throw new Error(`${key} must be null or an integer ≥ ${key === 'unauthorizedAfter' ? 0 : 1}`);
      }
      out[key as (typeof nullableCounts)[number]] = value as number | null;
    } else if ((pageLists as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || !value.every((n) => Number.isInteger(n) && n >= 1)) throw new Error(`${key} must be a list of request numbers ≥ 1`);
      out[key as (typeof pageLists)[number]] = [...(value as number[])];
    } else {
      throw new Error(`unknown fault "${key}"; known: ${Object.keys(noFaults).join(', ')}`);
    }
  }
  return out;
}

export type FaultAction = 'none' | 'error' | 'drop' | 'hang';

/** Live fault settings and the counters they depend on. */
export class FaultState {
  faults: Faults = { ...noFaults };
  /** Tracker data page requests seen since the faults were last set (what failPages & co. count). */
  dataPageRequests = 0;
  /** Tracker data pages answered 200 since the faults were last set (what unauthorizedAfter counts). */
  dataPagesServed = 0;
  /** File and image requests seen since the faults were last set (what failImages counts). */
  imageRequests = 0;
  private readonly rng: Rng;
  private window: number[] = [];

  constructor(seed: number) {
    this.rng = stream(seed, 'faults');
  }

  set(partial: Partial<Faults>): void {
    this.faults = { ...this.faults, ...parseFaults(partial) };
    this.dataPageRequests = 0;
    this.dataPagesServed = 0;
    this.imageRequests = 0;
  }

  clear(): void {
    this.faults = { ...noFaults };
    this.dataPageRequests = 0;
    this.dataPagesServed = 0;
    this.imageRequests = 0;
    this.window = [];
  }

  /** True when this request goes over the per-second budget (only admitted requests count against it). */
  rateLimited(nowMs: number): boolean {
    const limit = this.faults.rateLimitPerSecond;
    if (limit === null) return false;
    this.window = this.window.filter((t) => t > nowMs - 1000);
    if (this.window.length >= limit) return true;
    this.window.push(nowMs);
    return false;
  }

  sessionExpired(): boolean {
    const after = this.faults.unauthorizedAfter;
    return after !== null && this.dataPagesServed >= after;
  }

  /** What happens to this request: pinned page faults first, then the random rates (drawn in request order). */
  decide(isDataPage: boolean, isImage = false): FaultAction {
    if (isDataPage) {
      const n = ++this.dataPageRequests;
      if (this.faults.hangPages.includes(n)) return 'hang';
      if (this.faults.failPages.includes(n)) return 'error';
      if (this.faults.dropPages.includes(n)) return 'drop';
    }
    if (isImage) {
      const n = ++this.imageRequests;
      if (this.faults.failImages.includes(n)) return 'error';
      if (this.faults.imageErrorRate > 0 && this.rng() < this.faults.imageErrorRate) return 'error';
    }
    const { timeoutRate, errorRate, dropRate } = this.faults;
    if (timeoutRate > 0 && this.rng() < timeoutRate) return 'hang';
    if (errorRate > 0 && this.rng() < errorRate) return 'error';
    if (dropRate > 0 && this.rng() < dropRate) return 'drop';
    return 'none';
  }
}
