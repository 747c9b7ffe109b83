//! Numbered migrations. Never edit one that has landed: add the next.

use rusqlite_migration::{M, Migrations};

const MIGRATIONS: &[&str] = &[
    // 1: cluster items in rank order, releases, teams, stakeholders, change log.
    r"
    CREATE TABLE items (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('system','application','feature','enabler','improvement')),
        title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
        description TEXT NOT NULL DEFAULT '',
        state       TEXT NOT NULL CHECK (state IN ('funnel','analysis','ready','planned','implementing','review','done','released')),
        rank        TEXT NOT NULL UNIQUE,
        value       INTEGER CHECK (value IS NULL OR value >= 0),
        effort      INTEGER CHECK (effort IS NULL OR effort >= 0),
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE INDEX items_state_rank ON items(state, rank);

    CREATE TABLE teams (
        id            INTEGER PRIMARY KEY,
        code          TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL,
        product_owner TEXT,
        capacity      INTEGER
    );

    CREATE TABLE releases (
        id          INTEGER PRIMARY KEY,
        variant     TEXT NOT NULL,
        version     TEXT NOT NULL,
        target_date TEXT,
        state       TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','accepted','released')),
        UNIQUE (variant, version)
    );

    CREATE TABLE item_releases (
        item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        PRIMARY KEY (item_id, release_id)
    );
    CREATE INDEX item_releases_release ON item_releases(release_id);

    CREATE TABLE stakeholders (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE,
        grp     TEXT,
        contact TEXT
    );

    CREATE TABLE item_requesters (
        item_id        INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
        PRIMARY KEY (item_id, stakeholder_id)
    );

    CREATE TABLE changes (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        who     TEXT NOT NULL,
        command TEXT NOT NULL,
        item_id INTEGER,
        summary TEXT NOT NULL,
        before  TEXT,
        after   TEXT
    );
    CREATE INDEX changes_item ON changes(item_id, id);
    ",
    // 2: WSJF inputs, Definition of Ready ticks, planning-poker rounds, undo.
    r"
    ALTER TABLE items ADD COLUMN business_value   INTEGER CHECK (business_value IS NULL OR business_value >= 0);
    ALTER TABLE items ADD COLUMN time_criticality INTEGER CHECK (time_criticality IS NULL OR time_criticality >= 0);
    ALTER TABLE items ADD COLUMN risk_reduction   INTEGER CHECK (risk_reduction IS NULL OR risk_reduction >= 0);

    CREATE TABLE item_dor (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        point   TEXT NOT NULL,
        PRIMARY KEY (item_id, point)
    );

    CREATE TABLE poker_rounds (
        id      INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        field   TEXT NOT NULL CHECK (field IN ('value','effort')),
        at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        who     TEXT NOT NULL,
        agreed  TEXT NOT NULL
    );
    CREATE INDEX poker_rounds_item ON poker_rounds(item_id, id);

    CREATE TABLE poker_votes (
        round_id    INTEGER NOT NULL REFERENCES poker_rounds(id) ON DELETE CASCADE,
        seat        INTEGER NOT NULL,
        participant TEXT NOT NULL,
        card        TEXT NOT NULL,
        PRIMARY KEY (round_id, seat)
    );

    -- The change that undid this one; NULL while it stands.
    ALTER TABLE changes ADD COLUMN undone_by INTEGER;
    CREATE INDEX changes_who ON changes(who, id);
    ",
    // 3: counts kept by triggers, so no keypress counts 100,000 rows: cards per
    // column, and items per rank-key prefix ("bucket") overall and per column,
    // from which an item's position is a sum over buckets plus a short count.
    r"
    CREATE TABLE rank_buckets (
        state  TEXT NOT NULL,
        bucket TEXT NOT NULL,
        n      INTEGER NOT NULL,
        PRIMARY KEY (state, bucket)
    ) WITHOUT ROWID;
    CREATE TABLE rank_buckets_all (
        bucket TEXT PRIMARY KEY,
        n      INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO rank_buckets(state, bucket, n)
        SELECT state, substr(rank, 1, 3), COUNT(*) FROM items GROUP BY 1, 2;
    INSERT INTO rank_buckets_all(bucket, n)
        SELECT substr(rank, 1, 3), COUNT(*) FROM items GROUP BY 1;
    CREATE TRIGGER items_bucket_insert AFTER INSERT ON items BEGIN
        INSERT INTO rank_buckets(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        INSERT INTO rank_buckets_all(bucket, n) VALUES (substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER items_bucket_delete AFTER DELETE ON items BEGIN
        UPDATE rank_buckets SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 3);
        UPDATE rank_buckets_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 3);
    END;
    CREATE TRIGGER items_bucket_update AFTER UPDATE OF state, rank ON items
        WHEN OLD.state != NEW.state OR substr(OLD.rank, 1, 3) != substr(NEW.rank, 1, 3) BEGIN
        UPDATE rank_buckets SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 3);
        INSERT INTO rank_buckets(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        UPDATE rank_buckets_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 3);
        INSERT INTO rank_buckets_all(bucket, n) VALUES (substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
    END;

    CREATE TABLE state_counts (
        state TEXT PRIMARY KEY,
        n     INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO state_counts(state, n)
        SELECT s.column1, (SELECT COUNT(*) FROM items WHERE state = s.column1)
        FROM (VALUES ('funnel'),('analysis'),('ready'),('planned'),
                     ('implementing'),('review'),('done'),('released')) AS s;
    CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
        UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;
    END;
    CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN
        UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;
    END;
    CREATE TRIGGER items_count_move AFTER UPDATE OF state ON items
        WHEN OLD.state != NEW.state BEGIN
        UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;
        UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;
    END;
    ",
    // 4: team backlog items split out of cluster items, each team in its own order.
    r"
    CREATE TABLE team_items (
        id         INTEGER PRIMARY KEY,
        parent_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        -- NULL once its team was removed; done items keep counting for their parent.
        team_id    INTEGER REFERENCES teams(id) ON DELETE SET NULL,
        title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
        type       TEXT NOT NULL CHECK (type IN ('story','use case','task','bug')),
        state      TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo','doing','done')),
        effort     INTEGER CHECK (effort IS NULL OR effort >= 0),
        team_rank  TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE UNIQUE INDEX team_items_rank ON team_items(team_id, team_rank);
    CREATE INDEX team_items_parent ON team_items(parent_id);
",
    // 5: the release lifecycle (who accepted, when each state was reached, notes)
    // and the Cluster Definition of Done ticked per release.
    r"
    ALTER TABLE releases ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    ALTER TABLE releases ADD COLUMN planned_at TEXT;
    ALTER TABLE releases ADD COLUMN accepted_at TEXT;
    ALTER TABLE releases ADD COLUMN accepted_by TEXT;
    ALTER TABLE releases ADD COLUMN released_at TEXT;
    UPDATE releases SET planned_at = strftime('%Y-%m-%dT%H:%M:%fZ','now');
    CREATE TABLE release_dod (
        release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        point      TEXT NOT NULL,
        PRIMARY KEY (release_id, point)
    );
",
    // 6: what each user typed on the board's command line, for its history.
    r"
    CREATE TABLE command_history (
        id   INTEGER PRIMARY KEY,
        who  TEXT NOT NULL,
        at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        line TEXT NOT NULL
    );
    CREATE INDEX command_history_who ON command_history(who, id);
",
    // 7: the authoring and multi-user rework. Items lose the fixed list of kinds
    // (kinds are configurable, checked by the program) and gain acceptance
    // criteria, a source and an archive date; archived items leave every count,
    // so the triggers skip them and views read `live_items`. The change log keeps
    // every row a change touched (`rows`), which session wrote it, and which
    // objects it touched (`change_objects`), for undo, narration and history.
    r"
    DROP TRIGGER items_bucket_insert;
    DROP TRIGGER items_bucket_delete;
    DROP TRIGGER items_bucket_update;
    DROP TRIGGER items_count_insert;
    DROP TRIGGER items_count_delete;
    DROP TRIGGER items_count_move;
    CREATE TABLE items_new (
        id               INTEGER PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (length(kind) > 0),
        title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
        description      TEXT NOT NULL DEFAULT '',
        state            TEXT NOT NULL CHECK (state IN ('funnel','analysis','ready','planned','implementing','review','done','released')),
        rank             TEXT NOT NULL UNIQUE,
        value            INTEGER CHECK (value IS NULL OR value >= 0),
        effort           INTEGER CHECK (effort IS NULL OR effort >= 0),
        created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        business_value   INTEGER CHECK (business_value IS NULL OR business_value >= 0),
        time_criticality INTEGER CHECK (time_criticality IS NULL OR time_criticality >= 0),
        risk_reduction   INTEGER CHECK (risk_reduction IS NULL OR risk_reduction >= 0),
        acceptance       TEXT NOT NULL DEFAULT '',
        source           TEXT NOT NULL DEFAULT '',
        archived_at      TEXT
    );
    INSERT INTO items_new(id, kind, title, description, state, rank, value, effort,
                          created_at, updated_at, business_value, time_criticality, risk_reduction)
        SELECT id, kind, title, description, state, rank, value, effort,
               created_at, updated_at, business_value, time_criticality, risk_reduction FROM items;
    DROP TABLE items;
    ALTER TABLE items_new RENAME TO items;
    CREATE INDEX items_state_rank ON items(state, rank);
    CREATE VIEW live_items AS SELECT * FROM items WHERE archived_at IS NULL;

    CREATE TRIGGER items_bucket_insert AFTER INSERT ON items WHEN NEW.archived_at IS NULL BEGIN
        INSERT INTO rank_buckets(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        INSERT INTO rank_buckets_all(bucket, n) VALUES (substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
        UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;
    END;
    CREATE TRIGGER items_bucket_delete AFTER DELETE ON items WHEN OLD.archived_at IS NULL BEGIN
        UPDATE rank_buckets SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 3);
        UPDATE rank_buckets_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 3);
        UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;
    END;
    CREATE TRIGGER items_bucket_update AFTER UPDATE OF state, rank ON items
        WHEN OLD.archived_at IS NULL AND NEW.archived_at IS NULL
         AND (OLD.state != NEW.state OR substr(OLD.rank, 1, 3) != substr(NEW.rank, 1, 3)) BEGIN
        UPDATE rank_buckets SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 3);
        INSERT INTO rank_buckets(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        UPDATE rank_buckets_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 3);
        INSERT INTO rank_buckets_all(bucket, n) VALUES (substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER items_count_move AFTER UPDATE OF state ON items
        WHEN OLD.archived_at IS NULL AND NEW.archived_at IS NULL AND OLD.state != NEW.state BEGIN
        UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;
        UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;
    END;
    CREATE TRIGGER items_archive AFTER UPDATE OF archived_at ON items
        WHEN OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL BEGIN
        UPDATE rank_buckets SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 3);
        UPDATE rank_buckets_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 3);
        UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;
    END;
    CREATE TRIGGER items_restore AFTER UPDATE OF archived_at ON items
        WHEN OLD.archived_at IS NOT NULL AND NEW.archived_at IS NULL BEGIN
        INSERT INTO rank_buckets(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        INSERT INTO rank_buckets_all(bucket, n) VALUES (substr(NEW.rank, 1, 3), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
        UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;
    END;

    ALTER TABLE changes ADD COLUMN rows TEXT;
    ALTER TABLE changes ADD COLUMN session TEXT;
    CREATE TABLE change_objects (
        object    TEXT NOT NULL,
        change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
        PRIMARY KEY (object, change_id)
    ) WITHOUT ROWID;
    INSERT INTO change_objects(object, change_id)
        SELECT 'item:' || item_id, id FROM changes WHERE item_id IS NOT NULL;
",
    // 8: the key an item had in the tool it was imported from (a Jira key such as
    // PROJ-12), so importing the same file again updates it instead of adding it twice.
    r"
    ALTER TABLE items ADD COLUMN external_id TEXT;
    CREATE UNIQUE INDEX items_external_id ON items(external_id);
    ALTER TABLE team_items ADD COLUMN external_id TEXT;
    CREATE UNIQUE INDEX team_items_external_id ON team_items(external_id);
",
    // 9: the portfolio above the cluster, each item in its own strict rank and
    // a state on the portfolio Kanban; cluster items may hang under one. Both
    // levels carry a business case (NABC and Lightweight Business Case) as
    // structured JSON.
    r"
    CREATE TABLE portfolio_items (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (length(kind) > 0),
        title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
        description   TEXT NOT NULL DEFAULT '',
        owner         TEXT NOT NULL DEFAULT '',
        value         INTEGER CHECK (value IS NULL OR value >= 0),
        rank          TEXT NOT NULL UNIQUE,
        state         TEXT NOT NULL,
        business_case TEXT,
        created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        archived_at   TEXT
    );
    ALTER TABLE items ADD COLUMN portfolio_id INTEGER REFERENCES portfolio_items(id) ON DELETE SET NULL;
    ALTER TABLE items ADD COLUMN business_case TEXT;
    CREATE INDEX items_portfolio ON items(portfolio_id, rank) WHERE portfolio_id IS NOT NULL;
",
    // 10: counts per two-character rank-key prefix, overall and per column,
    // kept by triggers like those of migration 3: a rank is then a sum over
    // a few thousand of these, a few dozen three-character buckets and a
    // count inside one, at any size (migration 3 alone summed every bucket
    // before the key: 30 ms per rank at 1,000,000 items).
    r"
    CREATE TABLE rank_tops (
        state  TEXT NOT NULL,
        bucket TEXT NOT NULL,
        n      INTEGER NOT NULL,
        PRIMARY KEY (state, bucket)
    ) WITHOUT ROWID;
    CREATE TABLE rank_tops_all (
        bucket TEXT PRIMARY KEY,
        n      INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO rank_tops(state, bucket, n)
        SELECT state, substr(rank, 1, 2), COUNT(*) FROM items WHERE archived_at IS NULL GROUP BY 1, 2;
    INSERT INTO rank_tops_all(bucket, n)
        SELECT substr(rank, 1, 2), COUNT(*) FROM items WHERE archived_at IS NULL GROUP BY 1;
    CREATE TRIGGER items_top_insert AFTER INSERT ON items WHEN NEW.archived_at IS NULL BEGIN
        INSERT INTO rank_tops(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 2), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        INSERT INTO rank_tops_all(bucket, n) VALUES (substr(NEW.rank, 1, 2), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER items_top_delete AFTER DELETE ON items WHEN OLD.archived_at IS NULL BEGIN
        UPDATE rank_tops SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 2);
        UPDATE rank_tops_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 2);
    END;
    CREATE TRIGGER items_top_update AFTER UPDATE OF state, rank ON items
        WHEN OLD.archived_at IS NULL AND NEW.archived_at IS NULL
         AND (OLD.state != NEW.state OR substr(OLD.rank, 1, 2) != substr(NEW.rank, 1, 2)) BEGIN
        UPDATE rank_tops SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 2);
        INSERT INTO rank_tops(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 2), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        UPDATE rank_tops_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 2);
        INSERT INTO rank_tops_all(bucket, n) VALUES (substr(NEW.rank, 1, 2), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER items_top_archive AFTER UPDATE OF archived_at ON items
        WHEN OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL BEGIN
        UPDATE rank_tops SET n = n - 1
            WHERE state = OLD.state AND bucket = substr(OLD.rank, 1, 2);
        UPDATE rank_tops_all SET n = n - 1 WHERE bucket = substr(OLD.rank, 1, 2);
    END;
    CREATE TRIGGER items_top_restore AFTER UPDATE OF archived_at ON items
        WHEN OLD.archived_at IS NOT NULL AND NEW.archived_at IS NULL BEGIN
        INSERT INTO rank_tops(state, bucket, n) VALUES (NEW.state, substr(NEW.rank, 1, 2), 1)
            ON CONFLICT(state, bucket) DO UPDATE SET n = n + 1;
        INSERT INTO rank_tops_all(bucket, n) VALUES (substr(NEW.rank, 1, 2), 1)
            ON CONFLICT(bucket) DO UPDATE SET n = n + 1;
    END;
",
    // 11: time spent discussing an item in refinement, one row per timebox.
    r"
    CREATE TABLE item_time (
        id              INTEGER PRIMARY KEY,
        item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        who             TEXT NOT NULL,
        at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        seconds         INTEGER NOT NULL CHECK (seconds >= 0),
        planned_seconds INTEGER CHECK (planned_seconds IS NULL OR planned_seconds > 0)
    );
    CREATE INDEX item_time_item ON item_time(item_id);
",
    // 12: checkpoints that mark a refinement, each with every item's place and
    // column then, so "how did it move since?" is one lookup per row.
    r"
    CREATE TABLE checkpoints (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        who       TEXT NOT NULL,
        -- The change log entry that marked it: what came after is since.
        change_id INTEGER NOT NULL,
        -- Items on the board then, kept so no read counts them again.
        items     INTEGER NOT NULL
    );
    CREATE TABLE checkpoint_items (
        checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
        item_id       INTEGER NOT NULL,
        position      INTEGER NOT NULL,
        state         TEXT NOT NULL,
        -- Its rank key: unchanged, the item did not move itself (others did).
        rank          TEXT NOT NULL,
        PRIMARY KEY (checkpoint_id, item_id)
    ) WITHOUT ROWID;
",
    // 13: a knowledge gap's open questions, each weighted: the weights of the
    // unanswered ones are its remaining effort; and portfolio items imported
    // from another tool keep their key there, as cluster items do.
    r"
    CREATE TABLE item_questions (
        id          INTEGER PRIMARY KEY,
        item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
        weight      INTEGER NOT NULL CHECK (weight > 0),
        answer      TEXT,
        answered_at TEXT,
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    );
    CREATE INDEX item_questions_item ON item_questions(item_id, id);
    -- A portfolio item imported from another tool keeps its key there.
    ALTER TABLE portfolio_items ADD COLUMN external_id TEXT;
    CREATE UNIQUE INDEX portfolio_items_external ON portfolio_items(external_id)
        WHERE external_id IS NOT NULL;
",
    // 14: cluster cycles (iterations and an inter-cycle week), each team's
    // capacity for one where it differs from its capacity × iterations, and
    // the cluster items pulled into a cycle (one cycle per item at a time).
    r"
    CREATE TABLE cycles (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        start_date      TEXT NOT NULL,
        iterations      INTEGER NOT NULL CHECK (iterations > 0),
        iteration_weeks INTEGER NOT NULL CHECK (iteration_weeks > 0),
        inter_weeks     INTEGER NOT NULL CHECK (inter_weeks >= 0),
        closed_at       TEXT
    );
    -- No cascade from cycles: undoing a cycle's creation must not take the
    -- plans and capacities made in it since without a word (it is refused).
    CREATE TABLE cycle_capacity (
        cycle_id INTEGER NOT NULL REFERENCES cycles(id),
        team_id  INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        points   INTEGER NOT NULL CHECK (points >= 0),
        PRIMARY KEY (cycle_id, team_id)
    );
    CREATE TABLE cycle_items (
        item_id  INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        cycle_id INTEGER NOT NULL REFERENCES cycles(id)
    );
    CREATE INDEX cycle_items_cycle ON cycle_items(cycle_id);
",
    // 15: per-day counts for the charts and forecasts, kept by a trigger on
    // the change log (so a chart over years reads a few thousand rows, not
    // the log): items into and out of each column (cumulative flow), points
    // crossing into Done per team and for the cluster (velocity), the first
    // day each item reached each column (lead and cycle time), and each
    // release's scope and done points (burn-up). Filled from the log so far.
    r#"
    CREATE TABLE flow_days (
        day   TEXT NOT NULL,
        state TEXT NOT NULL,
        -- Items that came into the column that day, less those that left it.
        n     INTEGER NOT NULL,
        PRIMARY KEY (day, state)
    ) WITHOUT ROWID;
    CREATE TABLE done_days (
        day     TEXT NOT NULL,
        -- A team's id for its team items; 0 for the cluster's items.
        team_id INTEGER NOT NULL,
        points  INTEGER NOT NULL,
        n       INTEGER NOT NULL,
        PRIMARY KEY (day, team_id)
    ) WITHOUT ROWID;
    CREATE TABLE item_days (
        item_id INTEGER NOT NULL,
        -- A column, or 'created'.
        state   TEXT NOT NULL,
        day     TEXT NOT NULL,
        PRIMARY KEY (item_id, state)
    ) WITHOUT ROWID;
    CREATE INDEX item_days_state ON item_days(state, day);
    CREATE TABLE release_days (
        release_id INTEGER NOT NULL,
        day        TEXT NOT NULL,
        -- Points planned into the release that day (less those taken out or
        -- re-estimated down), and points of its items that reached Done.
        scope      INTEGER NOT NULL,
        done       INTEGER NOT NULL,
        PRIMARY KEY (release_id, day)
    ) WITHOUT ROWID;
    -- What one change moved, decoded from its rows once; empty between changes.
    -- The joins from it are CROSS JOINs: SQLite then reads it first and looks
    -- its few rows up, instead of scanning item_releases for each change.
    -- kind: move, create, delete, archive, restore (an item's column: b → a),
    -- effort:D (re-estimated by D), plan / unplan (b: the release),
    -- team:P (a team item of P points crossed Done; id: its team).
    CREATE TABLE day_moves (day TEXT, id INTEGER, b TEXT, a TEXT, kind TEXT);
    INSERT INTO day_moves(day, id, b, a, kind)
        SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), json_extract(e.value, '$.before.state'), json_extract(e.value, '$.after.state'), 'move' FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'items' AND c.rows IS NOT NULL AND json_type(e.value, '$.before.state') = 'text' AND json_type(e.value, '$.after.state') = 'text'
           AND json_extract(e.value, '$.before.state') != json_extract(e.value, '$.after.state')
        UNION ALL SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), NULL, json_extract(e.value, '$.after.state'), 'create' FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'items' AND c.rows IS NOT NULL AND json_type(e.value, '$.before') IS NOT 'object' AND json_type(e.value, '$.after.state') = 'text'
           AND json_type(e.value, '$.after.archived_at') IS NOT 'text'
        UNION ALL SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), json_extract(e.value, '$.before.state'), NULL, 'delete' FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'items' AND c.rows IS NOT NULL AND json_type(e.value, '$.after') IS NOT 'object' AND json_type(e.value, '$.before.state') = 'text'
           AND json_type(e.value, '$.before.archived_at') IS NOT 'text'
        UNION ALL SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), (SELECT state FROM items WHERE id = CAST(json_extract(e.value, '$.key.id') AS INTEGER)), NULL, 'archive' FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'items' AND c.rows IS NOT NULL AND json_type(e.value, '$.before.archived_at') = 'null' AND json_type(e.value, '$.after.archived_at') = 'text'
        UNION ALL SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), NULL, (SELECT state FROM items WHERE id = CAST(json_extract(e.value, '$.key.id') AS INTEGER)), 'restore' FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'items' AND c.rows IS NOT NULL AND json_type(e.value, '$.before.archived_at') = 'text' AND json_type(e.value, '$.after.archived_at') = 'null'
        UNION ALL SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), NULL, NULL, 'effort:' || (COALESCE(json_extract(e.value, '$.after.effort'), 0) - COALESCE(json_extract(e.value, '$.before.effort'), 0)) FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'items' AND c.rows IS NOT NULL AND json_type(e.value, '$.before.effort') IS NOT NULL AND json_type(e.value, '$.after.effort') IS NOT NULL
           AND json_extract(e.value, '$.before.effort') IS NOT json_extract(e.value, '$.after.effort')
        UNION ALL SELECT substr(c.at, 1, 10), CAST(json_extract(e.value, '$.key.item_id') AS INTEGER), json_extract(e.value, '$.key.release_id'), NULL,
               CASE WHEN json_type(e.value, '$.after') = 'object' THEN 'plan' ELSE 'unplan' END FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'item_releases' AND c.rows IS NOT NULL AND (json_type(e.value, '$.before') = 'object') != (json_type(e.value, '$.after') = 'object')
        UNION ALL SELECT substr(c.at, 1, 10), COALESCE(json_extract(e.value, '$.after.team_id'), json_extract(e.value, '$.before.team_id')), json_extract(e.value, '$.before.state'), json_extract(e.value, '$.after.state'),
               'team:' || COALESCE(json_extract(e.value, '$.after.effort'), json_extract(e.value, '$.before.effort'), 0) FROM changes c, json_each(c.rows) e
         WHERE json_extract(e.value, '$.table') = 'team_items' AND c.rows IS NOT NULL AND json_type(e.value, '$.before.state') = 'text' AND json_type(e.value, '$.after.state') = 'text'
           AND (json_extract(e.value, '$.before.state') = 'done') != (json_extract(e.value, '$.after.state') = 'done');
    INSERT INTO flow_days(day, state, n)
        SELECT day, state, sum(n) FROM (
            SELECT day, b AS state, -1 AS n FROM day_moves WHERE kind IN ('move', 'delete', 'archive') AND b IS NOT NULL
            UNION ALL SELECT day, a, 1 FROM day_moves WHERE kind IN ('move', 'create', 'restore') AND a IS NOT NULL)
         GROUP BY day, state
        ON CONFLICT(day, state) DO UPDATE SET n = n + excluded.n;
    INSERT OR IGNORE INTO item_days(item_id, state, day)
        SELECT id, a, min(day) FROM day_moves WHERE kind IN ('move', 'create') GROUP BY id, a;
    INSERT OR IGNORE INTO item_days(item_id, state, day)
        SELECT id, 'created', min(day) FROM day_moves WHERE kind = 'create' GROUP BY id;
    INSERT INTO done_days(day, team_id, points, n)
        SELECT m.day, 0,
               sum(CASE WHEN m.a IN ('done', 'released') THEN 1 ELSE -1 END * COALESCE(i.effort, 0)),
               sum(CASE WHEN m.a IN ('done', 'released') THEN 1 ELSE -1 END)
        FROM day_moves m CROSS JOIN items i ON i.id = m.id
        WHERE m.kind = 'move' AND (m.a IN ('done', 'released')) != (m.b IN ('done', 'released'))
        GROUP BY m.day
        ON CONFLICT(day, team_id) DO UPDATE SET points = points + excluded.points, n = n + excluded.n;
    INSERT INTO done_days(day, team_id, points, n)
        SELECT day, id, sum(CASE WHEN a = 'done' THEN 1 ELSE -1 END * CAST(substr(kind, 6) AS INTEGER)),
               sum(CASE WHEN a = 'done' THEN 1 ELSE -1 END)
        FROM day_moves WHERE kind LIKE 'team:%' AND id IS NOT NULL GROUP BY day, id
        ON CONFLICT(day, team_id) DO UPDATE SET points = points + excluded.points, n = n + excluded.n;
    INSERT INTO release_days(release_id, day, scope, done)
        SELECT ir.release_id, m.day,
               sum(CASE
                   WHEN m.kind LIKE 'effort:%' THEN CAST(substr(m.kind, 8) AS INTEGER)
                   ELSE 0 END),
               sum(CASE
                   WHEN m.kind = 'move' THEN CASE WHEN m.a IN ('done', 'released') THEN 1 ELSE -1 END * COALESCE(i.effort, 0)
                   WHEN m.kind LIKE 'effort:%' AND i.state IN ('done', 'released') THEN CAST(substr(m.kind, 8) AS INTEGER)
                   ELSE 0 END)
        FROM day_moves m CROSS JOIN item_releases ir ON ir.item_id = m.id CROSS JOIN items i ON i.id = m.id
        WHERE (m.kind = 'move' AND (m.a IN ('done', 'released')) != (m.b IN ('done', 'released')))
           OR m.kind LIKE 'effort:%'
        GROUP BY ir.release_id, m.day
        ON CONFLICT(release_id, day) DO UPDATE SET scope = scope + excluded.scope, done = done + excluded.done;
    INSERT INTO release_days(release_id, day, scope, done)
        SELECT CAST(m.b AS INTEGER), m.day,
               sum(CASE m.kind WHEN 'plan' THEN 1 ELSE -1 END * COALESCE(i.effort, 0)),
               sum(CASE WHEN i.state IN ('done', 'released') THEN CASE m.kind WHEN 'plan' THEN 1 ELSE -1 END * COALESCE(i.effort, 0) ELSE 0 END)
        FROM day_moves m CROSS JOIN items i ON i.id = m.id
        WHERE m.kind IN ('plan', 'unplan') AND EXISTS (SELECT 1 FROM releases r WHERE r.id = CAST(m.b AS INTEGER))
        GROUP BY m.b, m.day
        ON CONFLICT(release_id, day) DO UPDATE SET scope = scope + excluded.scope, done = done + excluded.done;
    DELETE FROM day_moves;
    CREATE TRIGGER changes_days AFTER INSERT ON changes
        WHEN NEW.rows IS NOT NULL
        AND (instr(NEW.rows, '"state"') OR instr(NEW.rows, '"archived_at"')
             OR instr(NEW.rows, '"effort"') OR instr(NEW.rows, '"item_releases"')) BEGIN
        INSERT INTO day_moves(day, id, b, a, kind)
            SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), json_extract(e.value, '$.before.state'), json_extract(e.value, '$.after.state'), 'move' FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'items' AND json_type(e.value, '$.before.state') = 'text' AND json_type(e.value, '$.after.state') = 'text'
               AND json_extract(e.value, '$.before.state') != json_extract(e.value, '$.after.state')
            UNION ALL SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), NULL, json_extract(e.value, '$.after.state'), 'create' FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'items' AND json_type(e.value, '$.before') IS NOT 'object' AND json_type(e.value, '$.after.state') = 'text'
               AND json_type(e.value, '$.after.archived_at') IS NOT 'text'
            UNION ALL SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), json_extract(e.value, '$.before.state'), NULL, 'delete' FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'items' AND json_type(e.value, '$.after') IS NOT 'object' AND json_type(e.value, '$.before.state') = 'text'
               AND json_type(e.value, '$.before.archived_at') IS NOT 'text'
            UNION ALL SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), (SELECT state FROM items WHERE id = CAST(json_extract(e.value, '$.key.id') AS INTEGER)), NULL, 'archive' FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'items' AND json_type(e.value, '$.before.archived_at') = 'null' AND json_type(e.value, '$.after.archived_at') = 'text'
            UNION ALL SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), NULL, (SELECT state FROM items WHERE id = CAST(json_extract(e.value, '$.key.id') AS INTEGER)), 'restore' FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'items' AND json_type(e.value, '$.before.archived_at') = 'text' AND json_type(e.value, '$.after.archived_at') = 'null'
            UNION ALL SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.id') AS INTEGER), NULL, NULL, 'effort:' || (COALESCE(json_extract(e.value, '$.after.effort'), 0) - COALESCE(json_extract(e.value, '$.before.effort'), 0)) FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'items' AND json_type(e.value, '$.before.effort') IS NOT NULL AND json_type(e.value, '$.after.effort') IS NOT NULL
               AND json_extract(e.value, '$.before.effort') IS NOT json_extract(e.value, '$.after.effort')
            UNION ALL SELECT substr(NEW.at, 1, 10), CAST(json_extract(e.value, '$.key.item_id') AS INTEGER), json_extract(e.value, '$.key.release_id'), NULL,
                   CASE WHEN json_type(e.value, '$.after') = 'object' THEN 'plan' ELSE 'unplan' END FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'item_releases' AND (json_type(e.value, '$.before') = 'object') != (json_type(e.value, '$.after') = 'object')
            UNION ALL SELECT substr(NEW.at, 1, 10), COALESCE(json_extract(e.value, '$.after.team_id'), json_extract(e.value, '$.before.team_id')), json_extract(e.value, '$.before.state'), json_extract(e.value, '$.after.state'),
                   'team:' || COALESCE(json_extract(e.value, '$.after.effort'), json_extract(e.value, '$.before.effort'), 0) FROM json_each(NEW.rows) e
             WHERE json_extract(e.value, '$.table') = 'team_items' AND json_type(e.value, '$.before.state') = 'text' AND json_type(e.value, '$.after.state') = 'text'
               AND (json_extract(e.value, '$.before.state') = 'done') != (json_extract(e.value, '$.after.state') = 'done');
        INSERT INTO flow_days(day, state, n)
            SELECT day, state, sum(n) FROM (
                SELECT day, b AS state, -1 AS n FROM day_moves WHERE kind IN ('move', 'delete', 'archive') AND b IS NOT NULL
                UNION ALL SELECT day, a, 1 FROM day_moves WHERE kind IN ('move', 'create', 'restore') AND a IS NOT NULL)
             GROUP BY day, state
            ON CONFLICT(day, state) DO UPDATE SET n = n + excluded.n;
        INSERT OR IGNORE INTO item_days(item_id, state, day)
            SELECT id, a, min(day) FROM day_moves WHERE kind IN ('move', 'create') GROUP BY id, a;
        INSERT OR IGNORE INTO item_days(item_id, state, day)
            SELECT id, 'created', min(day) FROM day_moves WHERE kind = 'create' GROUP BY id;
        INSERT INTO done_days(day, team_id, points, n)
            SELECT m.day, 0,
                   sum(CASE WHEN m.a IN ('done', 'released') THEN 1 ELSE -1 END * COALESCE(i.effort, 0)),
                   sum(CASE WHEN m.a IN ('done', 'released') THEN 1 ELSE -1 END)
            FROM day_moves m CROSS JOIN items i ON i.id = m.id
            WHERE m.kind = 'move' AND (m.a IN ('done', 'released')) != (m.b IN ('done', 'released'))
            GROUP BY m.day
            ON CONFLICT(day, team_id) DO UPDATE SET points = points + excluded.points, n = n + excluded.n;
        INSERT INTO done_days(day, team_id, points, n)
            SELECT day, id, sum(CASE WHEN a = 'done' THEN 1 ELSE -1 END * CAST(substr(kind, 6) AS INTEGER)),
                   sum(CASE WHEN a = 'done' THEN 1 ELSE -1 END)
            FROM day_moves WHERE kind LIKE 'team:%' AND id IS NOT NULL GROUP BY day, id
            ON CONFLICT(day, team_id) DO UPDATE SET points = points + excluded.points, n = n + excluded.n;
        INSERT INTO release_days(release_id, day, scope, done)
            SELECT ir.release_id, m.day,
                   sum(CASE
                       WHEN m.kind LIKE 'effort:%' THEN CAST(substr(m.kind, 8) AS INTEGER)
                       ELSE 0 END),
                   sum(CASE
                       WHEN m.kind = 'move' THEN CASE WHEN m.a IN ('done', 'released') THEN 1 ELSE -1 END * COALESCE(i.effort, 0)
                       WHEN m.kind LIKE 'effort:%' AND i.state IN ('done', 'released') THEN CAST(substr(m.kind, 8) AS INTEGER)
                       ELSE 0 END)
            FROM day_moves m CROSS JOIN item_releases ir ON ir.item_id = m.id CROSS JOIN items i ON i.id = m.id
            WHERE (m.kind = 'move' AND (m.a IN ('done', 'released')) != (m.b IN ('done', 'released')))
               OR m.kind LIKE 'effort:%'
            GROUP BY ir.release_id, m.day
            ON CONFLICT(release_id, day) DO UPDATE SET scope = scope + excluded.scope, done = done + excluded.done;
        INSERT INTO release_days(release_id, day, scope, done)
            SELECT CAST(m.b AS INTEGER), m.day,
                   sum(CASE m.kind WHEN 'plan' THEN 1 ELSE -1 END * COALESCE(i.effort, 0)),
                   sum(CASE WHEN i.state IN ('done', 'released') THEN CASE m.kind WHEN 'plan' THEN 1 ELSE -1 END * COALESCE(i.effort, 0) ELSE 0 END)
            FROM day_moves m CROSS JOIN items i ON i.id = m.id
            WHERE m.kind IN ('plan', 'unplan') AND EXISTS (SELECT 1 FROM releases r WHERE r.id = CAST(m.b AS INTEGER))
            GROUP BY m.b, m.day
            ON CONFLICT(release_id, day) DO UPDATE SET scope = scope + excluded.scope, done = done + excluded.done;
        DELETE FROM day_moves;
    END;
