// The organisers' workbook (see export_xlsx.h) through libxlsxwriter, in constant-memory mode:
// rows go to disk as they are written, so a million ballots need no more memory than ten.
#include "storage/export_xlsx.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <xlsxwriter.h>

#include "core/durable_file.h"

namespace ess {

namespace {

constexpr size_t kMaxCellText = 32767; // a spreadsheet cell's limit; longer text is refused by the library

// One workbook being written; the first failure is kept and every later write skipped.
class Workbook {
public:
    explicit Workbook(const std::string& path)
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        Book = workbook_new_opt(path.c_str(), &options);
        if (!Book) {
            Failure = "cannot start the workbook";
            return;
        }
        Header = workbook_add_format(Book);
        format_set_bold(Header);
        format_set_text_wrap(Header);
        format_set_align(Header, LXW_ALIGN_VERTICAL_TOP);
        DateTime = workbook_add_format(Book);
        format_set_num_format(DateTime, "yyyy-mm-dd hh:mm:ss");
        format_set_align(DateTime, LXW_ALIGN_CENTER); // apart from the text columns on either side
        Centered = workbook_add_format(Book);
        format_set_align(Centered, LXW_ALIGN_CENTER);
        Date = workbook_add_format(Book);
        format_set_num_format(Date, "yyyy-mm-dd");
        Share = workbook_add_format(Book);
        format_set_num_format(Share, "0.0%");
        format_set_align(Share, LXW_ALIGN_VERTICAL_TOP);
        Wrapped = workbook_add_format(Book);
        format_set_text_wrap(Wrapped);
        format_set_align(Wrapped, LXW_ALIGN_VERTICAL_TOP);
        Top = workbook_add_format(Book);
        format_set_align(Top, LXW_ALIGN_VERTICAL_TOP);
    }
    ~Workbook()
    {
        if (Book) workbook_close(Book); // only after a failure: Close() clears it
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    struct Column {
        const char* Title;
        double Width; // in characters
        lxw_format* Format = nullptr;
    };
    // A new sheet with its header row, frozen, and its columns' widths.
    lxw_worksheet* AddSheet(const std::string& name, const std::vector<Column>& columns)
    {
        if (!Book) return nullptr;
        lxw_worksheet* sheet = workbook_add_worksheet(Book, name.c_str());
        if (!sheet) {
            Fail(LXW_ERROR_MEMORY_MALLOC_FAILED);
            return nullptr;
        }
        for (size_t c = 0; c < columns.size(); c++)
            Check(worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, columns[c].Width, columns[c].Format));
        Check(worksheet_set_row(sheet, 0, 30, Header)); // two lines: "Date et heure" above its offset
        worksheet_freeze_panes(sheet, 1, 0);
        // Printed (a report's appendix): landscape A4, as wide as the page, the header on each page.
        worksheet_set_landscape(sheet);
        worksheet_set_paper(sheet, 9);
        worksheet_fit_to_pages(sheet, 1, 0);
        Check(worksheet_repeat_rows(sheet, 0, 0));
        Check(worksheet_autofilter(sheet, 0, 0, 0, (lxw_col_t)(columns.size() - 1)));
        for (size_t c = 0; c < columns.size(); c++) Text(sheet, 0, c, columns[c].Title, Header);
        return sheet;
    }
    void Text(lxw_worksheet* sheet, lxw_row_t row, size_t col, const std::string& text, lxw_format* format = nullptr)
    {
        if (!sheet || text.empty()) return;
        Check(worksheet_write_string(sheet, row, (lxw_col_t)col, text.substr(0, kMaxCellText).c_str(), format));
    }
    void Number(lxw_worksheet* sheet, lxw_row_t row, size_t col, double value, lxw_format* format = nullptr)
    {
        if (sheet) Check(worksheet_write_number(sheet, row, (lxw_col_t)col, value, format));
    }
    // Writes the file; false, with the reason, if anything failed on the way.
    bool Close(std::string& error)
    {
        if (Book) {
            lxw_error closed = workbook_close(Book);
            Book = nullptr;
            if (closed != LXW_NO_ERROR && Failure.empty()) Failure = lxw_strerror(closed);
        }
        error = Failure;
        return Failure.empty();
    }
    bool Failed() const { return !Failure.empty(); }

