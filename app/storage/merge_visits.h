// Inside storage only: the merge's visit log (schema 3), visits and their views copied from each
// input into OUT by visit id, inside the merge's own transaction.
#pragma once
#include <string>

#include "storage/exchange.h"

namespace ess {

// Copies the visits of every input in `report.Inputs` (already checked by the ballots' reading)
// into `out`, whose transaction must be open, streaming them (memory stays flat): a visit OUT
// has already is skipped, views and all. Inputs before schema 3 have none. Counts into `report`,
// with TotalVisits read from OUT afterwards.
bool MergeVisits(Database& out, MergeReport& report, std::string& error);

} // namespace ess