"#,
    // 16: the archive list (X) reads the archived rows newest first; without
    // these it scans every item. The views' windows and counts (a column's
    // cards from the 30,000th on, an item's place) read only live rows: over
    // these they skip and count in the index, not row by row in the table.
    // A checkpoint is undone by taking it out of sight (`live` 0), its items'
    // places kept for a redo.
    r"
    CREATE INDEX items_live_state_rank ON items(state, rank) WHERE archived_at IS NULL;
    CREATE INDEX items_live_rank ON items(rank) WHERE archived_at IS NULL;
    CREATE INDEX items_archived ON items(archived_at DESC, id DESC) WHERE archived_at IS NOT NULL;
    CREATE INDEX portfolio_archived ON portfolio_items(archived_at DESC, id DESC) WHERE archived_at IS NOT NULL;
    ALTER TABLE checkpoints ADD COLUMN live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1));
",
    // 17: labels on cluster items (Jira's labels, its last sprint
    // as `sprint:NAME`, and those a user adds), one row per label, its case
    // kept but each label once per item whatever its case; and a description
    // for team items, which had a title only.
    r"
    CREATE TABLE item_labels (
        item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        label    TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(label)) > 0),
        -- 1: brought by an import, which sets it again or takes it off on the
        -- next one; 0: given on the board, which an import leaves alone.
        imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
        PRIMARY KEY (item_id, label)
    ) WITHOUT ROWID;
    CREATE INDEX item_labels_label ON item_labels(label);
    ALTER TABLE team_items ADD COLUMN description TEXT NOT NULL DEFAULT '';
