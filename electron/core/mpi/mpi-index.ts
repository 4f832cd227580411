import { blockingKeys } from './blocking';
import { prepareRecord, type PersonRecord, type PreparedRecord } from './record';
import { scorePair, type FieldScore, type PairScore } from './score';
import { checkThresholds, decisionStatus, defaultThresholds, type Decision, type Thresholds } from './thresholds';

// The in-memory Master Patient Index: every known record of every person, filed under its blocking keys.
// A person may hold several records (each enrollment linked to it adds its own spelling), so a later record
// matches whichever of them it resembles most. Entries are plain JSON ({ mpiId, record }): a store loads
// them from SQLite with add(), and nothing here knows about storage.

export interface IndexedPerson {
  mpiId: string;
  record: PersonRecord;
}

export type MatchReason =
  | 'matched' // linked: score at or above the link threshold, nothing against it
  | 'ambiguous' // review: two different persons both at or above the link threshold
  | 'names_disagree' // review: high score, but a name differs too much to link unseen (twins, siblings)
  | 'no_identifier' // review: names agree but neither the date of birth nor the phone confirms it
  | 'below_link' // review: between the thresholds
  | 'below_review' // new: the best candidate is too unlike
  | 'no_candidate'; // new: no one shares a block

export interface MatchResult {
  decision: Decision;
  /** The generation counter this feeds: mpi_resolved, mpi_pending_review, mpi_created. */
  status: (typeof decisionStatus)[Decision];
  reason: MatchReason;
  /** The best candidate's score (0 without one). */
  score: number;
  /** Its total evidence in bits. */
  weight: number;
  /** The best candidate person and the record of it that matched best; null when none shares a block. */
  candidate: IndexedPerson | null;
  /** Field-by-field comparison with that candidate (what a reviewer sees next to both records). */
  fields: FieldScore[];
  swapped: boolean;
  /** The next-best persons (up to 3), for the reviewer. */
  others: { mpiId: string; score: number }[];
  /** Records compared (the blocks' size for this record). */
  compared: number;
}

interface Entry {
  person: IndexedPerson;
  prepared: PreparedRecord;
}

interface Ranked {
  entry: Entry;
  pair: PairScore;
}

export interface MpiIndexOptions {
  /**
   * Blocks bigger than this are not looked up (a placeholder phone shared by hundreds, a name key that
   * says nothing): comparing with all of them would cost more than it could find. Other keys still apply.
   */
  maxBlock?: number;
}

export class MpiIndex {
  private readonly entries: Entry[] = [];
  private readonly blocks = new Map<string, number[]>();
  private readonly mpiIds = new Set<string>();
  private readonly maxBlock: number;
  // Per-query "already compared" marks, stamped instead of cleared.
  private seen = new Uint32Array(1024);
  private stamp = 0;

  constructor(options: MpiIndexOptions = {}) {
    this.maxBlock = options.maxBlock ?? 5000;
  }

  static from(persons: Iterable<IndexedPerson>, options: MpiIndexOptions = {}): MpiIndex {
    const index = new MpiIndex(options);
    for (const p of persons) index.add(p);
    return index;
  }

  /** Files one record of a person (a new person, or one more record of a known one). */
  add(person: IndexedPerson): void {
    const prepared = prepareRecord(person.record);
    const id = this.entries.length;
    this.entries.push({ person, prepared });
    this.mpiIds.add(person.mpiId);
    for (const key of blockingKeys(prepared).index) {
      const block = this.blocks.get(key);
      if (block) block.push(id);
      else this.blocks.set(key, [id]);
    }
  }

  /** Records held (a person may have several). */
  get size(): number {
    return this.entries.length;
  }

  /** Distinct persons (MPI IDs). */
  get personCount(): number {
    return this.mpiIds.size;
  }

  /** Every record as filed, for saving or for building another index. */
  records(): IndexedPerson[] {
    return this.entries.map((e) => e.person);
  }

  /** The records sharing at least one blocking key with this one: the only ones match() compares. */
  candidates(record: PersonRecord): IndexedPerson[] {
    return this.candidateIds(prepareRecord(record)).map((id) => (this.entries[id] as Entry).person);
  }

  private candidateIds(p: PreparedRecord): number[] {
    if (this.seen.length < this.entries.length) {
      const grown = new Uint32Array(Math.max(this.entries.length * 2, 1024));
      grown.set(this.seen);
      this.seen = grown;
    }
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const out: number[] = [];
    for (const key of blockingKeys(p).probe) {
      const block = this.blocks.get(key);
      if (!block || block.length > this.maxBlock) continue;
      for (const id of block) {
        if (this.seen[id] === this.stamp) continue;
        this.seen[id] = this.stamp;
        out.push(id);
      }
    }
    return out;
  }

  /** Compares a record with its candidates and decides: linked to a known person, review, or a new person. */
  match(record: PersonRecord, thresholds: Thresholds = defaultThresholds, exclude?: ReadonlySet<string>): MatchResult {
    checkThresholds(thresholds);
    const prepared = prepareRecord(record);
    const ids = this.candidateIds(prepared);
    // Best record per person: a person is as close as its closest record. Persons a reviewer said this is not are passed over.
    const best = new Map<string, Ranked>();
    for (const id of ids) {
      const entry = this.entries[id] as Entry;
      if (exclude?.has(entry.person.mpiId)) continue;
      const pair = scorePair(prepared, entry.prepared);
      const known = best.get(entry.person.mpiId);
      if (!known || better(pair, known.pair)) best.set(entry.person.mpiId, { entry, pair });
    }
    const ranked = [...best.values()].sort((x, y) => (better(x.pair, y.pair) ? -1 : better(y.pair, x.pair) ? 1 : 0));
    const top = ranked[0];
    const others = ranked.slice(1, 4).map((r) => ({ mpiId: r.entry.person.mpiId, score: r.pair.score }));
    if (!top) {
      return { decision: 'new', status: decisionStatus.new, reason: 'no_candidate', score: 0, weight: 0, candidate: null, fields: [], swapped: false, others, compared: 0 };
    }
    const { pair } = top;
    const reason = reasonFor(pair, ranked[1]?.pair, thresholds);
    const decision: Decision = reason === 'matched' ? 'linked' : reason === 'below_review' ? 'new' : 'review';
    return {
      decision, status: decisionStatus[decision], reason, score: pair.score, weight: pair.weight, candidate: top.entry.person,
      fields: pair.fields, swapped: pair.swapped, others, compared: ids.length,
    };
  }
}

/** Ranks by evidence in bits: scores saturate near 1 where bits still tell candidates apart. */
const better = (a: PairScore, b: PairScore): boolean => a.weight > b.weight;

function reasonFor(top: PairScore, second: PairScore | undefined, t: Thresholds): MatchReason {
  if (top.score < t.review) return 'below_review';
  if (top.score < t.link) return 'below_link';
  if (top.blocker) return top.blocker;
  if (second && second.score >= t.link) return 'ambiguous';
  return 'matched';
}
