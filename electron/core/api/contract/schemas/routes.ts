import type { TSchema } from 'typebox';
import type { RouteKey } from '../route-catalog';
import { EnrollmentPage, EnrollmentPreview, EnrollmentsQuery, OrgUnitLevel, OrgUnitsQuery, PhotoParams, PhotoQuery, PreviewQuery, ProgrammeList } from './cache';
import { CardParams, GenerateBody, GenerationStarted, PdfQuery, PreviewCardQuery } from './cards';
import { NoQuery } from './common';
import { ConfigSaved, ConfigView, ConnectionFailed, Credentials, TestConnectionAnswer, TestConnectionBody } from './connection';
import { CreatedToken, Health, Settings, SettingsPatch, TokenBody, TokenInfo, TokenList, TokenParams } from './foundation';
import { AssignCodesAnswer, AssignCodesBody, MappingQuery, MappingView } from './mapping';
import { ChannelsBody, ChannelsView, Outbox, OutboxMessage, OutboxQuery, SendCardBody } from './messaging';
import { NetworkBody, NetworkStatus } from './network';
import { AuditList, AuditQuery, DecisionBody, Decided, MergeBody, Merged, Person, PersonParams, ReviewList, ReviewParams, ReviewQuery, Split, SplitBody, SplitParams } from './mpi';
import { PrintedQuery, Printed, PrintJob, PrintJobBody, PrintSheet, PrintSheetQuery, TaskCardParams } from './printing';
import { Schedule, ScheduleBody, SyncBody, SyncStarted, SyncStatus } from './sync';
import { Task, TaskList, TaskParams, TasksQuery } from './tasks';
import { Jwks, TrustExportQuery, TrustFile, TrustImportBody, TrustKeyParams, TrustedOffices, Verification, VerifyBody } from './verify';
import { WalletBulk, WalletBulkBody, WalletConfigBody, WalletConfigView, WalletLink, WalletLinkParams } from './wallet';
import { Retried, WritebackBody, WritebackProgramme, WritebackView, WriteParams, WriteQueue, WriteQueueQuery, WriteRun } from './writeback';

// Every route of the catalogue with the schemas it validates with and the answer it gives: the one
// definition the server registers and the typed client is keyed on.

export interface RouteSchemas {
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** The JSON answer, or the file type of a binary one. */
  answer: TSchema | 'png' | 'pdf';
  /** The status of a success when it is not 200. */
  status?: 201 | 202;
  /** A JSON body the route gives with an error status instead of the usual error body (test-connection's). */
  failure?: TSchema;
}

