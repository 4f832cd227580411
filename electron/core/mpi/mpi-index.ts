import { blockingKeys } from './blocking';
import { priorModel, weightsOf, type FsModel, type Weights } from './fs-model';
import { estimateFromRecords, type EstimateOptions } from './model-estimate';
import { prepareRecord, type PersonRecord, type PreparedRecord } from './record';
import { scorePair, type FieldScore, type PairScore, type ScoreContext } from './score';
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
  | 'namesakes' // review: no one alone is likely enough, but together the candidates are (a name shared in a district, nothing else to tell them apart)
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
  /**
   * The next persons this may be (up to five, each at least `alternativeFloor` likely), for the reviewer to
   * choose from: namesakes that no field tells apart are all shown, not just the one first in rank.
   */
  alternatives: Alternative[];
  /** Records compared (the blocks' size for this record). */
  compared: number;
}

export interface Alternative {
  /** The person, and the record of it closest to the one matched. */
  candidate: IndexedPerson;
  score: number;
  fields: FieldScore[];
}

/** How likely a person must be to be shown beside the first as another that this record may be. */
export const alternativeFloor = 0.005;
const maxAlternatives = 9;

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
  /** The Fellegi–Sunter model to weigh comparisons with (default: the prior, until one is estimated). */
  model?: FsModel;
}

export class MpiIndex {
  private readonly entries: Entry[] = [];
  private readonly blocks = new Map<string, number[]>();
  private readonly mpiIds = new Set<string>();
  private readonly maxBlock: number;
  // Per-query "already compared" marks, stamped instead of cleared.
  private seen = new Uint32Array(1024);
  private stamp = 0;
  // Term frequencies of name keys, and the first names each phone is given with (a household's is shared).
  private readonly firstCounts = new Map<string, number>();
  private readonly lastCounts = new Map<string, number>();
  private readonly phonePersons = new Map<string, string | Set<string>>();
  private fsModel: FsModel;
  private fsWeights: Weights;
  private readonly ctx: ScoreContext;

  constructor(options: MpiIndexOptions = {}) {
    this.maxBlock = options.maxBlock ?? 5000;
    this.fsModel = options.model ?? priorModel;
    this.fsWeights = weightsOf(this.fsModel);
    const share = (counts: Map<string, number>, key: string): number => {
      // Below a few thousand records, shares are noise: the level's average u stands.
      if (this.entries.length < 2000) return 0;
      return ((counts.get(key) ?? 0) + 1) / (this.entries.length + 1);
    };
    this.ctx = {
      model: this.fsModel,
      weights: this.fsWeights,
      firstNameShare: (key) => share(this.firstCounts, key),
      lastNameShare: (key) => share(this.lastCounts, key),
      sharedPhone: (phone) => typeof this.phonePersons.get(phone) === 'object',
    };
  }

  /** The model comparisons are weighed with. */
  get model(): FsModel {
    return this.fsModel;
  }

  setModel(model: FsModel): void {
    this.fsModel = model;
    this.fsWeights = weightsOf(model);
    this.ctx.model = model;
    this.ctx.weights = this.fsWeights;
  }

  static from(persons: Iterable<IndexedPerson>, options: MpiIndexOptions = {}): MpiIndex {
    const index = new MpiIndex(options);
    for (const p of persons) index.add(p);
    return index;
  }

  /**
   * Estimates the model from the records held (labels unseen; see model-estimate.ts). Does not set it.
   */
  estimate(now: Date, options: EstimateOptions = {}): FsModel {
    return estimateFromRecords(this.entries.map((e) => e.prepared), this.ctx, now, options);
  }


  /** Files one record of a person (a new person, or one more record of a known one). */
  add(person: IndexedPerson): void {
    const prepared = prepareRecord(person.record);
    const id = this.entries.length;
    this.entries.push({ person, prepared });
    this.mpiIds.add(person.mpiId);
    if (prepared.first) this.firstCounts.set(prepared.first.compactKey, (this.firstCounts.get(prepared.first.compactKey) ?? 0) + 1);
    if (prepared.last) this.lastCounts.set(prepared.last.compactKey, (this.lastCounts.get(prepared.last.compactKey) ?? 0) + 1);
    if (prepared.phone && prepared.first) {
      // A phone given with one first name is kept as that name; a set once records give it with another
      // (twins, siblings, a mother and her children): a household's number, whoever the persons are.
      const name = prepared.first.compactKey;
      const known = this.phonePersons.get(prepared.phone);
      if (known === undefined) this.phonePersons.set(prepared.phone, name);
      else if (typeof known === 'string') {
        if (known !== name) this.phonePersons.set(prepared.phone, new Set([known, name]));
      } else known.add(name);
    }
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
      const pair = scorePair(prepared, entry.prepared, this.ctx);
      const known = best.get(entry.person.mpiId);
      if (!known || better(pair, known.pair)) best.set(entry.person.mpiId, { entry, pair });
    }
    const ranked = [...best.values()].sort((x, y) => (better(x.pair, y.pair) ? -1 : better(y.pair, x.pair) ? 1 : 0));
    const top = ranked[0];
    const alternatives = ranked.slice(1, 1 + maxAlternatives).filter((r) => r.pair.score >= alternativeFloor)
      .map((r): Alternative => ({ candidate: r.entry.person, score: r.pair.score, fields: r.pair.fields }));
    if (!top) {
      return { decision: 'new', status: decisionStatus.new, reason: 'no_candidate', score: 0, weight: 0, candidate: null, fields: [], swapped: false, alternatives, compared: 0 };
    }
    const { pair } = top;
    const reason = reasonFor(pair, ranked[1]?.pair, alternatives, thresholds);
    const decision: Decision = reason === 'matched' ? 'linked' : reason === 'below_review' ? 'new' : 'review';
    return {
      decision, status: decisionStatus[decision], reason, score: pair.score, weight: pair.weight, candidate: top.entry.person,
      fields: pair.fields, swapped: pair.swapped, alternatives, compared: ids.length,
    };
  }
}

/** Scores saturate near 1 where bits still tell candidates apart. */
const likeness = (p: PairScore): number => p.fields.reduce((sum, f) => sum + (f.similarity ?? 0), 0);
/** Ranks by evidence in bits, then (levels weighing alike) by how alike the values are. */
const better = (a: PairScore, b: PairScore): boolean => a.weight > b.weight || (a.weight === b.weight && likeness(a) > likeness(b));

function reasonFor(top: PairScore, second: PairScore | undefined, alternatives: readonly Alternative[], t: Thresholds): MatchReason {
  if (top.score < t.review) {
    // The probability that the record is one of them: namesakes each too unlikely alone may together be a
    // likely duplicate (two Fatou Diallo of one health centre, and a record with nothing but the name).
    const together = alternatives.reduce((sum, a) => sum + a.score, top.score);
    return alternatives.length && together >= t.review ? 'namesakes' : 'below_review';
  }
  if (top.score < t.link) return 'below_link';
  if (top.blocker) return top.blocker;
  if (second && second.score >= t.link) return 'ambiguous';
  return 'matched';
}
