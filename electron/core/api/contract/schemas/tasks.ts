import { Type, type Static } from 'typebox';
import { supportedDpis, templateIds } from '../card-templates';
import { finishedStatuses, generationPhases, taskKinds, taskStatuses } from '../tasks';
import { Answer, Nullable, TaskId } from './common';

// Tasks: what every kind shares, and the details each kind reports as it goes.

const taskFields = {
  task_id: Type.String(),
  programme_uid: Nullable(Type.String()),
  status: Type.Enum([...taskStatuses]),
  progress: Type.Number({ minimum: 0, maximum: 100 }),
  created_at: Type.String(),
  started_at: Nullable(Type.String()),
  finished_at: Nullable(Type.String()),
  cancel_requested: Type.Boolean(),
  errors: Type.Array(Type.String()),
  eta_seconds: Nullable(Type.Number()),
};

/**
 * A sync: the programme it is at, pages and tracked entities done, what crossed the link (bytes as received,
 * compressed when DHIS2 compressed them; the rate of the last seconds; whether the link or the computer held it
 * up), and the photo step when there is one.
 */
export const SyncDetails = Answer({
  programme_uid: Type.Optional(Type.String()),
  pages_done: Type.Optional(Type.Integer()),
  tracked_entities_done: Type.Optional(Type.Integer()),
  enrollments_synced: Type.Optional(Type.Integer()),
  tracked_entities_total: Type.Optional(Nullable(Type.Integer())),
  bytes_received: Type.Optional(Type.Integer({ minimum: 0 })),
  bytes_per_second: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  limited_by: Type.Optional(Nullable(Type.Enum(['network', 'computer']))),
  photos_to_fetch: Type.Optional(Type.Integer()),
  photos_fetched: Type.Optional(Type.Integer()),
  photos_failed: Type.Optional(Type.Integer()),
});
export type SyncDetails = Static<typeof SyncDetails>;

export const GenerationOutputs = Answer({
  directory: Type.String(),
  pdf_a4: Type.String(),
  pdf_cr80: Type.String(),
  a4_pages: Type.Integer(),
  cr80_pages: Type.Integer(),
});
export type GenerationOutputs = Static<typeof GenerationOutputs>;

const generationDetailFields = {
  phase: Type.Optional(Type.Enum([...generationPhases])),
  cards_generated: Type.Integer(),
  total_cards: Type.Integer(),
  mpi_resolved: Type.Integer(),
  mpi_created: Type.Integer(),
  mpi_pending_review: Type.Integer(),
  cards_failed: Type.Optional(Type.Integer()),
  template: Type.Enum([...templateIds]),
  dpi: Type.Enum([...supportedDpis]),
  /** Once the print files are written. */
  outputs: Type.Optional(GenerationOutputs),
};
/** A generation: its phase, the cards and MPI counters, and the print files once written. */
export const GenerationDetails = Answer(generationDetailFields);
export type GenerationDetails = Static<typeof GenerationDetails>;

export const SyncTask = Answer({ ...taskFields, kind: Type.Literal('sync'), details: SyncDetails });
/** The reference's task answer shows a generation's counters at the top level too. */
export const GenerationTask = Answer({ ...taskFields, kind: Type.Literal('generation'), details: GenerationDetails, ...generationDetailFields });
export const Task = Type.Union([SyncTask, GenerationTask]);
export type SyncTask = Static<typeof SyncTask>;
export type GenerationTask = Static<typeof GenerationTask>;
export type Task = Static<typeof Task>;

export const TaskParams = Type.Object({ task_id: TaskId });
export const TasksQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum([...taskKinds])),
    status: Type.Optional(Type.Enum([...taskStatuses])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);
export const TaskList = Answer({ tasks: Type.Array(Task) });

export const FinishedStatus = Type.Enum([...finishedStatuses]);
