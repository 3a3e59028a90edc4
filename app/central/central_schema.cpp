// The central schema `ess` on PostgreSQL: forward migrations, each in its own transaction, and
// the least-privilege design (kiosks write only through two SECURITY DEFINER functions).
#include <string>

#include "central/central_api.h"

namespace ess {

namespace {

// Entry i brings the schema from version i to i+1. Never edit a published entry; add one.
//
// Tallies: ess.tally_counts holds counters per kiosk, kept by a STATEMENT-level AFTER INSERT
// trigger that reads the transition table: rows that ON CONFLICT DO NOTHING skipped are not in
// it, so a ballot sent twice is counted once; one upload of 5,000 ballots updates each of its
// kiosk's few hundred counters once instead of once a ballot; and since every kiosk has its own
// counter rows, twenty kiosks uploading at once never wait on each other's row locks. Reading
// the tally sums at most kiosks x (levers + days + hours) rows: the same at a million ballots as
// at ten. The same trigger notifies 'ess_ballots' (the results wall LISTENs), once a statement.
//
// Privileges: kiosks log in with roles of their own, members of ess_kiosk, which may only
// EXECUTE ess.add_ballots, ess.heartbeat and ess.add_visits: no table privilege at all. Those functions run as
// their owner (SECURITY DEFINER, with a fixed search_path) and take the kiosk id from
// session_user through ess.kiosks, refusing a whole batch that names another kiosk.
// ess_organiser may read everything and change nothing.
const char* const kCentralMigrations[] = {
    R"sql(
-- Roles belong to the whole server (cluster), shared by every database initialised on it; two
-- inits of two databases may race to create them.
DO $roles$ BEGIN
    BEGIN CREATE ROLE ess_organiser NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
    BEGIN CREATE ROLE ess_kiosk NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
END $roles$;
-- This database is the ballots': only kiosks and organisers (and its administrators) connect,
-- and nobody but its administrators makes temporary tables in it.
DO $db$ BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ess_organiser, ess_kiosk', current_database());
END $db$;
CREATE SCHEMA ess;
REVOKE ALL ON SCHEMA ess FROM PUBLIC;
GRANT USAGE ON SCHEMA ess TO ess_organiser, ess_kiosk;

CREATE TABLE ess.schema_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version integer NOT NULL
);
INSERT INTO ess.schema_version (version) VALUES (0);

CREATE TABLE ess.kiosks (
    kiosk_id   text PRIMARY KEY,
    role_name  name NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ess.ballots (
    uuid            uuid PRIMARY KEY,
    kiosk_id        text NOT NULL REFERENCES ess.kiosks (kiosk_id),
    created_utc     timestamptz NOT NULL,
    content_version text NOT NULL,
    flags           integer NOT NULL DEFAULT 0,
    levers          text[] NOT NULL CHECK (cardinality(levers) > 0),
    received_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ess.tally_counts (
    kiosk_id text NOT NULL,
    kind     text NOT NULL, -- 'all', 'flagged', 'lever', 'day', 'hour' (UTC), as the kiosk's tally_counts
    key      text NOT NULL,
    ballots  bigint NOT NULL,
    PRIMARY KEY (kiosk_id, kind, key)
);

CREATE FUNCTION ess.count_ballots() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (SELECT FROM new_ballots) THEN RETURN NULL; END IF;
    -- In key order, so that two uploads of one kiosk lock its counters in the same order.
    INSERT INTO ess.tally_counts AS t (kiosk_id, kind, key, ballots)
    SELECT kiosk_id, kind, key, count(*) FROM (
        SELECT kiosk_id, 'all' AS kind, '' AS key FROM new_ballots
        UNION ALL SELECT kiosk_id, 'flagged', '' FROM new_ballots WHERE flags <> 0
        UNION ALL SELECT kiosk_id, 'day', to_char(created_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM new_ballots
        UNION ALL SELECT kiosk_id, 'hour', to_char(created_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') FROM new_ballots
        UNION ALL SELECT kiosk_id, 'lever', unnest(levers) FROM new_ballots
    ) c GROUP BY kiosk_id, kind, key ORDER BY kiosk_id, kind, key
    ON CONFLICT (kiosk_id, kind, key) DO UPDATE SET ballots = t.ballots + excluded.ballots;
    PERFORM pg_notify('ess_ballots', (SELECT json_build_object('kiosk_id', min(kiosk_id), 'ballots', count(*))::text
                                      FROM new_ballots));
    RETURN NULL;
END $fn$;
CREATE TRIGGER ballots_count AFTER INSERT ON ess.ballots REFERENCING NEW TABLE AS new_ballots
    FOR EACH STATEMENT EXECUTE FUNCTION ess.count_ballots();

-- The counters hold only if ballots are never changed: not even their owner changes one.
CREATE FUNCTION ess.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'ess.ballots: a stored ballot is never changed or deleted (the tallies count on it)'
        USING ERRCODE = 'insufficient_privilege';
END $fn$;
CREATE TRIGGER ballots_unchanged BEFORE UPDATE OR DELETE OR TRUNCATE ON ess.ballots
    FOR EACH STATEMENT EXECUTE FUNCTION ess.refuse_change();

CREATE FUNCTION ess.add_ballots(batch jsonb, OUT inserted bigint, OUT already_there bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    own      text;
    total    bigint;
    stranger text;
BEGIN
    SELECT k.kiosk_id INTO own FROM ess.kiosks k WHERE k.role_name = session_user;
    IF own IS NULL THEN
        RAISE EXCEPTION 'role % is not a kiosk''s (ess-tally central add-kiosk makes one)', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'ess.add_ballots takes a JSON array of ballots';
    END IF;
    SELECT count(*), min(b->>'kiosk_id') FILTER (WHERE b->>'kiosk_id' IS DISTINCT FROM own)
        INTO total, stranger FROM jsonb_array_elements(batch) b;
    IF stranger IS NOT NULL THEN
        RAISE EXCEPTION 'ballots of kiosk "%" refused: role % may only add ballots of kiosk "%"; the whole batch is refused',
            stranger, session_user, own USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO ess.ballots (uuid, kiosk_id, created_utc, content_version, flags, levers)
    SELECT b.uuid, own, b.created_utc, b.content_version, coalesce(b.flags, 0), b.levers
    FROM jsonb_to_recordset(batch) AS b(uuid uuid, created_utc timestamptz, content_version text, flags integer, levers text[])
    ON CONFLICT (uuid) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    already_there := total - inserted;
END $fn$;

REVOKE ALL ON FUNCTION ess.add_ballots(jsonb), ess.count_ballots(), ess.refuse_change() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ess.add_ballots(jsonb) TO ess_kiosk;
GRANT SELECT ON ess.schema_version, ess.kiosks, ess.ballots, ess.tally_counts TO ess_organiser;
)sql",
    // 2: heartbeats, one row per kiosk, replaced each minute.
    R"sql(
CREATE TABLE ess.heartbeats (
    kiosk_id        text PRIMARY KEY REFERENCES ess.kiosks (kiosk_id),
    received_at     timestamptz NOT NULL, -- the server's clock: a kiosk's may be wrong
    app_version     text,
    content_version text,
    ballots_total   bigint,
    ballots_pending bigint,
    last_ballot_utc timestamptz,
    database_health text,
    free_disk_bytes bigint,
    uptime_seconds  bigint
);

CREATE FUNCTION ess.heartbeat(beat jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    own text;
BEGIN
    SELECT k.kiosk_id INTO own FROM ess.kiosks k WHERE k.role_name = session_user;
    IF own IS NULL THEN
        RAISE EXCEPTION 'role % is not a kiosk''s (ess-tally central add-kiosk makes one)', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO ess.heartbeats AS h (kiosk_id, received_at, app_version, content_version, ballots_total, ballots_pending,
                                     last_ballot_utc, database_health, free_disk_bytes, uptime_seconds)
    SELECT own, now(), b.app_version, b.content_version, b.ballots_total, b.ballots_pending, b.last_ballot_utc,
           b.database_health, b.free_disk_bytes, b.uptime_seconds
    FROM jsonb_to_record(beat) AS b(app_version text, content_version text, ballots_total bigint, ballots_pending bigint,
                                    last_ballot_utc timestamptz, database_health text, free_disk_bytes bigint,
                                    uptime_seconds bigint)
    ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, app_version = excluded.app_version,
        content_version = excluded.content_version, ballots_total = excluded.ballots_total,
        ballots_pending = excluded.ballots_pending, last_ballot_utc = excluded.last_ballot_utc,
        database_health = excluded.database_health, free_disk_bytes = excluded.free_disk_bytes,
        uptime_seconds = excluded.uptime_seconds;
END $fn$;

REVOKE ALL ON FUNCTION ess.heartbeat(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ess.heartbeat(jsonb) TO ess_kiosk;
GRANT SELECT ON ess.heartbeats TO ess_organiser;
)sql",
    // 3: the visit log (issue #14), as the kiosks record it (storage/schema.cpp, schema 3):
    // anonymous, keyed by the visit's id so that one sent twice is stored once, with the checks
    // the kiosk makes before storing one (storage's VisitRefusal), so that no visit a kiosk holds
    // is refused here. Kiosks add their own through ess.add_visits alone. Each kiosk says how
    // many months it keeps visits ([visit] keep_months, in every heartbeat and upload), and the
    // server keeps each kiosk's no longer: ess.purge_visits, run by every heartbeat (of any
    // kiosk, so that a retired kiosk's visits go too), deletes the visits older than their own
    // kiosk's months, counted in UTC. The heartbeat says how many visits wait on the kiosk.
    R"sql(
ALTER TABLE ess.kiosks ADD COLUMN visit_keep_months integer NOT NULL DEFAULT 25 CHECK (visit_keep_months BETWEEN 1 AND 120);
CREATE TABLE ess.visits (
    id              text PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z._-]{1,64}$'),
    kiosk_id        text NOT NULL REFERENCES ess.kiosks (kiosk_id),
    started_utc     timestamptz NOT NULL, -- to the minute
    seconds         double precision NOT NULL CHECK (seconds >= 0 AND seconds < 'infinity'),
    language        text NOT NULL,
    modes           text NOT NULL DEFAULT '', -- comma-separated, sorted
    flips           integer NOT NULL DEFAULT 0,
    comparisons     integer NOT NULL DEFAULT 0,
    qr_shown        integer NOT NULL DEFAULT 0,
    ending          text NOT NULL CHECK (ending IN ('ballot', 'left', 'idle')),
    ballot_uuid     text CHECK (ballot_uuid ~ '^[0-9A-Za-z._-]{1,64}$'),
    content_version text NOT NULL DEFAULT '',
    received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visits_by_kiosk_time ON ess.visits (kiosk_id, started_utc);
CREATE TABLE ess.visit_views (
    visit_id text NOT NULL REFERENCES ess.visits (id) ON DELETE CASCADE,
    seq      integer NOT NULL,
    screen   text NOT NULL CHECK (screen ~ '^[a-z_]+$'),
    mutation integer NOT NULL DEFAULT -1,
    part     text NOT NULL DEFAULT '' CHECK (part ~ '^[a-z_]*$'),
    seconds  double precision NOT NULL CHECK (seconds >= 0 AND seconds < 'infinity'),
    PRIMARY KEY (visit_id, seq)
);

-- The kiosk whose role is calling (session_user: a SECURITY DEFINER function runs as its owner),
-- or an error that says the role is none.
CREATE FUNCTION ess.calling_kiosk() RETURNS text LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    own text;
BEGIN
    SELECT k.kiosk_id INTO own FROM ess.kiosks k WHERE k.role_name = session_user;
    IF own IS NULL THEN
        RAISE EXCEPTION 'role % is not a kiosk''s (ess-tally central add-kiosk makes one)', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN own;
END $fn$;

CREATE FUNCTION ess.purge_visits() RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    purged bigint;
    gone   bigint;
    k      record;
BEGIN
    purged := 0;
    -- A kiosk at a time: each DELETE is a range of visits_by_kiosk_time, whatever the table's size.
    FOR k IN SELECT kiosk_id, visit_keep_months FROM ess.kiosks LOOP
        DELETE FROM ess.visits
        WHERE kiosk_id = k.kiosk_id
          AND started_utc < (now() AT TIME ZONE 'UTC' - make_interval(months => k.visit_keep_months)) AT TIME ZONE 'UTC';
        GET DIAGNOSTICS gone = ROW_COUNT;
        purged := purged + gone;
    END LOOP;
    RETURN purged;
END $fn$;

-- batch: [{"id", "kiosk_id", "started_utc", "seconds", "language", "modes", "flips", "comparisons",
-- "qr_shown", "ending", "ballot_uuid", "content_version", "views": [[screen, mutation, part, seconds], ...]}]
-- taken: ids another kiosk's visits have already (never stored under this kiosk).
CREATE FUNCTION ess.add_visits(batch jsonb, keep_months integer, OUT inserted bigint, OUT already_there bigint,
                               OUT taken bigint, OUT purged bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    own      text;
    total    bigint;
    stranger text;
    new_ids  text[];
BEGIN
    own := ess.calling_kiosk();
    IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'ess.add_visits takes a JSON array of visits';
    END IF;
    IF keep_months IS NULL OR keep_months NOT BETWEEN 1 AND 120 THEN
        RAISE EXCEPTION 'ess.add_visits: keep_months % is out of range (1 to 120 months)', keep_months;
    END IF;
    SELECT count(*), min(v->>'kiosk_id') FILTER (WHERE v->>'kiosk_id' IS DISTINCT FROM own)
        INTO total, stranger FROM jsonb_array_elements(batch) v;
    IF stranger IS NOT NULL THEN
        RAISE EXCEPTION 'visits of kiosk "%" refused: role % may only add visits of kiosk "%"; the whole batch is refused',
            stranger, session_user, own USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE ess.kiosks SET visit_keep_months = keep_months WHERE kiosk_id = own AND visit_keep_months <> keep_months;
    WITH added AS (
        INSERT INTO ess.visits (id, kiosk_id, started_utc, seconds, language, modes, flips, comparisons, qr_shown, ending,
                                ballot_uuid, content_version)
        SELECT v.id, own, v.started_utc, v.seconds, v.language, coalesce(v.modes, ''), coalesce(v.flips, 0),
               coalesce(v.comparisons, 0), coalesce(v.qr_shown, 0), v.ending, nullif(v.ballot_uuid, ''),
               coalesce(v.content_version, '')
        FROM jsonb_to_recordset(batch) AS v(id text, started_utc timestamptz, seconds double precision, language text,
                                            modes text, flips integer, comparisons integer, qr_shown integer, ending text,
                                            ballot_uuid text, content_version text)
        ON CONFLICT (id) DO NOTHING
        RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO new_ids FROM added;
    -- The views of the visits new here only: one already there has its own. (IN over a subquery,
    -- not = ANY (new_ids): a semi-join, hashed, rather than a scan of the array for every view.)
    INSERT INTO ess.visit_views (visit_id, seq, screen, mutation, part, seconds)
    SELECT v->>'id', w.n - 1, w.view->>0, (w.view->>1)::integer, w.view->>2, (w.view->>3)::double precision
    FROM jsonb_array_elements(batch) v CROSS JOIN LATERAL jsonb_array_elements(coalesce(v->'views', '[]')) WITH ORDINALITY w(view, n)
    WHERE v->>'id' IN (SELECT unnest(new_ids));
    inserted := cardinality(new_ids);
    SELECT count(*) INTO taken FROM ess.visits x
    WHERE x.id IN (SELECT v->>'id' FROM jsonb_array_elements(batch) v) AND x.kiosk_id <> own;
    already_there := total - inserted - taken;
    purged := ess.purge_visits();
END $fn$;

ALTER TABLE ess.heartbeats ADD COLUMN visits_pending bigint;
CREATE OR REPLACE FUNCTION ess.heartbeat(beat jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    own    text;
    months integer;
BEGIN
    own := ess.calling_kiosk();
    INSERT INTO ess.heartbeats AS h (kiosk_id, received_at, app_version, content_version, ballots_total, ballots_pending,
                                     last_ballot_utc, database_health, free_disk_bytes, uptime_seconds, visits_pending)
    SELECT own, now(), b.app_version, b.content_version, b.ballots_total, b.ballots_pending, b.last_ballot_utc,
           b.database_health, b.free_disk_bytes, b.uptime_seconds, b.visits_pending
    FROM jsonb_to_record(beat) AS b(app_version text, content_version text, ballots_total bigint, ballots_pending bigint,
                                    last_ballot_utc timestamptz, database_health text, free_disk_bytes bigint,
                                    uptime_seconds bigint, visits_pending bigint)
    ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, app_version = excluded.app_version,
        content_version = excluded.content_version, ballots_total = excluded.ballots_total,
        ballots_pending = excluded.ballots_pending, last_ballot_utc = excluded.last_ballot_utc,
        database_health = excluded.database_health, free_disk_bytes = excluded.free_disk_bytes,
        uptime_seconds = excluded.uptime_seconds, visits_pending = excluded.visits_pending;
    months := (beat->>'visit_keep_months')::integer;
    IF months BETWEEN 1 AND 120 THEN
        UPDATE ess.kiosks SET visit_keep_months = months WHERE kiosk_id = own AND visit_keep_months <> months;
    END IF;
    PERFORM ess.purge_visits();
END $fn$;

REVOKE ALL ON FUNCTION ess.add_visits(jsonb, integer), ess.purge_visits(), ess.calling_kiosk() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ess.add_visits(jsonb, integer) TO ess_kiosk;
GRANT SELECT ON ess.visits, ess.visit_views TO ess_organiser;
)sql",
};
static_assert(sizeof(kCentralMigrations) / sizeof(kCentralMigrations[0]) == kCentralSchema);

// Any number: it only has to be the same for every ess-tally central init.
constexpr const char* kInitLock = "SELECT pg_advisory_xact_lock(4542533402)";

bool Run(pg::Connection& conn, const std::string& sql, pg::Result& result, std::string& error, pg::Clock::time_point deadline)
{
    return conn.Exec(sql, {}, result, deadline, error) == pg::Outcome::Ok;
}

// Inside a transaction: 0 when there is no schema, -1 (with `error`) when unreadable or when a
// schema "ess" is there that this software did not make.
int ReadVersion(pg::Connection& conn, std::string& error, pg::Clock::time_point deadline)
{
    pg::Result r;
    if (!Run(conn, "SELECT to_regnamespace('ess') IS NOT NULL, to_regclass('ess.schema_version') IS NOT NULL", r, error,
             deadline))
        return -1;
    if (r.Text(0, 0) != "t") return 0;
    if (r.Text(0, 1) != "t") {
        error = "a schema \"ess\" exists on this database but has no ess.schema_version: it was not made by ess-tally; "
                "use another database";
        return -1;
    }
    if (!Run(conn, "SELECT version FROM ess.schema_version", r, error, deadline)) return -1;
    if (r.Rows() != 1) {
        error = "ess.schema_version has " + std::to_string(r.Rows()) + " rows instead of one";
        return -1;
    }
    return (int)r.Int64(0, 0);
}

std::string TooNew(int version)
{
    return "the central schema is at version " + std::to_string(version) + ", newer than this software knows (" +
           std::to_string(kCentralSchema) + "); update ess-tally and the kiosks before using this server";
}

} // namespace

int CentralSchemaVersion(pg::Connection& conn, std::string& error, pg::Clock::time_point deadline)
{
    return ReadVersion(conn, error, deadline);
}

bool InitCentral(pg::Connection& conn, std::string& report, std::string& error, pg::Clock::time_point deadline, int up_to)
{
    report.clear();
    if (up_to < 1 || up_to > kCentralSchema) up_to = kCentralSchema;
    int first = -1, reached = -1;
    for (;;) {
        pg::Result r;
        auto fail = [&](const std::string& why) {
            error = why;
            if (conn.IsOpen()) {
                std::string ignored;
                conn.ExecScript("ROLLBACK", deadline, ignored);
            }
            return false;
        };
        if (!Run(conn, "BEGIN", r, error, deadline) || !Run(conn, kInitLock, r, error, deadline)) return fail(error);
        int version = ReadVersion(conn, error, deadline);
        if (version < 0) return fail(error);
        if (first < 0) first = version;
        if (version > kCentralSchema) return fail(TooNew(version));
        if (version >= up_to) {
            Run(conn, "COMMIT", r, error, deadline);
            reached = version;
            break;
        }
        const std::string step = std::to_string(version + 1);
        if (conn.ExecScript(kCentralMigrations[version], deadline, error) != pg::Outcome::Ok)
            return fail(error + " (migrating the central schema to version " + step + ")");
        if (!Run(conn, "UPDATE ess.schema_version SET version = " + step, r, error, deadline) ||
            !Run(conn, "COMMIT", r, error, deadline))
            return fail(error + " (migrating the central schema to version " + step + ")");
    }
    if (first == reached)
        report = "already at version " + std::to_string(reached) + ": nothing to do";
    else if (first == 0)
        report = "created at version " + std::to_string(reached);
    else
        report = "upgraded from version " + std::to_string(first) + " to " + std::to_string(reached);
    return true;
}

} // namespace ess
