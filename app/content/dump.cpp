// Flattens the content model into the strings a visitor can read: for proofreading
// (--dump-content) and for checking that the font can draw every one of them.
#include <sstream>

#include "content/loader.h"

namespace ess {

std::vector<std::string> AllVisibleStrings(const Content& c)
{
    std::vector<std::string> out = StudyStrings(c);
    for (const auto& [key, value] : c.Ui.Values)
        if (!value.empty()) out.push_back(value);
    return out;
}

std::vector<std::string> StudyStrings(const Content& c)
{
    std::vector<std::string> out;
    const auto add = [&](const std::string& s) {
        if (!s.empty()) out.push_back(s);
    };
    const Exhibition& e = c.Expo;
    for (const std::string* s : {&e.Overline, &e.Title, &e.Subtitle, &e.ApproachTitle, &e.ApproachIntroduction}) add(*s);
    for (const Milestone& m : e.Milestones) {
        add(m.Date);
        add(m.Text);
    }
    for (const std::string* s : {&e.ApproachConclusion, &e.MutationsTitle, &e.MutationsText, &e.CreditsRtes, &e.CreditsBeauxJours,
                                 &e.CreditsBeauxJoursText})
        add(*s);
    for (const Mutation& m : c.Mutations) {
        add(m.Title);
        add(m.FindingsYear);
        add(m.FindingsTitle);
        add(m.FindingsSource);
        for (const FindingGroup& g : m.FindingGroups) {
            add(g.Title);
            for (const Point& p : g.Points) {
                add(p.Text);
                for (const std::string& s : p.SubPoints) add(s);
            }
        }
        add(m.SignalsTitle);
        for (const TitledText& t : m.Signals) {
            add(t.Title);
            add(t.Text);
        }
        add(m.DesirableYear);
        add(m.DesirableTitle);
        for (const TitledText& t : m.Desirable) {
            add(t.Title);
            add(t.Text);
        }
        add(m.DystopiaTitle);
        for (const TitledText& t : m.Dystopia) {
            add(t.Title);
            add(t.Text);
        }
        add(m.InitiativesTitle);
        for (const Initiative& i : m.Initiatives) {
            add(i.Territory);
            add(i.Text);
            add(i.Link);
        }
    }
    const ActSection& a = c.Act;
    add(a.Title);
    add(a.Introduction);
    for (const Axis& axis : a.Axes) add(axis.Title);
    add(a.Conclusion);
    for (const Axis& axis : a.Axes) {
        add(axis.Title);
        add(a.BrakesTitle);
        for (const std::string& s : axis.Brakes) add(s);
        add(a.LeversTitle);
        for (const Lever& l : axis.Levers) {
            add(l.Text);
            for (const std::string& s : l.SubPoints) add(s);
        }
    }
    return out;
}

namespace {
void Indent(std::ostringstream& out, const std::string& prefix, const std::string& text)
{
    // Continuation lines of a multi-paragraph text keep the same indentation.
    out << prefix;
    for (char ch : text) {
        out << ch;
        if (ch == '\n') out << std::string(prefix.size(), ' ');
    }
    out << "\n";
}
} // namespace

std::string DumpContent(const Content& c)
{
    std::ostringstream out;
    const Exhibition& e = c.Expo;
    out << "# " << e.Overline << "\n# " << e.Title << "\n# " << e.Subtitle << "\n\n";
    out << "## " << e.ApproachTitle << "\n";
    Indent(out, "", e.ApproachIntroduction);
    for (const Milestone& m : e.Milestones) Indent(out, "  [" + m.Date + "] ", m.Text);
    Indent(out, "", e.ApproachConclusion);
    out << "\n## " << e.MutationsTitle << "\n";
    Indent(out, "", e.MutationsText);
    int number = 1;
    for (const Mutation& m : c.Mutations) {
        out << "\n## " << number++ << ". " << m.Title << "   (id " << m.Id << ")\n";
        out << "### " << m.FindingsYear << " — " << m.FindingsTitle << "\n";
        Indent(out, "  ", m.FindingsSource);
        for (const FindingGroup& g : m.FindingGroups) {
            if (!g.Title.empty()) Indent(out, "  ", g.Title);
            for (const Point& p : g.Points) {
                Indent(out, "    • ", p.Text);
                for (const std::string& s : p.SubPoints) Indent(out, "        – ", s);
            }
        }
        out << "### " << m.SignalsTitle << "\n";
        for (const TitledText& t : m.Signals) {
            Indent(out, "  ", t.Title);
            Indent(out, "    ", t.Text);
        }
        out << "### " << m.DesirableYear << " — " << m.DesirableTitle << "\n";
        for (const TitledText& t : m.Desirable) {
            Indent(out, "  ", t.Title);
            Indent(out, "    ", t.Text);
        }
        out << "### " << m.DystopiaTitle << "\n";
        for (const TitledText& t : m.Dystopia) {
            Indent(out, "  ", t.Title);
            Indent(out, "    ", t.Text);
        }
        out << "### " << m.InitiativesTitle << "\n";
        for (const Initiative& i : m.Initiatives) {
            if (!i.Territory.empty()) Indent(out, "  ", i.Territory);
            Indent(out, "    ", i.Text);
            Indent(out, "    ", i.Link);
        }
    }
    const ActSection& a = c.Act;
    out << "\n## " << a.Title << "\n";
    Indent(out, "", a.Introduction);
    for (const Axis& axis : a.Axes) Indent(out, "  • ", axis.Title);
    Indent(out, "", a.Conclusion);
    for (const Axis& axis : a.Axes) {
        out << "### " << axis.Title << "\n  " << a.BrakesTitle << "\n";
        for (const std::string& s : axis.Brakes) Indent(out, "    • ", s);
        out << "  " << a.LeversTitle << "\n";
        for (const Lever& l : axis.Levers) {
            Indent(out, "    • ", l.Text + "   [" + l.Id + "]");
            for (const std::string& s : l.SubPoints) Indent(out, "        – ", s);
        }
    }
    out << "\n## Crédits\n";
    Indent(out, "", e.CreditsRtes);
    Indent(out, "", e.CreditsBeauxJours);
    Indent(out, "", e.CreditsBeauxJoursText);
    out << "\n## Interface\n";
    for (const auto& [key, value] : c.Ui.Values) out << "  " << key << " = " << value << "\n";
    out << "\ncontent version " << c.Version << "\n";
    return out.str();
}

} // namespace ess