export const routeSchemas = {
  'GET /health': { query: NoQuery, answer: Health },
  'GET /dhis2/settings': { answer: Settings },
  'POST /dhis2/settings': { body: SettingsPatch, answer: Settings },
  'GET /dhis2/tokens': { answer: TokenList },
  'POST /dhis2/tokens': { body: TokenBody, answer: CreatedToken, status: 201 },
  'POST /dhis2/tokens/:token_id/revoke': { params: TokenParams, answer: TokenInfo },
  'GET /dhis2/tasks': { query: TasksQuery, answer: TaskList },
  'GET /dhis2/tasks/:task_id': { params: TaskParams, answer: Task },
  'POST /dhis2/tasks/:task_id/cancel': { params: TaskParams, answer: Task },

  'POST /dhis2/config': { body: Credentials, answer: ConfigSaved },
  'GET /dhis2/config': { answer: ConfigView },
  'POST /dhis2/test-connection': { body: TestConnectionBody, answer: TestConnectionAnswer, failure: ConnectionFailed },
  'GET /dhis2/preview-enrollments': { query: PreviewQuery, answer: EnrollmentPreview },
  'GET /dhis2/enrollments': { query: EnrollmentsQuery, answer: EnrollmentPage },
  'GET /dhis2/photos/:file_resource_id.png': { params: PhotoParams, query: PhotoQuery, answer: 'png' },
  'POST /dhis2/assign-codes': { body: AssignCodesBody, answer: AssignCodesAnswer },
  'GET /dhis2/mapping': { query: MappingQuery, answer: MappingView },
  'POST /dhis2/sync-schedule': { body: ScheduleBody, answer: Schedule },
  'POST /dhis2/sync': { body: SyncBody, answer: SyncStarted, status: 202 },
  'GET /dhis2/sync-status': { answer: SyncStatus },
  'GET /dhis2/programmes': { answer: ProgrammeList },
  'GET /dhis2/org-units': { query: OrgUnitsQuery, answer: OrgUnitLevel },

  'GET /dhis2/preview-card-png': { query: PreviewCardQuery, answer: 'png' },

  'POST /dhis2/generate-cards': { body: GenerateBody, answer: GenerationStarted, status: 202 },
  'GET /dhis2/tasks/:task_id/pdf': { params: TaskParams, query: PdfQuery, answer: 'pdf' },
  'GET /dhis2/cards/:enrollment_id.png': { params: CardParams, answer: 'png' },
  'GET /dhis2/mpi/review': { query: ReviewQuery, answer: ReviewList },
  'POST /dhis2/mpi/review/:review_id': { params: ReviewParams, body: DecisionBody, answer: Decided },
  'GET /dhis2/mpi/writeback': { query: NoQuery, answer: WritebackView },
  'POST /dhis2/mpi/writeback': { body: WritebackBody, answer: WritebackProgramme },
  'GET /dhis2/mpi/writeback/queue': { query: WriteQueueQuery, answer: WriteQueue },
  'POST /dhis2/mpi/writeback/queue/:tracked_entity_id/retry': { params: WriteParams, answer: Retried },
  'POST /dhis2/mpi/writeback/run': { answer: WriteRun },
  'GET /dhis2/mpi/persons/:mpi_id': { params: PersonParams, answer: Person },
  'POST /dhis2/mpi/enrollments/:enrollment_id/split': { params: SplitParams, body: SplitBody, answer: Split },
  'POST /dhis2/mpi/persons/:mpi_id/merge': { params: PersonParams, body: MergeBody, answer: Merged },
  'GET /dhis2/mpi/audit': { query: AuditQuery, answer: AuditList },

  'GET /dhis2/print-sheet': { query: PrintSheetQuery, answer: PrintSheet },
  'GET /dhis2/tasks/:task_id/cards/:seq.png': { params: TaskCardParams, answer: 'png' },
  'POST /dhis2/print-jobs': { body: PrintJobBody, answer: PrintJob, status: 201 },
  'GET /dhis2/printed-cards': { query: PrintedQuery, answer: Printed },

  'POST /dhis2/send-card': { body: SendCardBody, answer: OutboxMessage },
  'GET /dhis2/outbox': { query: OutboxQuery, answer: Outbox },
  'POST /dhis2/channels': { body: ChannelsBody, answer: ChannelsView },
  'GET /dhis2/channels': { answer: ChannelsView },
  'POST /dhis2/google-wallet/config': { body: WalletConfigBody, answer: WalletConfigView },
  'GET /dhis2/google-wallet/config': { answer: WalletConfigView },
  'POST /dhis2/google-wallet/bulk': { body: WalletBulkBody, answer: WalletBulk },
  'GET /dhis2/google-wallet/:enrollment_id': { params: WalletLinkParams, answer: WalletLink },

  'GET /dhis2/network': { answer: NetworkStatus },
  'POST /dhis2/network': { body: NetworkBody, answer: NetworkStatus },

  'GET /dhis2/keys': { answer: Jwks },
  'POST /dhis2/verify': { body: VerifyBody, answer: Verification },
  'GET /dhis2/trust/export': { query: TrustExportQuery, answer: TrustFile },
  'GET /dhis2/trust': { answer: TrustedOffices },
  'POST /dhis2/trust': { body: TrustImportBody, answer: TrustedOffices },
  'POST /dhis2/trust/:key_id/remove': { params: TrustKeyParams, answer: TrustedOffices },
} as const satisfies { [K in RouteKey]: RouteSchemas };
