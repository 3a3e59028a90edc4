// The organisers' report (ess-tally report): one self-contained HTML file in French, for
// organisers and elected officials: ballots, visits, mutations, the journey, reading and voting.
// Inline CSS and SVG only, no script, nothing loaded from anywhere; prints on A4.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ess {

class Database;
struct Content;
struct ReportFigures;

// What the report takes from the content: the levers' wording and the mutations' titles,
// colours and reading time. Without content, levers show by id and mutations by number.
struct ReportContent {
    std::vector<std::pair<std::string, std::string>> Levers; // id → plain text, in the content's order
    struct MutationText {
        std::string Title;
        uint32_t Colour = 0x4C5FD5;
        int64_t Words = 0; // of its findings, signals, both futures and initiatives
    };
    std::vector<MutationText> Mutations;
};
ReportContent ReportContentFrom(const Content& content);
// Words as a reader counts them: runs of letters or digits (an apostrophe splits "l’eau").
int64_t CountWords(const std::string& text);

struct ReportOptions {
    std::string GeneratedAt;         // shown in the header, e.g. "1er décembre 2026 à 18 h 05"
    std::vector<std::string> Inputs; // the files or servers read, as shown to the organiser
    int64_t Duplicates = 0;          // ballots found in more than one input, counted once
};

// The HTML text of the report for `figures`.
std::string ReportHtml(const ReportFigures& figures, const ReportContent& content, const ReportOptions& options);

// Computes the figures of `db` and writes the report to `output_path` whole or not at all (a
// temporary file renamed). False, with `error` naming the file and saying why.
bool WriteReport(const Database& db, const ReportContent& content, const std::string& output_path, const ReportOptions& options,
                 std::string& error);

} // namespace ess
