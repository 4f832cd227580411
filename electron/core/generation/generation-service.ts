import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { GenerateBody, GenerationStarted } from '../api/contract/schemas/cards';
import type { MetadataCache } from '../cache/metadata-cache';
import { checkDpi } from '../cards/card-dpi';
import { parseSovereignConfig } from '../cards/sovereign-config';
import { AppError, invalid, notFound } from '../errors';
import { noCardMapping, type MappingStore } from '../mapping/mapping-store';
import type { SettingsStore } from '../settings/settings';
import type { TaskStore } from '../tasks/tasks';
import type { CardFiles } from './card-files';
import type { GenerationParams } from './generation-params';
import type { GenerationRunner } from './generation-runner';
import { startGeneration } from './generation-starter';
import type { GenerationStore } from './generation-store';

// Card generation as the Print screen and LAN clients ask for it: start a run over a programme's cached
// enrollments, then fetch its print PDFs and each enrollment's latest card.

export interface GenerationService {
  start(body: GenerateBody): GenerationStarted;
  /** The print PDF of a finished generation task: 404 unknown or no generation, 409 not finished yet. */
  printPdf(taskId: string, layout: 'a4' | 'cr80'): string;
  /** The PNG of the enrollment's latest card; 404 when it has none. */
  latestCard(enrollmentUid: string): string;
}

export interface GenerationServiceDeps {
  db: Database;
  metadata: MetadataCache;
  mappings: MappingStore;
  settings: SettingsStore;
  tasks: TaskStore;
  store: GenerationStore;
  runner: GenerationRunner;
  cards: CardFiles;
}

export function createGenerationService(deps: GenerationServiceDeps): GenerationService {
  return {
    start(body) {
      const dpi = checkDpi(body.dpi);
      const sovereign = parseSovereignConfig(body.sovereign_config, body.template);
      const f = body.enrollment_filter ?? {};
      if (f.enrollment_date_from && f.enrollment_date_to && f.enrollment_date_from > f.enrollment_date_to) {
        throw invalid('enrollment_filter.enrollment_date_to', 'must not be before enrollment_date_from');
      }
      const programme = deps.metadata.programme(body.programme_uid);
      if (!programme) throw notFound(`Programme ${body.programme_uid} (not in the offline cache; sync it first)`);
      let orgUnitPath: string | undefined;
      if (f.org_unit) {
        const unit = deps.metadata.orgUnit(f.org_unit);
        if (!unit) throw notFound(`Org unit ${f.org_unit} (enrollment_filter.org_unit; not in the offline cache)`);
        orgUnitPath = unit.path;
      }
      if (deps.mappings.get(programme.uid).length === 0) throw noCardMapping(programme);
      const params: GenerationParams = {
        programme_uid: programme.uid,
        template: body.template,
        dpi,
        include_mpi_id: body.include_mpi_id,
        language: deps.settings.get().language,
        ...(sovereign ? { sovereign_config: sovereign } : {}),
        filter: {
          programmeUid: programme.uid,
          ...(orgUnitPath ? { orgUnitPath } : {}),
          ...(f.enrollment_date_from ? { fromDate: f.enrollment_date_from } : {}),
          ...(f.enrollment_date_to ? { toDate: f.enrollment_date_to } : {}),
          ...(f.enrollment_status ? { status: f.enrollment_status } : {}),
        },
      };
      const { taskId, createdAt, selected } = startGeneration(deps, params);
      return { task_id: taskId, programme_uid: programme.uid, status: 'pending', estimated_cards: selected, created_at: createdAt };
    },

    printPdf(taskId, layout) {
      const task = deps.tasks.get(taskId);
      if (task.kind !== 'generation') throw notFound(`Print PDF of task ${task.task_id} (a ${task.kind} task makes none)`);
      const file = layout === 'cr80' ? task.details.outputs?.pdf_cr80 : task.details.outputs?.pdf_a4;
      if (!file) throw new AppError('conflict', `Task ${task.task_id} is ${task.status}: its PDFs exist once it has completed.`);
      if (!existsSync(file)) throw notFound(`PDF ${file} (deleted from the data directory?)`);
      return file;
    },

    latestCard(enrollmentUid) {
      const file = deps.cards.latest(enrollmentUid);
      if (!file) throw notFound(`Generated card of enrollment ${enrollmentUid} (generate cards first)`);
      return file;
    },
  };
}
