// The visit log's tables exactly as issue #14's model gives them (kiosk schema migration 3), for
// the report's tests and benchmark until storage creates them itself: then use the migration.
#pragma once

namespace ess {

inline const char* const kVisitTablesSql = R"sql(
CREATE TABLE IF NOT EXISTS visits (
    id              TEXT PRIMARY KEY,
    kiosk_id        TEXT NOT NULL,
    started_utc     TEXT NOT NULL,
    seconds         REAL NOT NULL,
    language        TEXT NOT NULL,
    modes           TEXT NOT NULL DEFAULT '',
    flips           INTEGER NOT NULL DEFAULT 0,
    comparisons     INTEGER NOT NULL DEFAULT 0,
    qr_shown        INTEGER NOT NULL DEFAULT 0,
    ending          TEXT NOT NULL CHECK (ending IN ('ballot', 'left', 'idle')),
    ballot_uuid     TEXT,
    content_version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS visits_by_time ON visits(started_utc);
CREATE TABLE IF NOT EXISTS visit_views (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    seq      INTEGER NOT NULL,
    screen   TEXT NOT NULL,
    mutation INTEGER NOT NULL DEFAULT -1,
    part     TEXT NOT NULL DEFAULT '',
    seconds  REAL NOT NULL,
    PRIMARY KEY (visit_id, seq)
) WITHOUT ROWID;
)sql";

} // namespace ess
