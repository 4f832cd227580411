// The two cut-offs on the match probability, and what each outcome is called in task counters.

export interface Thresholds {
  /** At or above: linked to the candidate person automatically. */
  link: number;
  /** At or above (and below link): a review item. Below: a new person. */
  review: number;
}

/** Chosen by measurement on the sandbox's labelled population; see README.md beside this file. */
export const defaultThresholds: Readonly<Thresholds> = Object.freeze({ link: 0.99, review: 0.05 });

export type Decision = 'linked' | 'review' | 'new';

/** The generation task's counter each decision feeds. */
export const decisionStatus = {
  linked: 'mpi_resolved', review: 'mpi_pending_review', new: 'mpi_created',
} as const satisfies Record<Decision, string>;

/** Refuses thresholds that cannot work, so a bad setting fails loudly rather than linking everyone. */
export function checkThresholds(t: Thresholds): Thresholds {
  const ok = (x: number): boolean => Number.isFinite(x) && x > 0 && x < 1;
  if (!ok(t.link) || !ok(t.review) || t.review > t.link) {
    throw new RangeError(`MPI thresholds need 0 < review ≤ link < 1, got review ${t.review}, link ${t.link}`);
  }
  return t;
}

/** OOMUS_MPI_LINK_THRESHOLD and OOMUS_MPI_REVIEW_THRESHOLD (numbers between 0 and 1), each defaulting. */
export function thresholdsFromEnv(env: NodeJS.ProcessEnv): Thresholds {
  const read = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw) || !Number.isFinite(value)) throw new RangeError(`${name} must be a number between 0 and 1, not "${raw}".`);
    return value;
  };
  return checkThresholds({ link: read('OOMUS_MPI_LINK_THRESHOLD', defaultThresholds.link), review: read('OOMUS_MPI_REVIEW_THRESHOLD', defaultThresholds.review) });
}
