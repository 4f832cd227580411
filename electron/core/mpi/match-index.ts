import { MpiIndex } from './mpi-index';
import type { MatchIndex } from './mpi-service';
import { defaultThresholds, type Thresholds } from './thresholds';

// The matching engine (mpi-index.ts) behind the service's small interface.

export function createMatchIndex(thresholds: Thresholds = defaultThresholds): MatchIndex {
  const index = new MpiIndex();
  return {
    get size() {
      return index.size;
    },
    get model() {
      return index.model;
    },
    estimate: (now) => index.estimate(now),
    setModel: (model) => index.setModel(model),
    add: (mpiId, record) => index.add({ mpiId, record }),
    match(record, exclude) {
      const m = index.match(record, thresholds, exclude);
      return {
        decision: m.decision, mpiId: m.candidate?.mpiId ?? null, score: m.score, fields: m.fields,
        alternatives: m.alternatives.map((a) => ({ mpiId: a.candidate.mpiId, score: a.score, fields: a.fields })),
      };
    },
  };
}
