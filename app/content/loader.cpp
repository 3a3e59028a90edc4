// Reads content/*.toml with toml++ into the content model, checking every key and value
// and reporting each problem with its file, line and column.
#include "content/loader.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "content/interface_labels.h"
#include "content/toml_reader.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace ess {

std::string ContentProblem::Format() const
{
    std::ostringstream out;
    out << File << ":" << Line << ":" << Column << ": " << (Fatal ? "" : "warning: ") << Message;
    return out.str();
}

bool ContentLoad::Usable() const
{
    for (const ContentProblem& p : Problems)
        if (p.Fatal && p.Language.empty()) return false;
    return true;
}

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

// FNV-1a over the files' bytes: a short, stable "content version" for ballots.
struct Hasher {
    uint64_t Value = 1469598103934665603ull;
    void Add(const std::string& bytes)
    {
        for (unsigned char c : bytes) {
            Value ^= c;
            Value *= 1099511628211ull;
        }
    }
    std::string Hex() const
    {
        char buffer[17];
        snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(Value));
        return buffer;
    }
};

// Texts that are not translated (ids, colours, pictures, links): the French reads them; a
// translation may repeat them but must not change them (ballots count levers by id, and a
// picture or link is the study's). True when the file gives the value.
bool Fixed(TomlReader& r, const toml::table& t, const std::string& path, const std::string& key, std::string& value,
           const std::string& what, bool required = true)
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
std::string CountDifference(size_t given, size_t french, const std::string& what, const std::string& french_items = "")
{
    if (given == french) return {};
    return std::to_string(given) + " " + what + " here, the French has " + std::to_string(french) +
           (french_items.empty() ? "" : " (" + french_items + ")");
}

// The list of tables `key`, its items fitted to `items`: the French's as they are; a translation's
// must be as many as the French has (else a fatal problem at the list, and nothing to read).
template <class T>
std::vector<const toml::table*> Items(TomlReader& r, const toml::table& parent, const std::string& path, const std::string& key,
                                      std::vector<T>& items, const std::string& what, const std::string& french_items = "")
{
    const toml::node* node = parent.get(key);
    std::vector<const toml::table*> tables = r.Tables(parent, path, key);
    if (!r.Translation) {
        items.resize(tables.size());
        return tables;
    }
    if (tables.empty()) return tables; // missing (shown in French) or malformed: reported
    const std::string difference = CountDifference(tables.size(), items.size(), what, french_items);
    if (!difference.empty()) {
        r.Problem(node->source(), "[[" + TomlReader::Join(path, key) + "]]: " + difference);
        for (const toml::table* t : tables) r.Skip(*t); // their keys are not the problem
        return {};
    }
    return tables;
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

} // namespace

