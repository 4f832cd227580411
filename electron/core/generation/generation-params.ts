import type { Language, SovereignConfig } from '../../../templates/kit/card-model';
import type { TemplateId } from '../../../templates/kit/template';
import type { Dpi } from '../../../templates/kit/units';
import type { EnrollmentFilter } from '../cache/enrollment-query';

/** What a generation task was asked for, stored with the task so a resumed task does the same. */
export interface GenerationParams {
  programme_uid: string;
  template: TemplateId;
  dpi: Dpi;
  include_mpi_id: boolean;
  language: Language;
  sovereign_config?: SovereignConfig;
  filter: EnrollmentFilter;
  /** Only enrollments without a card made since they were last synced (automatic runs after a sync). */
  only_uncarded?: boolean;
}
