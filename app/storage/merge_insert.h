// Inside storage only: a BallotSet's new rows stored with one INSERT ... SELECT each, through a
// virtual table that hands SQLite the rows straight from memory.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "storage/ballot_set.h"

struct sqlite3;

namespace ess {

// The ballots of `set` at the indexes `order` gives (by uuid), into `db`'s main.ballots ...
bool InsertBallots(sqlite3* db, const BallotSet& set, const std::vector<uint32_t>& order, std::string& why);
// ... and their levers into main.ballot_levers, in the same order. `why`: SQLite's complaint.
bool InsertLevers(sqlite3* db, const BallotSet& set, const std::vector<uint32_t>& order, std::string& why);

} // namespace ess