",
    // 18: checkpoints kept by what changes after them, not by a copy of
    // every item: marking one copies the rank counts per key prefix (a few
    // thousand rows); an item's first move, column change, archiving,
    // creation or deletion after it keeps how it stood then. Its place then
    // is counted from those. Checkpoints marked before keep their full copy
    // (`cow` 0).
    r"
    ALTER TABLE checkpoints ADD COLUMN cow INTEGER NOT NULL DEFAULT 0 CHECK (cow IN (0, 1));
    CREATE TABLE checkpoint_tops (
        checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
        bucket        TEXT NOT NULL,
        n             INTEGER NOT NULL,
        PRIMARY KEY (checkpoint_id, bucket)
    ) WITHOUT ROWID;
    CREATE TABLE checkpoint_buckets (
        checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
        bucket        TEXT NOT NULL,
        n             INTEGER NOT NULL,
        PRIMARY KEY (checkpoint_id, bucket)
    ) WITHOUT ROWID;
    -- How an item stood at a checkpoint, kept when it first changes after it:
    -- present 0, it was not on the board then (made or restored since).
    CREATE TABLE checkpoint_was (
        checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
        item_id       INTEGER NOT NULL,
        present       INTEGER NOT NULL CHECK (present IN (0, 1)),
        state         TEXT,
        rank          TEXT,
        PRIMARY KEY (checkpoint_id, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX checkpoint_was_rank ON checkpoint_was(checkpoint_id, rank) WHERE present = 1;
    CREATE TRIGGER checkpoint_was_update BEFORE UPDATE OF rank, state, archived_at ON items
    WHEN (OLD.rank IS NOT NEW.rank OR OLD.state IS NOT NEW.state
          OR OLD.archived_at IS NOT NEW.archived_at)
     AND EXISTS (SELECT 1 FROM checkpoints WHERE cow = 1)
    BEGIN
        INSERT OR IGNORE INTO checkpoint_was(checkpoint_id, item_id, present, state, rank)
            SELECT id, OLD.id, OLD.archived_at IS NULL, OLD.state, OLD.rank FROM checkpoints WHERE cow = 1;
    END;
    CREATE TRIGGER checkpoint_was_insert AFTER INSERT ON items
    WHEN EXISTS (SELECT 1 FROM checkpoints WHERE cow = 1)
    BEGIN
        INSERT OR IGNORE INTO checkpoint_was(checkpoint_id, item_id, present, state, rank)
            SELECT id, NEW.id, 0, NULL, NULL FROM checkpoints WHERE cow = 1;
    END;
    CREATE TRIGGER checkpoint_was_delete BEFORE DELETE ON items
    WHEN EXISTS (SELECT 1 FROM checkpoints WHERE cow = 1)
    BEGIN
        INSERT OR IGNORE INTO checkpoint_was(checkpoint_id, item_id, present, state, rank)
            SELECT id, OLD.id, OLD.archived_at IS NULL, OLD.state, OLD.rank FROM checkpoints WHERE cow = 1;
    END;
",
    // 19: the Releases view's sums and pages kept by triggers. A release of
    // 5,000 items took 20-30 ms to sum (a DoR probe per item) and a page
    // sorted all of them. `release_order` holds each live planned item by
    // its release and rank, with what the sums need; `release_sums` and
    // `release_tick_sets` (items per set of ticked DoR points, as the
    // checklist is each board's own) are kept from it. Lookups go through
    // the primary keys only: a bulk load drops the secondary indexes.
    r"
    CREATE TABLE release_order (
        release_id INTEGER NOT NULL,
        rank       TEXT NOT NULL,
        item_id    INTEGER NOT NULL,
        state      TEXT NOT NULL,
        effort     INTEGER,
        -- The item's ticked DoR points, sorted, joined by char(31).
        ticks      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (release_id, rank)
    ) WITHOUT ROWID;
    CREATE TABLE release_sums (
        release_id     INTEGER PRIMARY KEY,
        items          INTEGER NOT NULL DEFAULT 0,
        points_planned INTEGER NOT NULL DEFAULT 0,
        points_done    INTEGER NOT NULL DEFAULT 0,
        done           INTEGER NOT NULL DEFAULT 0,
        unfinished     INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE release_tick_sets (
        release_id INTEGER NOT NULL,
        ticks      TEXT NOT NULL,
        n          INTEGER NOT NULL,
        PRIMARY KEY (release_id, ticks)
    ) WITHOUT ROWID;

    INSERT INTO release_order(release_id, rank, item_id, state, effort, ticks)
        SELECT ir.release_id, i.rank, i.id, i.state, i.effort,
               COALESCE((SELECT group_concat(point, char(31))
                         FROM (SELECT point FROM item_dor d WHERE d.item_id = i.id ORDER BY point)), '')
        FROM item_releases ir JOIN items i ON i.id = ir.item_id
        WHERE i.archived_at IS NULL;
    INSERT INTO release_sums(release_id, items, points_planned, points_done, done, unfinished)
        SELECT release_id, COUNT(*), sum(COALESCE(effort, 0)),
               sum(CASE WHEN state IN ('done', 'released') THEN COALESCE(effort, 0) ELSE 0 END),
               sum(state = 'done'), sum(state NOT IN ('done', 'released'))
        FROM release_order GROUP BY release_id;
    INSERT INTO release_tick_sets(release_id, ticks, n)
        SELECT release_id, ticks, COUNT(*) FROM release_order GROUP BY release_id, ticks;

    CREATE TRIGGER release_order_insert AFTER INSERT ON release_order BEGIN
        INSERT INTO release_sums(release_id, items, points_planned, points_done, done, unfinished)
            VALUES (NEW.release_id, 1, COALESCE(NEW.effort, 0),
                    CASE WHEN NEW.state IN ('done', 'released') THEN COALESCE(NEW.effort, 0) ELSE 0 END,
                    NEW.state = 'done', NEW.state NOT IN ('done', 'released'))
            ON CONFLICT(release_id) DO UPDATE SET
                items = items + excluded.items,
                points_planned = points_planned + excluded.points_planned,
                points_done = points_done + excluded.points_done,
                done = done + excluded.done,
                unfinished = unfinished + excluded.unfinished;
        INSERT INTO release_tick_sets(release_id, ticks, n) VALUES (NEW.release_id, NEW.ticks, 1)
            ON CONFLICT(release_id, ticks) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER release_order_delete AFTER DELETE ON release_order BEGIN
        UPDATE release_sums SET
            items = items - 1,
            points_planned = points_planned - COALESCE(OLD.effort, 0),
            points_done = points_done
                - CASE WHEN OLD.state IN ('done', 'released') THEN COALESCE(OLD.effort, 0) ELSE 0 END,
            done = done - (OLD.state = 'done'),
            unfinished = unfinished - (OLD.state NOT IN ('done', 'released'))
        WHERE release_id = OLD.release_id;
        UPDATE release_tick_sets SET n = n - 1 WHERE release_id = OLD.release_id AND ticks = OLD.ticks;
        DELETE FROM release_tick_sets WHERE release_id = OLD.release_id AND ticks = OLD.ticks AND n <= 0;
    END;
    CREATE TRIGGER release_order_ticks AFTER UPDATE OF ticks ON release_order
    WHEN OLD.ticks IS NOT NEW.ticks BEGIN
        UPDATE release_tick_sets SET n = n - 1 WHERE release_id = OLD.release_id AND ticks = OLD.ticks;
        DELETE FROM release_tick_sets WHERE release_id = OLD.release_id AND ticks = OLD.ticks AND n <= 0;
        INSERT INTO release_tick_sets(release_id, ticks, n) VALUES (NEW.release_id, NEW.ticks, 1)
            ON CONFLICT(release_id, ticks) DO UPDATE SET n = n + 1;
    END;

    CREATE TRIGGER release_order_plan AFTER INSERT ON item_releases BEGIN
        INSERT INTO release_order(release_id, rank, item_id, state, effort, ticks)
            SELECT NEW.release_id, i.rank, i.id, i.state, i.effort,
                   COALESCE((SELECT group_concat(point, char(31))
                             FROM (SELECT point FROM item_dor d WHERE d.item_id = i.id ORDER BY point)), '')
            FROM items i WHERE i.id = NEW.item_id AND i.archived_at IS NULL;
    END;
    CREATE TRIGGER release_order_unplan AFTER DELETE ON item_releases BEGIN
        DELETE FROM release_order WHERE release_id = OLD.release_id
            AND rank = (SELECT rank FROM items WHERE id = OLD.item_id) AND item_id = OLD.item_id;
    END;
    CREATE TRIGGER release_order_item AFTER UPDATE OF rank, state, effort, archived_at ON items
    WHEN (OLD.rank IS NOT NEW.rank OR OLD.state IS NOT NEW.state OR OLD.effort IS NOT NEW.effort
          OR (OLD.archived_at IS NULL) != (NEW.archived_at IS NULL))
     AND EXISTS (SELECT 1 FROM item_releases WHERE item_id = NEW.id)
    BEGIN
        DELETE FROM release_order
            WHERE release_id IN (SELECT release_id FROM item_releases WHERE item_id = NEW.id)
              AND rank = OLD.rank;
        INSERT INTO release_order(release_id, rank, item_id, state, effort, ticks)
            SELECT ir.release_id, NEW.rank, NEW.id, NEW.state, NEW.effort,
                   COALESCE((SELECT group_concat(point, char(31))
                             FROM (SELECT point FROM item_dor d WHERE d.item_id = NEW.id ORDER BY point)), '')
            FROM item_releases ir WHERE ir.item_id = NEW.id AND NEW.archived_at IS NULL;
    END;
    -- Before the item goes: its rank finds its rows (the cascade to
    -- item_releases comes after, when the rank is gone).
    CREATE TRIGGER release_order_item_gone BEFORE DELETE ON items
    WHEN EXISTS (SELECT 1 FROM item_releases WHERE item_id = OLD.id)
    BEGIN
        DELETE FROM release_order
            WHERE release_id IN (SELECT release_id FROM item_releases WHERE item_id = OLD.id)
              AND rank = OLD.rank;
    END;
    CREATE TRIGGER release_order_tick AFTER INSERT ON item_dor
    WHEN EXISTS (SELECT 1 FROM item_releases WHERE item_id = NEW.item_id)
    BEGIN
        UPDATE release_order
            SET ticks = COALESCE((SELECT group_concat(point, char(31))
                                  FROM (SELECT point FROM item_dor d WHERE d.item_id = NEW.item_id ORDER BY point)), '')
            WHERE release_id IN (SELECT release_id FROM item_releases WHERE item_id = NEW.item_id)
              AND rank = (SELECT rank FROM items WHERE id = NEW.item_id);
    END;
    CREATE TRIGGER release_order_untick AFTER DELETE ON item_dor
    WHEN EXISTS (SELECT 1 FROM item_releases WHERE item_id = OLD.item_id)
    BEGIN
        UPDATE release_order
            SET ticks = COALESCE((SELECT group_concat(point, char(31))
                                  FROM (SELECT point FROM item_dor d WHERE d.item_id = OLD.item_id ORDER BY point)), '')
            WHERE release_id IN (SELECT release_id FROM item_releases WHERE item_id = OLD.item_id)
              AND rank = (SELECT rank FROM items WHERE id = OLD.item_id);
    END;
    CREATE TRIGGER release_order_release_gone AFTER DELETE ON releases BEGIN
        DELETE FROM release_order WHERE release_id = OLD.id;
        DELETE FROM release_sums WHERE release_id = OLD.id;
        DELETE FROM release_tick_sets WHERE release_id = OLD.id;
    END;
",
    // 20: a checkpoint's rank counts copied when they first change, not at
    // the mark: marking copied a few thousand rows (11.7 ms at 100,000
    // items, 38 ms at a million). For a `lazy` checkpoint a count not kept
    // in checkpoint_tops / checkpoint_buckets is still what it was then.
    // NOT EXISTS, not OR IGNORE: these fire inside the counts' upserts,
    // whose conflict handling would override the trigger's.
    r"
    ALTER TABLE checkpoints ADD COLUMN lazy INTEGER NOT NULL DEFAULT 0 CHECK (lazy IN (0, 1));
    CREATE TRIGGER checkpoint_tops_keep AFTER UPDATE OF n ON rank_tops_all
    WHEN OLD.n IS NOT NEW.n AND EXISTS (SELECT 1 FROM checkpoints WHERE lazy = 1)
    BEGIN
        INSERT INTO checkpoint_tops(checkpoint_id, bucket, n)
            SELECT c.id, OLD.bucket, OLD.n FROM checkpoints c
            WHERE c.lazy = 1 AND NOT EXISTS
                (SELECT 1 FROM checkpoint_tops k WHERE k.checkpoint_id = c.id AND k.bucket = OLD.bucket);
    END;
    CREATE TRIGGER checkpoint_tops_new AFTER INSERT ON rank_tops_all
    WHEN EXISTS (SELECT 1 FROM checkpoints WHERE lazy = 1)
    BEGIN
        INSERT INTO checkpoint_tops(checkpoint_id, bucket, n)
            SELECT c.id, NEW.bucket, 0 FROM checkpoints c
            WHERE c.lazy = 1 AND NOT EXISTS
                (SELECT 1 FROM checkpoint_tops k WHERE k.checkpoint_id = c.id AND k.bucket = NEW.bucket);
    END;
    CREATE TRIGGER checkpoint_buckets_keep AFTER UPDATE OF n ON rank_buckets_all
    WHEN OLD.n IS NOT NEW.n AND EXISTS (SELECT 1 FROM checkpoints WHERE lazy = 1)
    BEGIN
        INSERT INTO checkpoint_buckets(checkpoint_id, bucket, n)
            SELECT c.id, OLD.bucket, OLD.n FROM checkpoints c
            WHERE c.lazy = 1 AND NOT EXISTS
                (SELECT 1 FROM checkpoint_buckets k WHERE k.checkpoint_id = c.id AND k.bucket = OLD.bucket);
    END;
    CREATE TRIGGER checkpoint_buckets_new AFTER INSERT ON rank_buckets_all
    WHEN EXISTS (SELECT 1 FROM checkpoints WHERE lazy = 1)
    BEGIN
        INSERT INTO checkpoint_buckets(checkpoint_id, bucket, n)
            SELECT c.id, NEW.bucket, 0 FROM checkpoints c
            WHERE c.lazy = 1 AND NOT EXISTS
                (SELECT 1 FROM checkpoint_buckets k WHERE k.checkpoint_id = c.id AND k.bucket = NEW.bucket);
    END;
",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// Runs the migrations up to `to` (the latest for `None`). Foreign keys are off
/// meanwhile, so a table a migration rebuilds does not take its children's rows
/// with it; they are checked once it is done.
pub(super) fn upgrade(conn: &mut rusqlite::Connection, to: Option<usize>) -> super::Result<()> {
    let target = to.unwrap_or(SCHEMA_VERSION);
    let at: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if usize::try_from(at).ok() == Some(target) {
        // Nothing to run, so nothing to check: the foreign key check reads
        // every table (a quarter of a second at 100,000 items) on each open.
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let done = match to {
        None => migrations().to_latest(conn),
        Some(v) => migrations().to_version(conn, v),
    };
    conn.pragma_update(None, "foreign_keys", true)?;
    done?;
    let dangling: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "PRAGMA foreign_key_check",
        [],
        |r| r.get(0),
    ))?;
    match dangling {
        Some(table) => Err(super::StoreError::Upgrade {
            detail: format!("rows of {table} pointing at rows that are gone"),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
