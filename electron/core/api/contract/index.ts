// The contract between the UI and the engine: the one place the renderer imports from the engine.
// Values are the shared lists and small pure helpers; the shapes of requests and answers are types only,
// read off the schemas the routes validate with, so the UI bundles no schema code.

export * from './attributes';
export * from './card-fields';
export * from './card-templates';
export * from './client';
export * from './countries';
export * from './desktop';
export * from './enrollments';
export * from './errors';
export * from './messaging';
export * from './mpi';
export * from './network';
export * from './printing';
export * from './route-catalog';
export * from './settings';
export * from './sms-count';
export * from './sync';
export * from './tasks';
export * from './transport';
export * from './wallet';
export * from './writeback';
export type * from './route-types';

export type { EnrollmentPage, EnrollmentPreview, EnrollmentsQuery, FoundEnrollment, OrgUnit, Programme, ProgrammeAttribute, ProgrammeMetadata, PreviewQuery, PreviewRow } from './schemas/cache';
export type { GenerateBody, GenerationStarted, PreviewCardQuery } from './schemas/cards';
export type { ConfigView, Credentials, TestConnectionAnswer } from './schemas/connection';
export type { CreatedToken, Settings, TokenInfo } from './schemas/foundation';
export type { AssignCodesAnswer, AssignCodesBody, MappingRequestItem, MappingView, SavedMappingItem } from './schemas/mapping';
export type { ChannelsView, Outbox, OutboxMessage, OutboxQuery, SendCardBody, SmsSettings, WhatsAppSettings } from './schemas/messaging';
export type { AuditEntry, Decided, FieldScore, MpiRecord, Person, PersonEnrollment, ReviewItem } from './schemas/mpi';
export type { PlacedCard, PrintedCard, PrintJob, PrintJobBody, PrintPage, PrintSheet, PrintSheetQuery } from './schemas/printing';
export type { NetworkInterface, NetworkStatus } from './schemas/network';
export type { ProgrammeSyncStatus, Schedule } from './schemas/sync';
export type { GenerationDetails, GenerationOutputs, GenerationTask, SyncDetails, SyncTask, Task } from './schemas/tasks';
export type { WalletBulk, WalletBulkItem, WalletConfigView, WalletLink } from './schemas/wallet';
export type { WritebackBody, WritebackConfig, WritebackProgramme, WritebackView, WriteItem, WriteQueue, WriteRun } from './schemas/writeback';
export * from './verify';
export type { Jwks, TrustedOffice, TrustedOffices, TrustFile, Verification } from './schemas/verify';
