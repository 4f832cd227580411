// MPI matching: an index of 100,000 persons built by matching the sandbox population in creation order,
// then 20,000 more enrollments matched against it (match + add, as the app does). Returns enrollments
// matched per second and the pair precision / recall of the whole run against the planted duplicates, the
// model estimated first from the records (labels unseen) as the app does from its cache. Then the same
// measurement on the hard register (keys ending _hard), with blocking recall and the review queue's share
// of true duplicates on both.
import { MpiIndex } from '../../electron/core/mpi/mpi-index';
import { defaultThresholds } from '../../electron/core/mpi/thresholds';
import { estimatedModel, hardSet, measure } from '../unit/mpi/hard-set';
import { labelledSet, pairQuality, resolveAll } from '../unit/mpi/labelled-set';

const indexPersons = Number(process.env.BENCH_MPI_INDEX ?? 100_000);
const matchCount = Number(process.env.BENCH_MPI_MATCH ?? 20_000);
const hardPersons = Number(process.env.BENCH_MPI_HARD ?? 30_000);

export async function benchMpi(): Promise<Record<string, unknown>> {
  // About 1.1 tracked entities per vaccination enrollment (prenatal women on top), 3.4% of them linked:
  // ask for enough that `indexPersons` persons exist before the `matchCount` timed records.
  const enrollments = Math.ceil(((indexPersons / 0.96 + matchCount) / 1.09) * 1.02);
  const generated = performance.now();
  const all = labelledSet(enrollments, 2026);
  const generateSeconds = (performance.now() - generated) / 1000;
  const estimated = performance.now();
  const model = estimatedModel(all);
  const estimateSeconds = (performance.now() - estimated) / 1000;
  const started = performance.now();
  const res = resolveAll(all, { thresholds: defaultThresholds, timeFromPersons: indexPersons, timedRecords: matchCount, index: new MpiIndex({ model }) });
  const totalSeconds = (performance.now() - started) / 1000;
  if (res.timed.records < matchCount) throw new Error(`only ${res.timed.records} records after the index reached ${indexPersons} persons`);
  const q = pairQuality(all, res);
  // Blocking recall and the review share on the kind population (a run of its own, untimed).
  const kind = measure(all.slice(0, res.mpiOf.length), { model, thresholds: defaultThresholds }).measured;
  const hard = hardSet(hardPersons, 2026);
  const hardMeasured = measure(hard, { thresholds: defaultThresholds }).measured;
  const timedSeconds = res.timed.matchSeconds + res.timed.addSeconds;
  const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    benchmark: 'mpi',
    index_size: res.timed.fromIndexSize,
    matched: res.timed.records,
    mpi_per_s: round(res.timed.records / timedSeconds),
    match_only_per_s: round(res.timed.records / res.timed.matchSeconds),
    all_records: res.mpiOf.length,
    all_per_s: round(res.mpiOf.length / totalSeconds),
    compared_per_record: round(res.compared / res.mpiOf.length, 2),
    precision_auto: q.precision_auto,
    blocking_recall: kind.blocking_recall,
    review_true_share: kind.review_true_share,
    recall_auto: q.recall_auto,
    precision_auto_review: q.precision_auto_review,
    recall_auto_review: q.recall_auto_review,
    true_pairs: q.true_pairs,
    linked: q.linked,
    review: q.review,
    review_true: q.review_true,
    new: q.new,
    thresholds: { ...defaultThresholds },
    model_lambda: model.lambda,
    estimate_s: round(estimateSeconds, 1),
    hard_records: hardMeasured.records,
    hard_true_pairs: hardMeasured.true_pairs,
    hard_review: hardMeasured.review,
    precision_auto_hard: hardMeasured.precision_auto,
    recall_auto_hard: hardMeasured.recall_auto,
    recall_auto_review_hard: hardMeasured.recall_auto_review,
    blocking_recall_hard: hardMeasured.blocking_recall,
    review_true_share_hard: hardMeasured.review_true_share,
    generate_s: round(generateSeconds, 1),
    heap_mb: round(process.memoryUsage().heapUsed / 1024 / 1024),
  };
}