namespace {

// The files exposition.toml names: the French's, which a translation must name too.
struct ContentFiles {
    std::vector<std::string> Mutations;
    std::string Act;
};

void ReadExposition(TomlReader& expo, Exhibition& e, ContentFiles& files)
{
    const toml::table& root = expo.Root;
    if (!expo.Translation) {
        files.Mutations = expo.Strings(root, "", "mutations");
        files.Act = expo.String(root, "", "agir");
    } else {
        // A translation has the French's files, each translated under the same name.
        const toml::node* node = root.get("mutations");
        const std::vector<std::string> listed = expo.Strings(root, "", "mutations", false);
        if (node && listed != files.Mutations) {
            std::string french;
            for (const std::string& f : files.Mutations) french += (french.empty() ? "" : ", ") + f;
            const std::string difference = CountDifference(listed.size(), files.Mutations.size(), "mutations");
            expo.Problem(node->source(), "\"mutations\": " + (difference.empty() ? "not the French's files" : difference) +
                                             "; the French lists " + french +
                                             " (a translation translates each under the same name)");
            files.Mutations.clear(); // none read: this translation is left out anyway
        }
        Fixed(expo, root, "", "agir", files.Act, "the file");
    }
    if (const toml::table* t = expo.Table(root, "", "accueil")) {
        expo.Text(*t, "accueil", "surtitre", e.Overline);
        expo.Text(*t, "accueil", "titre", e.Title);
        expo.Text(*t, "accueil", "sous_titre", e.Subtitle);
    }
    if (const toml::table* t = expo.Table(root, "", "demarche")) {
        expo.Text(*t, "demarche", "titre", e.ApproachTitle);
        expo.Text(*t, "demarche", "introduction", e.ApproachIntroduction);
        expo.Text(*t, "demarche", "conclusion", e.ApproachConclusion);
        const std::vector<const toml::table*> list = Items(expo, *t, "demarche", "temps_forts", e.Milestones, "key events");
        for (size_t i = 0; i < list.size(); i++) {
            expo.Text(*list[i], "demarche.temps_forts", "date", e.Milestones[i].Date);
            expo.Text(*list[i], "demarche.temps_forts", "texte", e.Milestones[i].Text);
        }
    }
    if (const toml::table* t = expo.Table(root, "", "presentation_mutations")) {
        expo.Text(*t, "presentation_mutations", "titre", e.MutationsTitle);
        expo.Text(*t, "presentation_mutations", "texte", e.MutationsText);
    }
    if (const toml::table* t = expo.Table(root, "", "credits")) {
        expo.Text(*t, "credits", "rtes", e.CreditsRtes);
        expo.Text(*t, "credits", "beaux_jours", e.CreditsBeauxJours);
        expo.Text(*t, "credits", "beaux_jours_texte", e.CreditsBeauxJoursText);
    }
}

// Reads the files of one folder into `c`: the French (`language` empty) as they are, or the
// translation `language` (dir/<language>/) over the copy of the French that `c` holds, with
// `files` the French's. Gives the files read.
ContentFiles ReadFolder(const std::string& dir, const std::string& assets_dir, const std::string& language, Content& c,
                        ContentFiles files, std::vector<ContentProblem>& problems, Hasher& hash)
{
    const bool translation = !language.empty();
    const fs::path folder = translation ? fs::path(dir) / language : fs::path(dir);
    const auto path = [&](const std::string& file) { return (folder / file).string(); };
    const auto display = [&](const std::string& file) { return (folder / file).lexically_normal().string(); };
    std::string bytes;

    TomlReader expo(path("exposition.toml"), display("exposition.toml"), problems);
    expo.Translation = translation;
    if (expo.Parse(bytes)) {
        hash.Add(bytes);
        ReadExposition(expo, c.Expo, files);
        expo.ReportUnknownKeys();
    } else if (translation) {
        files.Mutations.clear(); // left out: nothing more is read against it
    }

    std::set<std::string> mutation_ids;
    for (size_t i = 0; i < files.Mutations.size(); i++) {
        TomlReader r(path(files.Mutations[i]), display(files.Mutations[i]), problems);
        r.Translation = translation;
        if (!r.Parse(bytes)) continue;
        hash.Add(bytes);
        if (translation) {
            ReadMutation(r, c.Mutations[i], assets_dir);
        } else {
            Mutation m;
            ReadMutation(r, m, assets_dir);
            if (!m.Id.empty() && !mutation_ids.insert(m.Id).second)
                r.Problem(r.Root.get("id")->source(), "duplicate mutation id \"" + m.Id + "\"");
            c.Mutations.push_back(std::move(m));
        }
        r.ReportUnknownKeys();
    }

    if (!files.Act.empty()) {
        TomlReader r(path(files.Act), display(files.Act), problems);
        r.Translation = translation;
        if (r.Parse(bytes)) {
            hash.Add(bytes);
            std::map<std::string, std::string> lever_places;
            ReadAct(r, c.Act, lever_places);
            r.ReportUnknownKeys();
        }
    }

    TomlReader ui(path("interface.toml"), display("interface.toml"), problems);
    ui.Translation = translation;
    if (ui.Parse(bytes)) {
        hash.Add(bytes);
        ReadLabels(ui, c.Ui);
        c.Language = c.Ui.Get("langue.code");
        c.LanguageName = c.Ui.Get("langue.nom");
        // The folder's name is how the kiosk finds the language: the two must agree.
        if (translation && c.Language != language) {
            const toml::node* code = ui.Root.at_path("langue.code").node();
            ui.Problem(code ? code->source() : ui.Root.source(), "[langue] code is \"" + c.Language +
                                                                     "\": a translation's code is its folder's name, \"" +
                                                                     language + "\"");
        }
        ui.ReportUnknownKeys();
    }
    return files;
}

// The translations' folders in dir: each subfolder with an interface.toml, in name order.
std::vector<std::string> TranslationFolders(const std::string& dir)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && fs::is_regular_file(it->path() / "interface.toml", ec))
            out.push_back(it->path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

ContentLoad LoadContent(const std::string& dir, const std::string& assets_dir)
{
    ContentLoad load;
    Hasher hash;
    std::error_code ec; // never the throwing overloads: this runs on a start-up thread
    if (!fs::is_directory(dir, ec)) {
        load.Problems.push_back({dir, 0, 0, "content folder not found", true});
        return load;
    }
    const ContentFiles files = ReadFolder(dir, assets_dir, "", load.Data, {}, load.Problems, hash);

    // Against a French that cannot be read, a translation's every difference would be noise.
    if (load.Usable()) {
        for (const std::string& language : TranslationFolders(dir)) {
            Content translation = load.Data;
            translation.Translation = true;
            std::vector<ContentProblem> problems;
            ReadFolder(dir, assets_dir, language, translation, files, problems, hash);
            bool fatal = false;
            for (ContentProblem& p : problems) {
                fatal = fatal || p.Fatal;
                p.Language = language;
                load.Problems.push_back(std::move(p));
            }
            if (fatal)
                load.Problems.push_back(
                    {(fs::path(dir) / language).lexically_normal().string(), 0, 0,
                     "translation \"" + language + "\" left out for the problems above: the kiosk is in French only", false,
                     language});
            else
                load.Translations.push_back(std::move(translation));
        }
    }
    load.Data.Version = hash.Hex();
    for (Content& translation : load.Translations) translation.Version = load.Data.Version;
    return load;
}

} // namespace ess
