// What the report takes from the content (see report.h): lever wording, mutation titles and
// colours, and how many words each mutation has a visitor read (its holding power's yardstick).
#include "core/content_model.h"
#include "core/text.h"
#include "tally/report.h"

namespace ess {

namespace {

void AddWords(const std::string& text, int64_t& words)
{
    words += CountWords(PlainText(text));
}

} // namespace

int64_t CountWords(const std::string& text)
{
    int64_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < text.size();) {
        const uint32_t cp = DecodeUtf8(text, i);
        const bool letter = (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                            (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000 && cp != 0xA0);
        if (letter && !in_word) words++;
        in_word = letter;
    }
    return words;
}

ReportContent ReportContentFrom(const Content& content)
{
    ReportContent out;
    for (const Axis& axis : content.Act.Axes)
        for (const Lever& lever : axis.Levers) out.Levers.push_back({lever.Id, PlainText(lever.Text)});
    for (const Mutation& m : content.Mutations) {
        ReportContent::MutationText t;
        t.Title = PlainText(m.Title);
        t.Colour = m.Colour;
        for (const FindingGroup& g : m.FindingGroups) {
            AddWords(g.Title, t.Words);
            for (const Point& p : g.Points) {
                AddWords(p.Text, t.Words);
                for (const std::string& s : p.SubPoints) AddWords(s, t.Words);
            }
        }
        for (const auto* texts : {&m.Signals, &m.Desirable, &m.Dystopia})
            for (const TitledText& s : *texts) AddWords(s.Title + " " + s.Text, t.Words);
        for (const Initiative& i : m.Initiatives) AddWords(i.Territory + " " + i.Text, t.Words);
        out.Mutations.push_back(t);
    }
    return out;
}

} // namespace ess
