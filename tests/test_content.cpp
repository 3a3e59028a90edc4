// Content loading: the real content is complete and faithful to the seed; every kind of bad
// content is reported with file:line:col.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/bundled.h"
#include "content/glyphs.h"
#include "content/loader.h"

#include "temp_dir.h"
#include "core/text.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {
const std::string kContent = std::string(ESS_SOURCE_DIR) + "/content";
const std::string kAssets = std::string(ESS_SOURCE_DIR) + "/assets";

std::string ReadFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void WriteFile(const fs::path& p, const std::string& text)
{
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// Whitespace runs to one space, markup of the seed removed: what a reader compares.
std::string Normalise(std::string s)
{
    std::string out;
    s = PlainText(s);
    bool space = false;
    for (char c : s) {
        if (c == '<' || c == '>') continue;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// A copy of the real content with one file edited, in a fresh temporary folder.
struct BrokenCopy {
    fs::path Dir;
    BrokenCopy(const std::string& file, const std::string& from, const std::string& to)
    {
        Dir = MakeTempDir("content");
        fs::remove(Dir);
        fs::copy(kContent, Dir, fs::copy_options::recursive);
        std::string text = ReadFile(Dir / file);
        size_t at = text.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, "fixture text not found: " << from);
        text.replace(at, from.size(), to);
        WriteFile(Dir / file, text);
    }
    ~BrokenCopy() { fs::remove_all(Dir); }
    ContentLoad Load() const { return LoadContent(Dir.string(), kAssets); }
};

// A problem in the file ending with `file_end`, at exactly that line and column, saying `message`.
bool HasProblem(const std::vector<ContentProblem>& problems, const std::string& file_end, int line, int column,
                const std::string& message)
{
    for (const ContentProblem& p : problems) {
        bool file_ok =
            p.File.size() >= file_end.size() && p.File.compare(p.File.size() - file_end.size(), file_end.size(), file_end) == 0;
        if (file_ok && p.Line == line && p.Column == column && p.Format().find(message) != std::string::npos) return true;
    }
    return false;
}

std::string Describe(const std::vector<ContentProblem>& problems)
{
    std::string out;
    for (const ContentProblem& p : problems) out += p.Format() + "\n";
    return out;
}
} // namespace

TEST_CASE("the bundled content loads without any problem")
{
    ContentLoad load = LoadContent(kContent, kAssets);
    CheckGlyphCoverage(load.Data, kContent, kAssets, load.Problems);
    INFO(Describe(load.Problems));
    CHECK(load.Problems.empty());
    const Content& c = load.Data;
    REQUIRE(c.Mutations.size() == 4);
    CHECK(c.Mutations[0].Id == "democratie");
    CHECK(c.Mutations[3].Title == "Travail et emploi");
    CHECK(c.Act.Axes.size() == 3);
    size_t levers = 0;
    for (const Axis& a : c.Act.Axes) levers += a.Levers.size();
    CHECK(levers == 10);
    CHECK(c.Expo.Milestones.size() == 2);
    CHECK(c.Version.size() == 16);
    for (const Mutation& m : c.Mutations) {
        CHECK(!m.FindingGroups.empty());
        CHECK(!m.Signals.empty());
        CHECK(!m.Desirable.empty());
        CHECK(!m.Dystopia.empty());
        CHECK(!m.Initiatives.empty());
        for (const Initiative& i : m.Initiatives) CHECK(i.Link.rfind("https://", 0) == 0);
    }
}

TEST_CASE("every line of the seed is in the dump, and the content invents nothing")
{
    ContentLoad load = LoadContent(kContent, kAssets);
    REQUIRE(load.Usable());
    const std::string dump = Normalise(DumpContent(load.Data));
    const std::string seed_text = ReadFile(ESS_SEED_FILE);
    REQUIRE(!seed_text.empty());
    std::istringstream seed(seed_text);
    std::string line;
    int checked = 0;
    while (std::getline(seed, line)) {
        std::string l = line;
        size_t start = l.find_first_not_of(" \t");
        if (start == std::string::npos) continue;
        l = l.substr(start);
        if (l.rfind("- ", 0) == 0) l = l.substr(2);
        l = Normalise(l);
        if (l.empty()) continue;
        checked++;
        CHECK_MESSAGE(dump.find(l) != std::string::npos, "seed line missing from the content: " << l);
    }
    CHECK(checked > 250);

    // The other way: every text of the study (interface wording aside) comes from the seed.
    const std::string normal_seed = Normalise(seed_text);
    Content study = load.Data;
    study.Ui.Values.clear();
    for (const std::string& s : AllVisibleStrings(study)) {
        std::string text = s;
        size_t pos = 0;
        while (pos <= text.size()) {
            size_t end = text.find("\n\n", pos);
            std::string paragraph = Normalise(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
            CHECK_MESSAGE(normal_seed.find(paragraph) != std::string::npos, "not in the seed: " << paragraph);
            if (end == std::string::npos) break;
            pos = end + 2;
        }
    }
}

TEST_CASE("every interface label is given")
{
    ContentLoad load = LoadContent(kContent, kAssets);
    for (const char* key : {"accueil.invitation", "navigation.retour", "futur.dystopique", "hors_service.titre"})
        CHECK(!load.Data.Ui.Get(key).empty());
}

TEST_CASE("a syntax error is reported with its position and is fatal")
{
    BrokenCopy copy("mutations/1-democratie.toml", "id = \"democratie\"", "id = \"democratie");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK_FALSE(load.Usable());
    CHECK(HasProblem(load.Problems, "mutations/1-democratie.toml", 2, 17, "syntax error"));
}

TEST_CASE("an unknown key and the missing one it replaced are both reported")
{
    BrokenCopy copy("mutations/2-territoires.toml", "\ntitre = \"Fractures", "\ntitr = \"Fractures");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK_FALSE(load.Usable());
    CHECK(HasProblem(load.Problems, "mutations/2-territoires.toml", 3, 1, "unknown key \"titr\""));
    CHECK(HasProblem(load.Problems, "mutations/2-territoires.toml", 1, 1, "missing key \"titre\""));
}

TEST_CASE("a missing key inside a list item names its path")
{
    BrokenCopy copy("agir.toml", "freins_titre = \"Les freins\"\n", "");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK_FALSE(load.Usable());
    CHECK(HasProblem(load.Problems, "agir.toml", 1, 1, "missing key \"freins_titre\""));
}

TEST_CASE("a duplicate lever id points at both places")
{
    BrokenCopy copy("agir.toml", "id = \"lacher-prise\"", "id = \"co-construction\"");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK_FALSE(load.Usable());
    CHECK(HasProblem(load.Problems, "agir.toml", 33, 6, "duplicate lever id \"co-construction\" (first at "));
    CHECK(HasProblem(load.Problems, "agir.toml", 33, 6, "agir.toml:29:6)"));
}

TEST_CASE("invalid UTF-8 is reported at its byte")
{
    BrokenCopy copy("exposition.toml", "surtitre = \"20 ANS", "surtitre = \"\xE9 20 ANS");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK_FALSE(load.Usable());
    CHECK(HasProblem(load.Problems, "exposition.toml", 6, 13, "invalid UTF-8"));
}

TEST_CASE("a missing image is a warning: the kiosk still runs, with a placeholder")
{
    BrokenCopy copy("mutations/3-interventions-publiques.toml", "illustrations/interventions-publiques.png",
                    "illustrations/absente.png");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK(load.Usable());
    CHECK(HasProblem(load.Problems, "mutations/3-interventions-publiques.toml", 5, 16, "warning: image not found"));
}

TEST_CASE("a character the fonts cannot draw is located in its file")
{
    BrokenCopy copy("mutations/4-travail-emploi.toml", "titre = \"Travail et emploi\"",
                    "titre = \"Travail et emploi \xE2\x98\x83\xE0\xAE\x85\""); // ☃ and Tamil letter A
    ContentLoad load = copy.Load();
    REQUIRE(load.Usable());
    CheckGlyphCoverage(load.Data, copy.Dir.string(), kAssets, load.Problems);
    INFO(Describe(load.Problems));
    CHECK(HasProblem(load.Problems, "mutations/4-travail-emploi.toml", 5, 29, "cannot draw U+0B85"));
}

TEST_CASE("a content folder that does not exist is reported")
{
    ContentLoad load = LoadContent("/nonexistent/content", kAssets);
    CHECK_FALSE(load.Usable());
    REQUIRE(load.Problems.size() == 1);
    CHECK(load.Problems[0].Message == "content folder not found");
}

TEST_CASE("the glyph check of a content folder that cannot be listed reports, never throws")
{
    // It runs on a start-up thread, where an exception would end the kiosk.
    std::vector<ContentProblem> problems;
    CHECK_NOTHROW(CheckGlyphCoverage(std::set<uint32_t>{0x0B85}, "/nonexistent/content", kAssets, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].Message.find("cannot draw U+0B85") != std::string::npos);
    CHECK(problems[0].Line == 0); // found in no file
}

TEST_CASE("the bundled folders are found beside the build folder, and a missing one lists every place tried")
{
    // unit_tests runs from build/: build/../content is the source tree's.
    BundledFolder content = FindBundledFolder("content");
    CHECK(content.Found);
    CHECK(fs::equivalent(content.Path, kContent));
    BundledFolder none = FindBundledFolder("no-such-folder");
    CHECK_FALSE(none.Found);
    REQUIRE(none.Tried.size() == 4);
    CHECK(none.Path == none.Tried.front());
    CHECK(none.Tried[1].find("share/ess-kiosk/no-such-folder") != std::string::npos);
    CHECK(none.Tried[2] == fs::path(std::string(ESS_SOURCE_DIR) + "/no-such-folder").lexically_normal().string());
    CHECK(none.Tried[3] == "/usr/share/ess-kiosk/no-such-folder");
    CHECK(none.TriedList().find(none.Tried[2] + ", /usr/share") != std::string::npos);
}

// Translations (content/en/...): read over a copy of the French, with the French's structure.
namespace {
const Content* Translation(const ContentLoad& load, const std::string& language)
{
    for (const Content& c : load.Translations)
        if (c.Language == language) return &c;
    return nullptr;
}

std::vector<std::string> LeverIds(const Content& c)
{
    std::vector<std::string> ids;
    for (const Axis& a : c.Act.Axes)
        for (const Lever& l : a.Levers) ids.push_back(l.Id);
    return ids;
}

// The one problem of a load, or a failed check.
const ContentProblem* OnlyProblem(const ContentLoad& load)
{
    INFO(Describe(load.Problems));
    CHECK(load.Problems.size() == 1);
    return load.Problems.size() == 1 ? &load.Problems[0] : nullptr;
}

// A translation refused for its structure: one fatal problem in it, then the line saying it is left out.
void CheckRefused(const ContentLoad& load, const std::string& file_end, int line, int column, const std::string& message)
{
    INFO(Describe(load.Problems));
    CHECK(load.Usable()); // the kiosk still runs, in French
    CHECK(load.Translations.empty());
    CHECK(HasProblem(load.Problems, file_end, line, column, message));
    for (const ContentProblem& p : load.Problems) CHECK(p.Language == "en");
    CHECK(load.Problems.back().Message.find("translation \"en\" left out") != std::string::npos);
    CHECK_FALSE(load.Problems.back().Fatal);
}
} // namespace

TEST_CASE("the bundled content has the French and an English translation, with the same levers")
{
    ContentLoad load = LoadContent(kContent, kAssets);
    CheckGlyphCoverage(ContentCodepoints(load), kContent, kAssets, load.Problems);
    INFO(Describe(load.Problems));
    CHECK(load.Problems.empty());
    CHECK(load.Data.Language == "fr");
    CHECK(load.Data.LanguageName == "Français");
    CHECK_FALSE(load.Data.Translation);
    REQUIRE(load.Translations.size() == 1);
    const Content& en = load.Translations[0];
    CHECK(en.Language == "en");
    CHECK(en.LanguageName == "English");
    CHECK(en.Ui.Get("langue.choisir") == "Language");
    CHECK(en.Translation);
    CHECK(LeverIds(en) == LeverIds(load.Data));
    REQUIRE(en.Mutations.size() == load.Data.Mutations.size());
    for (size_t i = 0; i < en.Mutations.size(); i++) {
        CHECK(en.Mutations[i].Id == load.Data.Mutations[i].Id);
        CHECK(en.Mutations[i].Colour == load.Data.Mutations[i].Colour);
        CHECK(en.Mutations[i].Illustration == load.Data.Mutations[i].Illustration);
    }
    CHECK(en.Mutations[3].Title == "Work and employment");
    CHECK(en.Act.Title == "How to act?");
    // Only the translation says it is one; the key is optional and the French has none.
    CHECK(en.Ui.Get("a_propos.traduction").find("French text is the reference") != std::string::npos);
    CHECK(load.Data.Ui.Get("a_propos.traduction").empty());
    // The same texts, and one more: a_propos.traduction.
    const std::vector<std::string> fr_texts = AllVisibleStrings(load.Data), en_texts = AllVisibleStrings(en);
    CHECK(fr_texts.size() + 1 == en_texts.size()); // a_propos.traduction
    CHECK(en.Version == load.Data.Version);
}

TEST_CASE("a text a translation leaves out is shown in French, with one warning naming the file and key")
{
    BrokenCopy copy("en/agir.toml", "texte = \"Developing the co-construction of public action with civil society actors.\"\n",
                    "");
    ContentLoad load = copy.Load();
    CHECK(load.Usable());
    const ContentProblem* p = OnlyProblem(load);
    REQUIRE(p);
    CHECK_FALSE(p->Fatal);
    CHECK(p->Language == "en");
    CHECK(HasProblem(load.Problems, "en/agir.toml", 28, 1, "warning: missing \"axes.leviers.texte\" — shown in French"));
    const Content* en = Translation(load, "en");
    REQUIRE(en);
    CHECK(en->Act.Axes[0].Levers[2].Text == load.Data.Act.Axes[0].Levers[2].Text);
    CHECK(en->Act.Axes[0].Levers[3].Text == "Developing a culture of “letting go” and of risk-taking.");
}

TEST_CASE("an interface label a translation leaves out is shown in French")
{
    BrokenCopy copy("en/interface.toml", "serveur = \"Central server\"\n", "");
    ContentLoad load = copy.Load();
    const ContentProblem* p = OnlyProblem(load);
    REQUIRE(p);
    CHECK(p->Format().find("en/interface.toml:") != std::string::npos);
    CHECK(p->Message == "missing \"organisateur.serveur\" — shown in French");
    const Content* en = Translation(load, "en");
    REQUIRE(en);
    CHECK(en->Ui.Get("organisateur.serveur") == "Serveur central");
    CHECK(en->Ui.Get("organisateur.joignable") == "reachable");
}

TEST_CASE("a translation with a lever fewer is left out, pointing at that axis's levers")
{
    BrokenCopy copy("en/agir.toml",
                    "[[axes.leviers]]\nid = \"co-construction\"\ntexte = \"Developing the co-construction of public action with "
                    "civil society actors.\"\n\n",
                    "");
    CheckRefused(copy.Load(), "en/agir.toml", 20, 1,
                 "[[axes.leviers]]: 3 levers here, the French has 4 (portage-politique, transversalite-mode-projet, "
                 "co-construction, lacher-prise)");
}

TEST_CASE("a translation that changes a lever id is left out, pointing at the id")
{
    BrokenCopy copy("en/agir.toml", "id = \"co-construction\"", "id = \"coconstruction\"");
    CheckRefused(copy.Load(), "en/agir.toml", 29, 6,
                 "the lever id \"coconstruction\" is not the French one: the French has \"co-construction\" here");
}

TEST_CASE("a translation with a mutation fewer is left out, pointing at its list")
{
    BrokenCopy copy("en/exposition.toml", ", \"mutations/4-travail-emploi.toml\"", "");
    CheckRefused(copy.Load(), "en/exposition.toml", 2, 13,
                 "\"mutations\": 3 mutations here, the French has 4; the French lists mutations/1-democratie.toml, ");
}

TEST_CASE("a translation with fewer obstacles, or an unknown key, is left out")
{
    BrokenCopy fewer("en/agir.toml", "    \"The absence of partnership momentum between local actors.\",\n", "");
    CheckRefused(fewer.Load(), "en/agir.toml", 39, 10, "\"axes.freins\": 2 obstacles here, the French has 3");
    BrokenCopy unknown("en/mutations/2-territoires.toml", "\ntitre = \"", "\ntitr = \"");
    CheckRefused(unknown.Load(), "en/mutations/2-territoires.toml", 3, 1, "unknown key \"titr\"");
}

TEST_CASE("the content version covers the translations and is the same in every language")
{
    const ContentLoad bundled = LoadContent(kContent, kAssets);
    BrokenCopy copy("en/agir.toml", "titre = \"How to act?\"", "titre = \"How can we act?\"");
    const ContentLoad edited = copy.Load();
    INFO(Describe(edited.Problems));
    REQUIRE(edited.Translations.size() == 1);
    CHECK(edited.Translations[0].Act.Title == "How can we act?");
    CHECK(edited.Data.Act.Title == bundled.Data.Act.Title);
    CHECK(edited.Data.Version != bundled.Data.Version);
    CHECK(edited.Translations[0].Version == edited.Data.Version);
}

TEST_CASE("the glyphs of every language are collected, and a translation's are located in its file")
{
    BrokenCopy copy("en/mutations/4-travail-emploi.toml", "titre = \"Work and employment\"",
                    "titre = \"Work and employment \xC5\xB5\xE0\xAE\x85\""); // ŵ and Tamil letter A: English only
    ContentLoad load = copy.Load();
    REQUIRE(load.Translations.size() == 1);
    CHECK(ContentCodepoints(load).count(0x175));
    CHECK_FALSE(ContentCodepoints(load.Data).count(0x175));
    CHECK(ContentCodepoints(load.Translations[0]).count(0x175));
    CheckGlyphCoverage(ContentCodepoints(load), copy.Dir.string(), kAssets, load.Problems);
    INFO(Describe(load.Problems));
    CHECK(HasProblem(load.Problems, "en/mutations/4-travail-emploi.toml", 5, 31, "cannot draw U+0B85"));
}

TEST_CASE("a_propos.traduction is optional and known, in the French as in a translation")
{
    BrokenCopy copy("interface.toml", "credits = \"Crédits\"\n", "credits = \"Crédits\"\ntraduction = \"Texte de référence.\"\n");
    ContentLoad load = copy.Load();
    INFO(Describe(load.Problems));
    CHECK(load.Problems.empty());
    CHECK(load.Data.Ui.Get("a_propos.traduction") == "Texte de référence.");
    REQUIRE(load.Translations.size() == 1);
    CHECK(load.Translations[0].Ui.Get("a_propos.traduction").find("translated from the French") != std::string::npos);
}
