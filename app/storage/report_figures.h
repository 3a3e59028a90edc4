// The figures of the organisers' report (ess-tally report), computed from the ballots and the
// visit log (visits, visit_views: schema 3); ess-tally's report.cpp draws them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ess {

class Database;

// Quartiles of a set of values (linear interpolation between the nearest ranks, as a spreadsheet's
// QUARTILE.INC); Count is 0 when there were none, and then the rest means nothing.
struct Spread {
    int64_t Count = 0;
    double Q1 = 0, Median = 0, Q3 = 0;
};

// The parts of a mutation a visitor can see, in the screen's order ("future" gathers both sides
// of the 2040 card and their comparison).
constexpr int kReportParts = 4;
extern const char* const kReportPartIds[kReportParts]; // "findings", "signals", "future", "initiatives"

struct ReportFigures {
    // Ballots. Shares are of the unflagged ballots; flagged ones (flags != 0) are counted apart.
    int64_t Ballots = 0, Flagged = 0;
    struct KeyCount {
        std::string Key;
        int64_t Count = 0, Flagged = 0;
    };
    std::vector<KeyCount> PerLever; // unflagged ballots choosing each lever, most chosen first
    std::vector<KeyCount> PerKiosk; // ballots (Count: all, Flagged: of which flagged), by kiosk id
    std::vector<KeyCount> BallotsPerDay;
    std::vector<std::string> ContentVersions; // of ballots and visits, sorted

    // Visits: nothing below is meaningful when !HasVisitLog (a file of schema 1 or 2).
    bool HasVisitLog = false;
    int64_t Visits = 0;
    std::vector<KeyCount> VisitsPerKiosk, VisitsPerDay; // local days "YYYY-MM-DD"
    int64_t VisitsPerHour[24] = {};                     // local hour of the start
    Spread VisitSeconds;
    std::string FirstDay, LastDay; // local days of the first and last ballot or visit, "" if none

    struct MutationFigures {
        int64_t Opened = 0;                     // visits that opened it
        Spread Seconds;                         // time on it, among those visits
        Spread PartSeconds[kReportParts];       // time on each part, among the visits that saw that part
        int64_t SawFuture = 0, SawDystopia = 0; // visits that saw its 2040 ('future'), of which turned it
    };
    std::vector<MutationFigures> Mutations; // by index, as many as asked for
    int64_t Diligent = 0;                   // visits that saw more than half of all the mutation parts

    // The journey: each step counts the visits that reached it.
    int64_t OpenedMutation = 0, SawFuture = 0, OpenedVote = 0, Confirmed = 0;

    // Reading and voting: visits that confirmed a ballot against the others.
    struct ReaderGroup {
        int64_t Visits = 0;
        double MeanParts = 0; // distinct mutation parts seen
        Spread Seconds;
        int64_t SawDystopia = 0;
    };
    ReaderGroup Voted, NotVoted;
};

// Reads every figure of `db` (read-only). `mutations` is the content's
// number of mutations (visit_views.mutation runs 0..mutations-1). Days and hours are local to the
// machine (the TZ environment variable). False, with `error`, when the database cannot be read.
bool LoadReportFigures(const Database& db, int mutations, ReportFigures& figures, std::string& error);

} // namespace ess
