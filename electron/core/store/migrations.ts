// Numbered schema migrations. Append only: an applied migration must never be edited (its checksum is
// recorded and checked at every start). Each later capability adds its own entry.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * An MPI ID given to an enrollment (NEW, in a trigger on mpi_links) queued for DHIS2 when its programme has an
 * attribute for it: the latest value wins; a value DHIS2 already holds from this office is not owed again.
 */
const queueMpiId = `
        INSERT INTO mpi_writes (tracked_entity_uid, attribute_uid, programme_uid, value, status, created_at, updated_at)
          SELECT e.tracked_entity_uid, w.attribute_uid, e.programme_uid, NEW.mpi_id, 'pending', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            FROM enrollments e JOIN mpi_writeback w ON w.programme_uid = e.programme_uid WHERE e.uid = NEW.enrollment_uid
        ON CONFLICT (tracked_entity_uid, attribute_uid) DO UPDATE SET
          value = excluded.value,
          status = CASE WHEN mpi_writes.status = 'sending' THEN 'sending' WHEN excluded.value = mpi_writes.delivered_value THEN 'delivered' ELSE 'pending' END,
          attempts = 0, next_attempt_at = NULL, last_error = NULL, dhis2_code = NULL, dhis2_message = NULL, server_value = NULL, updated_at = excluded.updated_at
        WHERE mpi_writes.value IS NOT excluded.value;`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'foundation: api tokens, settings, tasks',
    sql: `
      CREATE TABLE api_tokens (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        token_hash    BLOB NOT NULL UNIQUE,
        hint          TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        last_used_at  TEXT,
        revoked_at    TEXT
      );
      CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;

      CREATE TABLE settings (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );

      CREATE TABLE tasks (
        id             TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('sync', 'generation')),
        programme_uid  TEXT,
        status         TEXT NOT NULL CHECK (status IN ('pending', 'resolving', 'running', 'generating',
                         'completed', 'completed_with_errors', 'failed', 'cancelled')),
        progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        params         TEXT NOT NULL DEFAULT '{}',
        state          TEXT NOT NULL DEFAULT '{}',
        errors         TEXT NOT NULL DEFAULT '[]',
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        started_at     TEXT,
        finished_at    TEXT,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX tasks_by_status ON tasks(status);
    `,
  },
  {
    version: 2,
    name: 'dhis2: connection, programmes, org units, enrollments cache, sync state, mappings, schedules',
    sql: `
      CREATE TABLE dhis2_config (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        config_id   TEXT NOT NULL,
        url         TEXT NOT NULL,
        auth_type   TEXT NOT NULL CHECK (auth_type IN ('basic', 'token')),
        username    TEXT,
        secret      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );

      CREATE TABLE programmes (
        uid         TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        synced_at   TEXT NOT NULL
      );

      CREATE TABLE programme_attributes (
        programme_uid TEXT NOT NULL REFERENCES programmes(uid) ON DELETE CASCADE,
        attribute_uid TEXT NOT NULL,
        code          TEXT,
        display_name  TEXT,
        value_type    TEXT,
        mandatory     INTEGER NOT NULL DEFAULT 0,
        sort_order    INTEGER NOT NULL DEFAULT 0,
        options       TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (programme_uid, attribute_uid)
      );

      CREATE TABLE org_units (
        uid         TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        code        TEXT,
        level       INTEGER NOT NULL,
        path        TEXT NOT NULL,
        parent_uid  TEXT
      );
      CREATE INDEX org_units_parent ON org_units(parent_uid);

      CREATE TABLE tracked_entities (
        uid         TEXT PRIMARY KEY,
        attributes  TEXT NOT NULL DEFAULT '{}',
        updated_at  TEXT,
        problems    TEXT NOT NULL DEFAULT '[]'
      );

      CREATE TABLE enrollments (
        uid                 TEXT PRIMARY KEY,
        programme_uid       TEXT NOT NULL,
        tracked_entity_uid  TEXT NOT NULL,
        org_unit_uid        TEXT,
        status              TEXT,
        enrolled_at         TEXT,
        enrollment_date     TEXT,
        occurred_at         TEXT,
        updated_at          TEXT,
        problems            TEXT NOT NULL DEFAULT '[]',
        synced_at           TEXT NOT NULL
      );
      CREATE INDEX enrollments_by_programme_date ON enrollments(programme_uid, enrollment_date, uid);
      CREATE INDEX enrollments_by_programme_org_unit ON enrollments(programme_uid, org_unit_uid);
      CREATE INDEX enrollments_by_tracked_entity ON enrollments(tracked_entity_uid);

      CREATE TABLE sync_state (
        programme_uid     TEXT PRIMARY KEY,
        cursor            TEXT,
        run_updated_after TEXT,
        run_server_date   TEXT,
        run_next_page     INTEGER,
        last_attempt_at   TEXT,
        last_success_at   TEXT,
        last_error        TEXT
      );

      CREATE TABLE mappings (
        programme_uid  TEXT NOT NULL,
        card_field     TEXT NOT NULL,
        source         TEXT NOT NULL CHECK (source IN ('attribute', 'org_unit', 'org_unit_parent')),
        attribute_uid  TEXT,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (programme_uid, card_field)
      );

      CREATE TABLE sync_schedules (
        programme_uid        TEXT PRIMARY KEY,
        interval_minutes     INTEGER NOT NULL CHECK (interval_minutes IN (10, 15, 30, 60, 180)),
        enabled              INTEGER NOT NULL,
        auto_generate_cards  INTEGER NOT NULL,
        next_sync            TEXT,
        updated_at           TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'dhis2: attributes as each programme shows them, page size of an unfinished sync run',
    sql: `
      ALTER TABLE enrollments ADD COLUMN attributes TEXT;
      ALTER TABLE sync_state ADD COLUMN run_page_size INTEGER;
    `,
  },
  {
    version: 4,
    name: 'dhis2: photos (the files of IMAGE attributes mapped to the card photo), by file resource',
    sql: `
      CREATE TABLE photos (
        file_resource_uid   TEXT PRIMARY KEY,
        tracked_entity_uid  TEXT NOT NULL,
        attribute_uid       TEXT NOT NULL,
        content_type        TEXT NOT NULL,
        bytes               BLOB NOT NULL,
        fetched_at          TEXT NOT NULL
      );
      CREATE INDEX photos_by_attribute ON photos(attribute_uid);
    `,
  },
  {
    version: 5,
    name: 'generation: MPI persons, links and review queue; generation items; latest card per enrollment',
    sql: `
      CREATE TABLE mpi_persons (
        mpi_id      TEXT PRIMARY KEY,
        record      TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );

      CREATE TABLE mpi_links (
        enrollment_uid  TEXT PRIMARY KEY,
        mpi_id          TEXT NOT NULL REFERENCES mpi_persons(mpi_id),
        programme_uid   TEXT NOT NULL,
        score           REAL,
        how             TEXT NOT NULL CHECK (how IN ('matched', 'created', 'reviewed_link', 'reviewed_new')),
        record          TEXT,
        linked_at       TEXT NOT NULL
      );
      CREATE INDEX mpi_links_by_person ON mpi_links(mpi_id);

      CREATE TABLE mpi_reviews (
        review_id         TEXT PRIMARY KEY,
        enrollment_uid    TEXT NOT NULL,
        programme_uid     TEXT NOT NULL,
        candidate_mpi_id  TEXT NOT NULL REFERENCES mpi_persons(mpi_id),
        score             REAL NOT NULL,
        field_scores      TEXT NOT NULL,
        record            TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('pending', 'linked', 'created')),
        created_at        TEXT NOT NULL,
        decided_at        TEXT
      );
      CREATE UNIQUE INDEX mpi_reviews_pending ON mpi_reviews(enrollment_uid) WHERE status = 'pending';

      CREATE TABLE generation_items (
        task_id         TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        enrollment_uid  TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('selected', 'linked', 'review', 'rendered', 'failed')),
        mpi_id          TEXT,
        file            TEXT,
        error           TEXT,
        PRIMARY KEY (task_id, seq)
      );
      CREATE INDEX generation_items_by_state ON generation_items(task_id, state, seq);

      CREATE TABLE cards (
        enrollment_uid  TEXT PRIMARY KEY,
        task_id         TEXT NOT NULL,
        template        TEXT NOT NULL,
        dpi             INTEGER NOT NULL,
        file            TEXT NOT NULL,
        created_at      TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'wallet: the Google Wallet issuer (issuer ID, service-account e-mail, sealed key, origins)',
    sql: `
      CREATE TABLE wallet_config (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        config_id        TEXT NOT NULL,
        issuer_id        TEXT NOT NULL,
        client_email     TEXT NOT NULL,
        service_account  TEXT NOT NULL,
        origins          TEXT NOT NULL DEFAULT '[]',
        configured_at    TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'messaging: WhatsApp and SMS channel settings (secrets sealed), default country, the outbox',
    sql: `
      CREATE TABLE messaging_channels (
        channel     TEXT PRIMARY KEY CHECK (channel IN ('whatsapp', 'sms')),
        provider    TEXT NOT NULL,
        settings    TEXT NOT NULL,
        secret      TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );

      CREATE TABLE messaging_settings (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        default_country  TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      );

      CREATE TABLE outbox (
        id                   TEXT PRIMARY KEY,
        idempotency_key      TEXT NOT NULL UNIQUE,
        request_hash         TEXT NOT NULL,
        enrollment_uid       TEXT NOT NULL,
        channel              TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms')),
        provider             TEXT NOT NULL,
        phone_number         TEXT NOT NULL,
        body                 TEXT NOT NULL,
        card_file            TEXT,
        sms_encoding         TEXT,
        sms_segments         INTEGER,
        sms_characters       INTEGER,
        status               TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
        attempts             INTEGER NOT NULL DEFAULT 0,
        provider_errors      INTEGER NOT NULL DEFAULT 0,
        next_attempt_at      TEXT,
        send_started_at      TEXT,
        media_id             TEXT,
        provider_message_id  TEXT,
        last_error           TEXT,
        note                 TEXT,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        sent_at              TEXT
      );
      CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
      CREATE INDEX outbox_by_created ON outbox(created_at, id);
    `,
  },
  {
    version: 8,
    name: 'printing: print jobs and the cards each one printed',
    sql: `
      CREATE TABLE print_jobs (
        job_id      TEXT PRIMARY KEY,
        layout      TEXT NOT NULL CHECK (layout IN ('a4', 'cr80')),
        printer     TEXT,
        copies      INTEGER NOT NULL CHECK (copies >= 1),
        cards       INTEGER NOT NULL,
        printed_at  TEXT NOT NULL
      );

      CREATE TABLE printed_cards (
        job_id          TEXT NOT NULL REFERENCES print_jobs(job_id) ON DELETE CASCADE,
        enrollment_uid  TEXT NOT NULL,
        task_id         TEXT,
        PRIMARY KEY (job_id, enrollment_uid)
      );
      CREATE INDEX printed_cards_by_enrollment ON printed_cards(enrollment_uid);
      CREATE INDEX printed_cards_by_task ON printed_cards(task_id);
    `,
  },
  {
    version: 9,
    name: 'network: office-network sharing settings and the listener certificate (key sealed)',
    sql: `
      CREATE TABLE network_settings (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        enabled     INTEGER NOT NULL DEFAULT 0,
        interface   TEXT,
        port        INTEGER NOT NULL,
        cert_pem    TEXT,
        key_sealed  TEXT,
        updated_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'search: an FTS5 index of the cached enrollments\' name words and phone keys, a sort name, and the queue triggers fill',
    sql: `
      -- FTS5 over the folded name words and phone keys, row for row with enrollments (same rowid): measured
      -- against a table of (key, enrollment) rows, it builds 7× faster and answers 3× faster (npm run bench -- search).
      -- Contentless (the words are derived, the enrollments hold the truth), with deletes allowed.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        names, phones,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );

      CREATE TABLE search_names (
        enrollment_uid  TEXT PRIMARY KEY,
        programme_uid   TEXT NOT NULL,
        sort_name       TEXT NOT NULL
      );
      CREATE INDEX search_names_by_name ON search_names(programme_uid, sort_name, enrollment_uid);

      -- The queue is append-only (a row may be queued twice; indexing reads each once), so a sync's upserts
      -- pay one insert at the end of a table, not a lookup in an index.
      CREATE TABLE search_pending (seq INTEGER PRIMARY KEY, enrollment_uid TEXT NOT NULL);
      CREATE TABLE search_state (
        programme_uid  TEXT PRIMARY KEY,
        signature      TEXT NOT NULL,
        indexed_at     TEXT NOT NULL
      );

      CREATE TRIGGER enrollments_search_insert AFTER INSERT ON enrollments
      BEGIN INSERT INTO search_pending (enrollment_uid) VALUES (NEW.uid); END;
      CREATE TRIGGER enrollments_search_update AFTER UPDATE OF attributes, programme_uid, tracked_entity_uid ON enrollments
      BEGIN INSERT INTO search_pending (enrollment_uid) VALUES (NEW.uid); END;
      CREATE TRIGGER enrollments_search_delete AFTER DELETE ON enrollments
      BEGIN
        DELETE FROM search_fts WHERE rowid = OLD.rowid;
        DELETE FROM search_names WHERE enrollment_uid = OLD.uid;
      END;

      -- Per row of a search: when the card was last sent.
      CREATE INDEX outbox_by_enrollment ON outbox(enrollment_uid, status);

      INSERT INTO search_pending (enrollment_uid) SELECT uid FROM enrollments;
    `,
  },
  {
    version: 11,
    name: 'wallet_passes: the Google Wallet save links issued per enrollment (the last one and how many)',
    sql: `
      -- A save link is all the office can know of a pass: whether the person saved it stays with Google.
      CREATE TABLE wallet_passes (
        enrollment_uid  TEXT PRIMARY KEY,
        last_issued_at  TEXT NOT NULL,
        valid_until     TEXT NOT NULL,
        issued          INTEGER NOT NULL
      );
    `,
  },
  {
    version: 12,
    name: 'verifiable cards: this installation\'s signing keys, the cards it issued, the offices it trusts and their revocations',
    sql: `
      CREATE TABLE signing_keys (
        key_id          TEXT PRIMARY KEY,
        public_key      BLOB NOT NULL,
        private_sealed  TEXT NOT NULL,
        created_at      TEXT NOT NULL
      );
      -- Every card signed here; a reissue revokes the card before it (revoked_at, reason).
      CREATE TABLE issued_cards (
        card_id         TEXT PRIMARY KEY,
        enrollment_uid  TEXT NOT NULL,
        key_id          TEXT NOT NULL,
        token           TEXT NOT NULL,
        template        TEXT NOT NULL,
        issued_on       TEXT NOT NULL,
        expires_on      TEXT NOT NULL,
        revoked_at      TEXT,
        revoked_reason  TEXT
      );
      CREATE INDEX issued_cards_by_enrollment ON issued_cards(enrollment_uid, revoked_at);
      CREATE TABLE trusted_keys (
        key_id      TEXT PRIMARY KEY,
        office      TEXT NOT NULL,
        public_key  BLOB NOT NULL,
        added_at    TEXT NOT NULL
      );
      -- Cards other offices revoked, from their trust-list exports.
      CREATE TABLE foreign_revocations (
        key_id      TEXT NOT NULL,
        card_id     TEXT NOT NULL,
        revoked_at  TEXT NOT NULL,
        PRIMARY KEY (key_id, card_id)
      );
    `,
  },
  {
    version: 13,
    name: 'the signed card each card file carries (none for files made before cards were signed)',
    sql: `
      ALTER TABLE cards ADD COLUMN card_id TEXT;
    `,
  },
  {
    version: 14,
    name: 'managing persons: every link keeps its record, splits, merges (aliases), "not the same person", the audit trail',
    sql: `
      -- "split" joins the ways an enrollment comes to its person; SQLite cannot alter a CHECK, so the table is rebuilt.
      CREATE TABLE mpi_links_v14 (
        enrollment_uid  TEXT PRIMARY KEY,
        mpi_id          TEXT NOT NULL REFERENCES mpi_persons(mpi_id),
        programme_uid   TEXT NOT NULL,
        score           REAL,
        how             TEXT NOT NULL CHECK (how IN ('matched', 'created', 'reviewed_link', 'reviewed_new', 'split')),
        record          TEXT,
        linked_at       TEXT NOT NULL
      );
      -- The enrollment that made a person kept its record in mpi_persons only: each link now holds its own,
      -- so a record moves with its enrollment when it is split off or merged.
      INSERT INTO mpi_links_v14 (enrollment_uid, mpi_id, programme_uid, score, how, record, linked_at)
        SELECT l.enrollment_uid, l.mpi_id, l.programme_uid, l.score, l.how, COALESCE(l.record, p.record), l.linked_at
        FROM mpi_links l JOIN mpi_persons p ON p.mpi_id = l.mpi_id;
      DROP TABLE mpi_links;
      ALTER TABLE mpi_links_v14 RENAME TO mpi_links;
      CREATE INDEX mpi_links_by_person ON mpi_links(mpi_id);

      -- A person merged into another: its MPI ID answers as the survivor's wherever it is typed or scanned.
      CREATE TABLE mpi_aliases (
        alias_mpi_id  TEXT PRIMARY KEY REFERENCES mpi_persons(mpi_id),
        mpi_id        TEXT NOT NULL REFERENCES mpi_persons(mpi_id),
        merged_at     TEXT NOT NULL
      );
      CREATE INDEX mpi_aliases_by_person ON mpi_aliases(mpi_id);
      -- "Not the same person": this enrollment is never proposed for this person again.
      CREATE TABLE mpi_not_same (
        enrollment_uid  TEXT NOT NULL,
        mpi_id          TEXT NOT NULL,
        decided_at      TEXT NOT NULL,
        PRIMARY KEY (enrollment_uid, mpi_id)
      );
      CREATE INDEX mpi_not_same_by_person ON mpi_not_same(mpi_id);
      CREATE TABLE mpi_audit (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        at              TEXT NOT NULL,
        action          TEXT NOT NULL,
        enrollment_uid  TEXT,
        mpi_id          TEXT,
        other_mpi_id    TEXT,
        score           REAL,
        reason          TEXT NOT NULL
      );
      CREATE INDEX mpi_audit_by_person ON mpi_audit(mpi_id, seq);
      CREATE INDEX mpi_audit_by_other ON mpi_audit(other_mpi_id, seq);
      CREATE INDEX mpi_audit_by_enrollment ON mpi_audit(enrollment_uid, seq);
      -- The links made before the trail existed, as they stand.
      INSERT INTO mpi_audit (at, action, enrollment_uid, mpi_id, score, reason)
        SELECT linked_at, how, enrollment_uid, mpi_id, score, 'recorded before the audit trail existed' FROM mpi_links ORDER BY linked_at, enrollment_uid;
    `,
  },
  {
    version: 15,
    name: 'the MPI\'s Fellegi–Sunter model, estimated from the cache and refreshed as it grows',
    sql: `
      CREATE TABLE mpi_model (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        model         TEXT NOT NULL,
        records       INTEGER NOT NULL,
        estimated_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 16,
    name: 'a review item offers every person the enrollment may be (namesakes), not only the likeliest',
    sql: `
      -- [{mpi_id, score, field_scores}], likeliest first, after candidate_mpi_id.
      ALTER TABLE mpi_reviews ADD COLUMN alternatives TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 17,
    name: 'one MPI ID across offices: the attribute that holds it in DHIS2, the queue of writes, IDs adopted from DHIS2',
    sql: `
      -- Which attributes may hold an MPI ID: DHIS2 says whether values are unique, or generated by a pattern.
      ALTER TABLE programme_attributes ADD COLUMN unique_value INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE programme_attributes ADD COLUMN generated INTEGER NOT NULL DEFAULT 0;

      -- "adopted": the MPI ID another office wrote on the tracked entity in DHIS2.
      CREATE TABLE mpi_links_v17 (
        enrollment_uid  TEXT PRIMARY KEY,
        mpi_id          TEXT NOT NULL REFERENCES mpi_persons(mpi_id),
        programme_uid   TEXT NOT NULL,
        score           REAL,
        how             TEXT NOT NULL CHECK (how IN ('matched', 'created', 'reviewed_link', 'reviewed_new', 'split', 'adopted')),
        record          TEXT,
        linked_at       TEXT NOT NULL
      );
      INSERT INTO mpi_links_v17 SELECT enrollment_uid, mpi_id, programme_uid, score, how, record, linked_at FROM mpi_links;
      DROP TABLE mpi_links;
      ALTER TABLE mpi_links_v17 RENAME TO mpi_links;
      CREATE INDEX mpi_links_by_person ON mpi_links(mpi_id);

      -- A programme's attribute holding the MPI ID in DHIS2 (adopted on sync), and whether this office writes it.
      CREATE TABLE mpi_writeback (
        programme_uid   TEXT PRIMARY KEY,
        attribute_uid   TEXT NOT NULL,
        write_enabled   INTEGER NOT NULL DEFAULT 0,
        refused_code    TEXT,
        refused_message TEXT,
        refused_at      TEXT,
        updated_at      TEXT NOT NULL
      );

      -- The writes: one row per tracked entity and attribute, the latest local value winning. delivered_value
      -- is what this office last knew DHIS2 to hold from it (written or adopted): a different value there was
      -- set by someone else, and is never overwritten unseen.
      CREATE TABLE mpi_writes (
        tracked_entity_uid  TEXT NOT NULL,
        attribute_uid       TEXT NOT NULL,
        programme_uid       TEXT NOT NULL,
        value               TEXT NOT NULL,
        sending_value       TEXT,
        delivered_value     TEXT,
        status              TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'rejected', 'conflict')),
        attempts            INTEGER NOT NULL DEFAULT 0,
        next_attempt_at     TEXT,
        last_error          TEXT,
        dhis2_code          TEXT,
        dhis2_message       TEXT,
        server_value        TEXT,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        delivered_at        TEXT,
        PRIMARY KEY (tracked_entity_uid, attribute_uid)
      );
      CREATE INDEX mpi_writes_due ON mpi_writes(status, next_attempt_at);

      -- Every MPI ID given, changed by a review, a split or a merge joins the queue in the same transaction.
      CREATE TRIGGER mpi_links_writeback_insert AFTER INSERT ON mpi_links
      BEGIN ${queueMpiId} END;
      CREATE TRIGGER mpi_links_writeback_update AFTER UPDATE OF mpi_id ON mpi_links WHEN NEW.mpi_id IS NOT OLD.mpi_id
      BEGIN ${queueMpiId} END;

      -- A review item may come from DHIS2: it holds another MPI ID for this tracked entity (another office's).
      ALTER TABLE mpi_reviews ADD COLUMN origin TEXT NOT NULL DEFAULT 'match' CHECK (origin IN ('match', 'dhis2'));
    `,
  },
];
