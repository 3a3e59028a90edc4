// Reads content/*.toml with toml++ into the content model, checking every key and value
// and reporting each problem with its file, line and column: the folders, the translations and
// exposition.toml here, a mutation's file and agir.toml in loader_sections.cpp.
#include "content/loader.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "content/interface_labels.h"
#include "content/loader_parts.h"
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

using namespace loader;

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
