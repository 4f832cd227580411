// MPI matching: an index of 100,000 persons built by matching the sandbox population in creation order,
// then 20,000 more enrollments matched against it (match + add, as the app does). Returns enrollments
// matched per second and the pair precision / recall of the whole run against the planted duplicates.
import { defaultThresholds } from '../../electron/core/mpi/thresholds';
import { labelledSet, pairQuality, resolveAll } from '../unit/mpi/labelled-set';

const indexPersons = Number(process.env.BENCH_MPI_INDEX ?? 100_000);
const matchCount = Number(process.env.BENCH_MPI_MATCH ?? 20_000);

export async function benchMpi(): Promise<Record<string, unknown>> {
  // About 1.1 tracked entities per vaccination enrollment (prenatal women on top), 3.4% of them linked:
  // ask for enough that `indexPersons` persons exist before the `matchCount` timed records.
  const enrollments = Math.ceil(((indexPersons / 0.96 + matchCount) / 1.09) * 1.02);
  const generated = performance.now();
  const all = labelledSet(enrollments, 2026);
  const generateSeconds = (performance.now() - generated) / 1000;
  const started = performance.now();
  const res = resolveAll(all, { thresholds: defaultThresholds, timeFromPersons: indexPersons, timedRecords: matchCount });
  const totalSeconds = (performance.now() - started) / 1000;
  if (res.timed.records < matchCount) throw new Error(`only ${res.timed.records} records after the index reached ${indexPersons} persons`);
  const q = pairQuality(all, res);
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
    recall_auto: q.recall_auto,
    precision_auto_review: q.precision_auto_review,
    recall_auto_review: q.recall_auto_review,
    true_pairs: q.true_pairs,
    linked: q.linked,
    review: q.review,
    review_true: q.review_true,
    new: q.new,
    thresholds: { ...defaultThresholds },
    generate_s: round(generateSeconds, 1),
    heap_mb: round(process.memoryUsage().heapUsed / 1024 / 1024),
  };
}
