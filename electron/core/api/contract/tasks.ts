// Long jobs (sync, card generation) are tasks; these are their kinds and the statuses they go through.

export const taskKinds = ['sync', 'generation'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const finishedStatuses = ['completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type FinishedStatus = (typeof finishedStatuses)[number];
/** A generation resolves MPI IDs, then generates cards; a sync is running. */
export const taskStatuses = ['pending', 'resolving', 'running', 'generating', ...finishedStatuses] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const isFinished = (s: TaskStatus): s is FinishedStatus => (finishedStatuses as readonly string[]).includes(s);

/** What a generation task reports it is doing. */
export const generationPhases = ['resolving', 'generating', 'assembling'] as const;
export type GenerationPhase = (typeof generationPhases)[number];