    lxw_format *Header = nullptr, *DateTime = nullptr, *Centered = nullptr, *Date = nullptr, *Share = nullptr, *Wrapped = nullptr,
               *Top = nullptr;

private:
    void Check(lxw_error e)
    {
        if (e != LXW_NO_ERROR) Fail(e);
    }
    void Fail(lxw_error e)
    {
        if (Failure.empty()) Failure = lxw_strerror(e);
    }
    lxw_workbook* Book = nullptr;
    std::string Failure;
};

bool WriteBallotSheets(Workbook& book, const Database& db, const LeverLabels& labels, const Tally& tally, std::string& error)
{
    std::map<std::string, std::string> label_of(labels.begin(), labels.end());
    const std::vector<int> offsets = OffsetsOfBallots(tally);
    const bool several = offsets.size() > 1;
    std::string when = "Date et heure (" + UtcOffsetText(offsets.front());
    for (size_t i = 1; i < offsets.size(); i++) when += (i + 1 == offsets.size() ? " ou " : ", ") + UtcOffsetText(offsets[i]);
    when += several ? " : voir Décalage)" : ")";
    std::vector<Workbook::Column> columns = {{"Vote (identifiant)", 38}, {"Borne", 16}, {when.c_str(), 22}};
    if (several) columns.push_back({"Décalage", 11});
    columns.insert(columns.end(), {{"Horodatage UTC (enregistré)", 26},
                                   {"Version du contenu", 18},
                                   {"Signalé", 9},
                                   {"Levier", 28},
                                   {"Libellé du levier", 110}});
    int sheets = 1;
    lxw_worksheet* sheet = book.AddSheet("Votes", columns);
    lxw_row_t row = 0;
    return db.ForEachBallot(
        [&](const Ballot& b) {
            const LocalTime local = ToLocalTime(b.CreatedUtc);
            auto put = [&](const std::string& lever) {
                if (++row >= LXW_ROW_MAX) {
                    sheet = book.AddSheet("Votes " + std::to_string(++sheets), columns);
                    row = 1;
                }
                size_t c = 0;
                book.Text(sheet, row, c++, b.Uuid);
                book.Text(sheet, row, c++, b.KioskId);
                if (local.Ok)
                    book.Number(sheet, row, c++, local.Serial, book.DateTime);
                else
                    book.Text(sheet, row, c++, b.CreatedUtc); // not a time: shown as stored
                if (several) book.Text(sheet, row, c++, local.Ok ? UtcOffsetText(local.OffsetMinutes) : "");
                book.Text(sheet, row, c++, b.CreatedUtc);
                book.Text(sheet, row, c++, b.ContentVersion);
                book.Number(sheet, row, c++, b.Flags, book.Centered);
                book.Text(sheet, row, c++, lever);
                auto it = label_of.find(lever);
                if (it != label_of.end()) book.Text(sheet, row, c++, it->second);
            };
            if (b.Levers.empty()) put("");
            for (const std::string& lever : b.Levers) put(lever);
            return !book.Failed();
        },
        error);
}

} // namespace

bool ExportXlsx(const Database& db, const LeverLabels& labels, const std::string& path, std::string& error)
{
    Tally tally;
    if (!db.LoadTally(tally, error)) return false;
    const std::string target = ResolvedTarget(path);
    const std::string temp = TempPathBeside(target, "writing");
    std::string why;
    bool ok;
    {
        Workbook book(temp);
        ok = WriteBallotSheets(book, db, labels, tally, error);

        const double label_width = 90;
        lxw_worksheet* levers = book.AddSheet("Leviers", {{"Levier", 28, book.Top},
                                                          {"Libellé", label_width, book.Wrapped},
                                                          {"Votes", 10, book.Top},
                                                          {"Part des votes", 12, book.Top}});
        lxw_row_t row = 0;
        for (const LeverRow& lever : LeverRows(tally, labels)) {
            // Spreadsheets do not grow a row for wrapped text they load: its height is given,
            // a line per column width of characters (counted as code points), so no label is cut.
            size_t chars = 0;
            for (unsigned char c : lever.Label) chars += (c & 0xC0) != 0x80;
            const double lines = std::max(1.0, std::ceil((double)chars / label_width));
            if (levers) worksheet_set_row(levers, ++row, 15 * lines + 2, nullptr);
            book.Text(levers, row, 0, lever.Id, book.Top);
            book.Text(levers, row, 1, lever.Label.empty() ? "(absent du contenu actuel)" : lever.Label, book.Wrapped);
            book.Number(levers, row, 2, (double)lever.Ballots, book.Top);
            book.Number(levers, row, 3, tally.Ballots ? (double)lever.Ballots / (double)tally.Ballots : 0.0, book.Share);
        }
        lxw_worksheet* days = book.AddSheet("Par jour", {{"Jour (UTC)", 14}, {"Votes", 10}});
        row = 0;
        for (const Count& day : tally.PerDay) {
            const double serial = UtcDaySerial(day.Key);
            if (serial >= 0)
                book.Number(days, ++row, 0, serial, book.Date);
            else
                book.Text(days, ++row, 0, day.Key);
            book.Number(days, row, 1, (double)day.Ballots);
        }
        lxw_worksheet* kiosks = book.AddSheet("Par borne", {{"Borne", 24}, {"Votes", 10}});
        row = 0;
        for (const Count& kiosk : tally.PerKiosk) {
            book.Text(kiosks, ++row, 0, kiosk.Key);
            book.Number(kiosks, row, 1, (double)kiosk.Ballots);
        }
        if (!book.Close(why) && ok) {
            error = target + ": cannot write the workbook: " + why;
            ok = false;
        }
    }
    if (ok) return CommitTempFile(temp, target, error);
    std::error_code ec;
    std::remove(temp.c_str());
    return false;
}

} // namespace ess
