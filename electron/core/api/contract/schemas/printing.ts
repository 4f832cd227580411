import { Type, type Static } from 'typebox';
import { maxCopies, maxPrintCards, printLayouts } from '../printing';
import { Answer, Nullable, PathId, TaskId } from './common';

// The print page's content (cards placed in millimetres, as the print PDFs place them), the PNG of one
// card of a run, and the record of what was printed.

const Layout = Type.Enum([...printLayouts]);

/** Either a generation run (all of it, or a page range), or the latest cards of chosen enrollments. */
export const PrintSheetQuery = Type.Object(
  {
    layout: Layout,
    task_id: Type.Optional(TaskId),
    from_page: Type.Optional(Type.Integer({ minimum: 1 })),
    to_page: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Comma-separated enrollment IDs, each printed with its latest card. */
    enrollment_ids: Type.Optional(Type.String({ minLength: 1, maxLength: 12_000 })),
  },
  { additionalProperties: false },
);
export type PrintSheetQuery = Static<typeof PrintSheetQuery>;

const Mm = Type.Number();
export const PlacedCard = Answer({
  enrollment_id: Type.String(),
  mpi_id: Nullable(Type.String()),
  /** The person's names as the card shows them, for choosing cards to print; null when neither is mapped. */
  name: Nullable(Type.String()),
  /** The run the card comes from. With its place in it, seq, the PNG is GET /dhis2/tasks/{task_id}/cards/{seq}.png;
   * with seq null, it is the enrollment's latest card, GET /dhis2/cards/{enrollment_id}.png. */
  task_id: Nullable(Type.String()),
  seq: Nullable(Type.Integer()),
  x: Mm, y: Mm, w: Mm, h: Mm,
});
export type PlacedCard = Static<typeof PlacedCard>;
export const CropMark = Answer({ x1: Mm, y1: Mm, x2: Mm, y2: Mm });
export const PrintPage = Answer({ number: Type.Integer(), cards: Type.Array(PlacedCard), marks: Type.Array(CropMark) });
export type PrintPage = Static<typeof PrintPage>;
export const PrintSheet = Answer({
  layout: Layout,
  page: Answer({ w: Mm, h: Mm }),
  /** Pages in the whole selection (a run: its PDF's page count), and those given here. */
  total_pages: Type.Integer(),
  total_cards: Type.Integer(),
  pages: Type.Array(PrintPage),
});
export type PrintSheet = Static<typeof PrintSheet>;

export const TaskCardParams = Type.Object({ task_id: TaskId, seq: Type.Integer({ minimum: 1 }) });

export const PrintJobBody = Type.Object(
  {
    layout: Layout,
    /** The printer the job went to; null when the browser's own print dialog printed it. */
    printer: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
    copies: Type.Integer({ minimum: 1, maximum: maxCopies, default: 1 }),
    cards: Type.Array(
      Type.Object({ enrollment_id: PathId, task_id: Type.Optional(Nullable(TaskId)) }, { additionalProperties: false }),
      { minItems: 1, maxItems: maxPrintCards },
    ),
  },
  { additionalProperties: false },
);
export type PrintJobBody = Static<typeof PrintJobBody>;
export const PrintJob = Answer({
  job_id: Type.String(),
  layout: Layout,
  printer: Nullable(Type.String()),
  copies: Type.Integer(),
  cards: Type.Integer(),
  printed_at: Type.String(),
});
export type PrintJob = Static<typeof PrintJob>;

export const PrintedQuery = Type.Object(
  {
    task_id: Type.Optional(TaskId),
    /** Comma-separated enrollment IDs. */
    enrollment_ids: Type.Optional(Type.String({ minLength: 1, maxLength: 12_000 })),
  },
  { additionalProperties: false },
);
export const PrintedCard = Answer({
  enrollment_id: Type.String(),
  times: Type.Integer(),
  last_printed_at: Type.String(),
  last_printer: Nullable(Type.String()),
  last_task_id: Nullable(Type.String()),
});
export type PrintedCard = Static<typeof PrintedCard>;
export const Printed = Answer({ cards: Type.Array(PrintedCard) });
