import { Type, type Static } from 'typebox';
import { templateIds } from '../card-templates';
import { enrollmentStatuses } from '../enrollments';
import { Answer, IsoDate, PathId, Uid } from './common';

// Cards: a preview of one, generation tasks over many, their print PDFs and each enrollment's latest card.
// The DPI is checked by the route against the supported ones, so its error names them.

export const PreviewCardQuery = Type.Object(
  {
    enrollment_id: PathId,
    template: Type.Enum([...templateIds]),
    dpi: Type.Integer({ default: 300 }),
    /** JSON text of sovereign_config, for previewing the configurable template (sovereign only). */
    sovereign_config: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type PreviewCardQuery = Static<typeof PreviewCardQuery>;

export const EnrollmentFilterBody = Type.Object(
  {
    enrollment_date_from: Type.Optional(IsoDate),
    enrollment_date_to: Type.Optional(IsoDate),
    org_unit: Type.Optional(Uid),
    enrollment_status: Type.Optional(Type.Enum([...enrollmentStatuses])),
  },
  { additionalProperties: false },
);
export const GenerateBody = Type.Object(
  {
    programme_uid: Uid,
    template: Type.Enum([...templateIds]),
    dpi: Type.Integer({ default: 300 }),
    include_mpi_id: Type.Boolean({ default: true }),
    enrollment_filter: Type.Optional(EnrollmentFilterBody),
    /** Checked field by field by the sovereign settings' own parser, which names each problem. */
    sovereign_config: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type GenerateBody = Static<typeof GenerateBody>;
export const GenerationStarted = Answer({
  task_id: Type.String(),
  programme_uid: Type.String(),
  status: Type.Literal('pending'),
  estimated_cards: Type.Integer(),
  created_at: Type.String(),
});
export type GenerationStarted = Static<typeof GenerationStarted>;

export const PdfLayout = Type.Enum(['a4', 'cr80']);
export const PdfQuery = Type.Object({ layout: Type.Enum(['a4', 'cr80'], { default: 'a4' }) }, { additionalProperties: false });
export const CardParams = Type.Object({ enrollment_id: PathId });
