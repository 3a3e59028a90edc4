// The content loader's sections (see loader_parts.h): a mutation's file and agir.toml, each key
// and value checked, a translation held to the French's ids, lists and pictures.
#include <algorithm>
#include <filesystem>
#include <set>

#include "content/loader_parts.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace ess::loader {

namespace {

bool IsIdentifier(const std::string& id)
{
    if (id.empty()) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool ParseColour(const std::string& text, uint32_t& out)
{
    if (text.size() != 7 || text[0] != '#') return false;
    for (size_t i = 1; i < 7; i++)
        if (!isxdigit(static_cast<unsigned char>(text[i]))) return false;
    out = uint32_t(std::stoul(text.substr(1), nullptr, 16));
    return true;
}

// A list of texts: the French's as it is; a translation's must have as many as the French.
void TextList(TomlReader& r, const toml::table& t, const std::string& path, const std::string& key,
              std::vector<std::string>& items, const std::string& what, bool required = true)
{
    if (!r.Translation) {
        items = r.Strings(t, path, key, required);
        return;
    }
    const toml::node* node = t.get(key);
    if (!node && !items.empty()) {
        r.Take(t, key);
        r.Missing(t.source(), "\"" + TomlReader::Join(path, key) + "\"");
        return;
    }
    std::vector<std::string> given = r.Strings(t, path, key, false);
    const std::string difference = CountDifference(given.size(), items.size(), what);
    if (node && !difference.empty())
        r.Problem(node->source(), "\"" + TomlReader::Join(path, key) + "\": " + difference);
    else if (node)
        items = std::move(given);
}

void ReadTitledTexts(TomlReader& r, const toml::table& parent, const std::string& path, const std::string& key,
                     std::vector<TitledText>& out, const std::string& what)
{
    const std::vector<const toml::table*> tables = Items(r, parent, path, key, out, what);
    const std::string p = TomlReader::Join(path, key);
    for (size_t i = 0; i < tables.size(); i++) {
        r.Text(*tables[i], p, "titre", out[i].Title);
        r.Text(*tables[i], p, "texte", out[i].Text);
    }
}

void ReadPoints(TomlReader& r, const toml::table& g, FindingGroup& group)
{
    const std::string path = "constats.groupes.points";
    const toml::node* points = r.Take(g, "points");
    const auto* array = points ? points->as_array() : nullptr;
    if (r.Translation && !points) {
        r.Missing(g.source(), "\"" + path + "\"");
        return;
    }
    if (!array || array->empty()) {
        r.Problem(points ? points->source() : g.source(), "\"" + path + "\" must be a non-empty list");
        return;
    }
    if (!r.Translation) group.Points.resize(array->size());
    const std::string difference = CountDifference(array->size(), group.Points.size(), "points");
    if (!difference.empty()) {
        r.Problem(points->source(), "\"" + path + "\": " + difference);
        return;
    }
    for (size_t i = 0; i < array->size(); i++) {
        const toml::node& item = *array->get(i);
        Point& point = group.Points[i];
        if (const auto* s = item.as_string()) {
            point.Text = s->get();
            if (!point.SubPoints.empty())
                r.Problem(item.source(), "this point has no sub-points here, the French has " +
                                             std::to_string(point.SubPoints.size()) +
                                             " (write { texte = \"...\", sous_points = [...] })");
        } else if (const auto* it = item.as_table()) {
            r.Text(*it, path, "texte", point.Text);
            TextList(r, *it, path, "sous_points", point.SubPoints, "sub-points");
        } else {
            r.Problem(item.source(), "a point must be a text or { texte = \"...\", sous_points = [...] }");
        }
    }
}

} // namespace

// Texts that are not translated (ids, colours, pictures, links): the French reads them; a
// translation may repeat them but must not change them (ballots count levers by id, and a
// picture or link is the study's). True when the file gives the value.
bool Fixed(TomlReader& r, const toml::table& t, const std::string& path, const std::string& key, std::string& value,
           const std::string& what, bool required)
{
    if (!r.Translation) {
        value = r.String(t, path, key, required);
        return !value.empty();
    }
    const toml::node* node = r.Take(t, key);
    if (!node) return false;
    const std::string given = r.String(t, path, key);
    if (!given.empty() && given != value)
        r.Problem(node->source(), what + " \"" + given + "\" is not the French one: the French has \"" + value +
                                      "\" here (a translation keeps it)");
    return false;
}

// How a list a translation gives differs from the French one, or "" when it does not.
std::string CountDifference(size_t given, size_t french, const std::string& what, const std::string& french_items)
{
    if (given == french) return {};
    return std::to_string(given) + " " + what + " here, the French has " + std::to_string(french) +
           (french_items.empty() ? "" : " (" + french_items + ")");
}

void ReadMutation(TomlReader& r, Mutation& m, const std::string& assets_dir)
{
    const toml::table& root = r.Root;
    if (Fixed(r, root, "", "id", m.Id, "the mutation id") && !IsIdentifier(m.Id))
        r.Problem(root.get("id")->source(), "\"id\" must use only a-z, 0-9 and -");
    r.Text(root, "", "titre", m.Title);
    if (!r.Translation) {
        std::string colour = r.String(root, "", "couleur");
        if (!colour.empty() && !ParseColour(colour, m.Colour))
            r.Problem(root.get("couleur")->source(), "\"couleur\" must look like \"#4C5FD5\"");
    } else if (const toml::node* node = r.Take(root, "couleur")) {
        // The same colour as the French's, whatever the case of its hex digits.
        uint32_t given = 0;
        const std::string text = r.String(root, "", "couleur");
        char french[8];
        snprintf(french, sizeof french, "#%06X", unsigned(m.Colour));
        if (!text.empty() && (!ParseColour(text, given) || given != m.Colour))
            r.Problem(node->source(), "the colour \"" + text + "\" is not the French one: the French has \"" + french +
                                          "\" here (a translation keeps it)");
    }
    if (Fixed(r, root, "", "illustration", m.Illustration, "the illustration")) {
        std::error_code ec; // the throwing overloads would end the start-up thread that loads this
        if (!fs::exists(fs::path(assets_dir) / m.Illustration, ec))
            r.Problem(root.get("illustration")->source(),
                      "image not found: " + (fs::path(assets_dir) / m.Illustration).string() +
                          " (a neutral placeholder is shown)",
                      false);
    }

    if (const toml::table* t = r.Table(root, "", "constats")) {
        r.Text(*t, "constats", "annee", m.FindingsYear);
        r.Text(*t, "constats", "titre", m.FindingsTitle);
        r.Text(*t, "constats", "source", m.FindingsSource);
        const std::vector<const toml::table*> groups = Items(r, *t, "constats", "groupes", m.FindingGroups, "groups");
        for (size_t i = 0; i < groups.size(); i++) {
            r.Text(*groups[i], "constats.groupes", "titre", m.FindingGroups[i].Title, false);
            ReadPoints(r, *groups[i], m.FindingGroups[i]);
        }
    }
    if (const toml::table* t = r.Table(root, "", "signaux")) {
        r.Text(*t, "signaux", "titre", m.SignalsTitle);
        ReadTitledTexts(r, *t, "signaux", "liste", m.Signals, "signals");
    }
    if (const toml::table* t = r.Table(root, "", "souhaitable")) {
        r.Text(*t, "souhaitable", "annee", m.DesirableYear);
        r.Text(*t, "souhaitable", "titre", m.DesirableTitle);
        ReadTitledTexts(r, *t, "souhaitable", "visions", m.Desirable, "visions");
    }
    if (const toml::table* t = r.Table(root, "", "dystopie")) {
        r.Text(*t, "dystopie", "titre", m.DystopiaTitle);
        ReadTitledTexts(r, *t, "dystopie", "visions", m.Dystopia, "visions");
    }
    if (const toml::table* t = r.Table(root, "", "initiatives")) {
        r.Text(*t, "initiatives", "titre", m.InitiativesTitle);
        const std::vector<const toml::table*> list = Items(r, *t, "initiatives", "liste", m.Initiatives, "initiatives");
        for (size_t n = 0; n < list.size(); n++) {
            const toml::table* i = list[n];
            Initiative& initiative = m.Initiatives[n];
            r.Text(*i, "initiatives.liste", "territoire", initiative.Territory, false);
            r.Text(*i, "initiatives.liste", "texte", initiative.Text);
            if (Fixed(r, *i, "initiatives.liste", "lien", initiative.Link, "the link") &&
                initiative.Link.rfind("https://", 0) != 0 && initiative.Link.rfind("http://", 0) != 0)
                r.Problem(i->get("lien")->source(), "\"lien\" must start with https:// or http://");
        }
    }
}

void ReadAct(TomlReader& r, ActSection& act, std::map<std::string, std::string>& lever_places)
{
    const toml::table& root = r.Root;
    r.Text(root, "", "titre", act.Title);
    r.Text(root, "", "introduction", act.Introduction);
    r.Text(root, "", "conclusion", act.Conclusion);
    r.Text(root, "", "freins_titre", act.BrakesTitle);
    r.Text(root, "", "leviers_titre", act.LeversTitle);
    std::set<std::string> axis_ids;
    std::string french_axes;
    for (const Axis& axis : act.Axes) french_axes += (french_axes.empty() ? "" : ", ") + axis.Id;
    const std::vector<const toml::table*> axes = Items(r, root, "", "axes", act.Axes, "axes", french_axes);
    for (size_t a = 0; a < axes.size(); a++) {
        const toml::table* t = axes[a];
        Axis& axis = act.Axes[a];
        if (Fixed(r, *t, "axes", "id", axis.Id, "the axis id") && (!IsIdentifier(axis.Id) || !axis_ids.insert(axis.Id).second))
            r.Problem(t->get("id")->source(), "axis id \"" + axis.Id + "\" must be unique and use only a-z, 0-9 and -");
        r.Text(*t, "axes", "titre", axis.Title);
        TextList(r, *t, "axes", "freins", axis.Brakes, "obstacles");
        std::string french_levers;
        for (const Lever& lever : axis.Levers) french_levers += (french_levers.empty() ? "" : ", ") + lever.Id;
        const std::vector<const toml::table*> levers = Items(r, *t, "axes", "leviers", axis.Levers, "levers", french_levers);
        for (size_t n = 0; n < levers.size(); n++) {
            const toml::table* l = levers[n];
            Lever& lever = axis.Levers[n];
            if (Fixed(r, *l, "axes.leviers", "id", lever.Id, "the lever id")) {
                const auto& where = l->get("id")->source();
                std::string here = r.Display + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
                if (!IsIdentifier(lever.Id))
                    r.Problem(where, "lever id \"" + lever.Id + "\" must use only a-z, 0-9 and -");
                else if (lever_places.count(lever.Id))
                    r.Problem(where, "duplicate lever id \"" + lever.Id + "\" (first at " + lever_places[lever.Id] + ")");
                else
                    lever_places[lever.Id] = here;
            }
            r.Text(*l, "axes.leviers", "texte", lever.Text);
            TextList(r, *l, "axes.leviers", "sous_points", lever.SubPoints, "sub-points", false);
        }
    }
}

} // namespace ess::loader
