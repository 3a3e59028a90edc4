// Reads content/*.toml with toml++ into the content model, checking every key and value
// and reporting each problem with its file, line and column.
#include "content/loader.h"

#include <filesystem>
#include <set>
#include <sstream>

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
        if (p.Fatal) return false;
    return true;
}

namespace {

// The interface wording the screens use; interface.toml must give each one.
const char* const kLabelKeys[] = {
    "accueil.invitation",
    "langue.code",
    "langue.nom",
    "langue.choisir",
    "accessibilite.bouton",
    "accessibilite.titre",
    "accessibilite.fermer",
    "accessibilite.texte",
    "accessibilite.taille_normale",
    "accessibilite.taille_grande",
    "accessibilite.taille_tres_grande",
    "accessibilite.contraste",
    "accessibilite.animations",
    "accessibilite.en_bas",
    "accessibilite.voix",
    "accessibilite.repeter",
    "accessibilite.volume",
    "accessibilite.vitesse",
    "accessibilite.volume_moins",
    "accessibilite.volume_plus",
    "accessibilite.vitesse_moins",
    "accessibilite.vitesse_plus",
    "accessibilite.active",
    "accessibilite.desactive",
    "accessibilite.interrupteur",
    "accessibilite.voix_activee",
    "accessibilite.bouton_une_fois",
    "accessibilite.ecran",
    "navigation.accueil",
    "navigation.retour",
    "navigation.mutations",
    "navigation.agir",
    "navigation.a_propos",
    "navigation.precedente",
    "navigation.suivante",
    "mutation.numero",
    "mutation.constats",
    "mutation.signaux",
    "mutation.futur",
    "mutation.initiatives",
    "mutation.suite",
    "organisateur.serveur",
    "organisateur.serveur_aucun",
    "organisateur.joignable",
    "organisateur.injoignable",
    "organisateur.tout_envoye",
    "organisateur.en_attente",
    "organisateur.dernier_envoi",
    "organisateur.derniere_erreur",
    "mur.votes",
    "mur.vote",
    "mur.bornes",
    "mur.borne",
    "mur.mis_a_jour",
    "mur.part",
    "mur.hors_ligne",
    "mur.attente",
    "mur.indisponible",
    "mutation.suivante",
    "futur.souhaitable",
    "futur.dystopique",
    "futur.retourner",
    "futur.comparer",
    "futur.une_carte",
    "initiatives.scanner",
    "agir.axe",
    "a_propos.titre",
    "a_propos.credits",
    "hors_service.titre",
    "hors_service.texte",
    // The ballot and organiser mode.
    "vote.inviter",
    "vote.titre",
    "vote.consigne",
    "vote.compteur",
    "vote.valider",
    "vote.patienter",
    "vote.maximum",
    "vote.aucun",
    "merci.titre",
    "merci.texte",
    "merci.votre_choix",
    "merci.terminer",
    "merci.votes",
    "merci.vote",
    "erreur_vote.titre",
    "erreur_vote.texte",
    "erreur_vote.reessayer",
    "erreur_vote.accueil",
    "organisateur.titre",
    "organisateur.code",
    "organisateur.effacer",
    "organisateur.annuler",
    "organisateur.valider",
    "organisateur.code_faux",
    "organisateur.verrouille",
    "organisateur.exporter",
    "organisateur.archiver",
    "organisateur.confirmer_archivage",
    "organisateur.quitter_mode",
    "organisateur.fermer",
    "organisateur.bulletins",
    "organisateur.signales",
    "organisateur.par_levier",
    "organisateur.par_jour",
    "organisateur.par_heure",
    "organisateur.borne",
    "organisateur.base",
    "organisateur.taille",
    "organisateur.etat",
    "organisateur.dernier_export",
    "organisateur.jamais",
    "organisateur.alerte_base",
    "veille.question",
    "veille.texte",
};

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

std::vector<TitledText> ReadTitledTexts(TomlReader& r, const toml::table& parent, const std::string& path, const std::string& key)
{
    std::vector<TitledText> out;
    for (const toml::table* t : r.Tables(parent, path, key)) {
        std::string p = TomlReader::Join(path, key);
        out.push_back({r.String(*t, p, "titre"), r.String(*t, p, "texte")});
    }
    return out;
}

void ReadMutation(TomlReader& r, Mutation& m, const std::string& assets_dir)
{
    const toml::table& root = r.Root;
    m.Id = r.String(root, "", "id");
    if (!m.Id.empty() && !IsIdentifier(m.Id)) r.Problem(root.get("id")->source(), "\"id\" must use only a-z, 0-9 and -");
    m.Title = r.String(root, "", "titre");
    std::string colour = r.String(root, "", "couleur");
    if (!colour.empty() && !ParseColour(colour, m.Colour))
        r.Problem(root.get("couleur")->source(), "\"couleur\" must look like \"#4C5FD5\"");
    m.Illustration = r.String(root, "", "illustration");
    std::error_code ec; // the throwing overloads would end the start-up thread that loads this
    if (!m.Illustration.empty() && !fs::exists(fs::path(assets_dir) / m.Illustration, ec))
        r.Problem(root.get("illustration")->source(),
                  "image not found: " + (fs::path(assets_dir) / m.Illustration).string() + " (a neutral placeholder is shown)",
                  false);

    if (const toml::table* t = r.Table(root, "", "constats")) {
        m.FindingsYear = r.String(*t, "constats", "annee");
        m.FindingsTitle = r.String(*t, "constats", "titre");
        m.FindingsSource = r.String(*t, "constats", "source");
        for (const toml::table* g : r.Tables(*t, "constats", "groupes")) {
            FindingGroup group;
            group.Title = r.String(*g, "constats.groupes", "titre", false);
            const toml::node* points = r.Take(*g, "points");
            const auto* array = points ? points->as_array() : nullptr;
            if (!array || array->empty()) {
                r.Problem(points ? points->source() : g->source(), "\"constats.groupes.points\" must be a non-empty list");
            } else {
                for (const toml::node& item : *array) {
                    Point point;
                    if (const auto* s = item.as_string()) {
                        point.Text = s->get();
                    } else if (const auto* it = item.as_table()) {
                        point.Text = r.String(*it, "constats.groupes.points", "texte");
                        point.SubPoints = r.Strings(*it, "constats.groupes.points", "sous_points");
                    } else {
                        r.Problem(item.source(), "a point must be a text or { texte = \"...\", sous_points = [...] }");
                    }
                    group.Points.push_back(point);
                }
            }
            m.FindingGroups.push_back(group);
        }
    }
    if (const toml::table* t = r.Table(root, "", "signaux")) {
        m.SignalsTitle = r.String(*t, "signaux", "titre");
        m.Signals = ReadTitledTexts(r, *t, "signaux", "liste");
    }
    if (const toml::table* t = r.Table(root, "", "souhaitable")) {
        m.DesirableYear = r.String(*t, "souhaitable", "annee");
        m.DesirableTitle = r.String(*t, "souhaitable", "titre");
        m.Desirable = ReadTitledTexts(r, *t, "souhaitable", "visions");
    }
    if (const toml::table* t = r.Table(root, "", "dystopie")) {
        m.DystopiaTitle = r.String(*t, "dystopie", "titre");
        m.Dystopia = ReadTitledTexts(r, *t, "dystopie", "visions");
    }
    if (const toml::table* t = r.Table(root, "", "initiatives")) {
        m.InitiativesTitle = r.String(*t, "initiatives", "titre");
        for (const toml::table* i : r.Tables(*t, "initiatives", "liste")) {
            Initiative initiative;
            initiative.Territory = r.String(*i, "initiatives.liste", "territoire", false);
            initiative.Text = r.String(*i, "initiatives.liste", "texte");
            initiative.Link = r.String(*i, "initiatives.liste", "lien");
            if (!initiative.Link.empty() && initiative.Link.rfind("https://", 0) != 0 && initiative.Link.rfind("http://", 0) != 0)
                r.Problem(i->get("lien")->source(), "\"lien\" must start with https:// or http://");
            m.Initiatives.push_back(initiative);
        }
    }
}

void ReadAct(TomlReader& r, ActSection& act, std::map<std::string, std::string>& lever_places)
{
    const toml::table& root = r.Root;
    act.Title = r.String(root, "", "titre");
    act.Introduction = r.String(root, "", "introduction");
    act.Conclusion = r.String(root, "", "conclusion");
    act.BrakesTitle = r.String(root, "", "freins_titre");
    act.LeversTitle = r.String(root, "", "leviers_titre");
    std::set<std::string> axis_ids;
    for (const toml::table* t : r.Tables(root, "", "axes")) {
        Axis axis;
        axis.Id = r.String(*t, "axes", "id");
        if (!axis.Id.empty() && (!IsIdentifier(axis.Id) || !axis_ids.insert(axis.Id).second))
            r.Problem(t->get("id")->source(), "axis id \"" + axis.Id + "\" must be unique and use only a-z, 0-9 and -");
        axis.Title = r.String(*t, "axes", "titre");
        axis.Brakes = r.Strings(*t, "axes", "freins");
        for (const toml::table* l : r.Tables(*t, "axes", "leviers")) {
            Lever lever;
            lever.Id = r.String(*l, "axes.leviers", "id");
            lever.Text = r.String(*l, "axes.leviers", "texte");
            lever.SubPoints = r.Strings(*l, "axes.leviers", "sous_points", false);
            if (!lever.Id.empty()) {
                const auto& where = l->get("id")->source();
                std::string here = r.Display + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
                if (!IsIdentifier(lever.Id))
                    r.Problem(where, "lever id \"" + lever.Id + "\" must use only a-z, 0-9 and -");
                else if (lever_places.count(lever.Id))
                    r.Problem(where, "duplicate lever id \"" + lever.Id + "\" (first at " + lever_places[lever.Id] + ")");
                else
                    lever_places[lever.Id] = here;
            }
            axis.Levers.push_back(lever);
        }
        act.Axes.push_back(axis);
    }
}

void ReadLabels(TomlReader& r, Labels& labels)
{
    for (const char* full : kLabelKeys) {
        std::string key(full);
        size_t dot = key.find('.');
        std::string table = key.substr(0, dot), name = key.substr(dot + 1);
        const toml::node* node = r.Take(r.Root, table);
        const toml::table* sub = node ? node->as_table() : nullptr;
        if (!sub) {
            r.Problem(node ? node->source() : r.Root.source(), "missing table [" + table + "]");
            continue;
        }
        r.Take(*sub, name); // mark the table as read, for unknown-key reporting
        labels.Values[key] = r.String(*sub, table, name);
    }
}

} // namespace

const std::string& Labels::Get(const std::string& key) const
{
    static const std::string missing;
    auto it = Values.find(key);
    return it == Values.end() ? missing : it->second;
}

ContentLoad LoadContent(const std::string& dir, const std::string& assets_dir)
{
    ContentLoad load;
    Content& c = load.Data;
    Hasher hash;
    const auto display = [&](const fs::path& p) { return (fs::path(dir) / p).lexically_normal().string(); };

    std::error_code ec; // never the throwing overloads: this runs on a start-up thread
    if (!fs::is_directory(dir, ec)) {
        load.Problems.push_back({dir, 0, 0, "content folder not found", true});
        return load;
    }

    TomlReader expo((fs::path(dir) / "exposition.toml").string(), display("exposition.toml"), load.Problems);
    std::string bytes;
    std::vector<std::string> mutation_files;
    std::string act_file;
    if (expo.Parse(bytes)) {
        hash.Add(bytes);
        const toml::table& root = expo.Root;
        mutation_files = expo.Strings(root, "", "mutations");
        act_file = expo.String(root, "", "agir");
        Exhibition& e = c.Expo;
        if (const toml::table* t = expo.Table(root, "", "accueil")) {
            e.Overline = expo.String(*t, "accueil", "surtitre");
            e.Title = expo.String(*t, "accueil", "titre");
            e.Subtitle = expo.String(*t, "accueil", "sous_titre");
        }
        if (const toml::table* t = expo.Table(root, "", "demarche")) {
            e.ApproachTitle = expo.String(*t, "demarche", "titre");
            e.ApproachIntroduction = expo.String(*t, "demarche", "introduction");
            e.ApproachConclusion = expo.String(*t, "demarche", "conclusion");
            for (const toml::table* m : expo.Tables(*t, "demarche", "temps_forts"))
                e.Milestones.push_back(
                    {expo.String(*m, "demarche.temps_forts", "date"), expo.String(*m, "demarche.temps_forts", "texte")});
        }
        if (const toml::table* t = expo.Table(root, "", "presentation_mutations")) {
            e.MutationsTitle = expo.String(*t, "presentation_mutations", "titre");
            e.MutationsText = expo.String(*t, "presentation_mutations", "texte");
        }
        if (const toml::table* t = expo.Table(root, "", "credits")) {
            e.CreditsRtes = expo.String(*t, "credits", "rtes");
            e.CreditsBeauxJours = expo.String(*t, "credits", "beaux_jours");
            e.CreditsBeauxJoursText = expo.String(*t, "credits", "beaux_jours_texte");
        }
        expo.ReportUnknownKeys();
    }

    std::set<std::string> mutation_ids;
    for (const std::string& file : mutation_files) {
        TomlReader r((fs::path(dir) / file).string(), display(file), load.Problems);
        if (!r.Parse(bytes)) continue;
        hash.Add(bytes);
        Mutation m;
        ReadMutation(r, m, assets_dir);
        if (!m.Id.empty() && !mutation_ids.insert(m.Id).second)
            r.Problem(r.Root.get("id")->source(), "duplicate mutation id \"" + m.Id + "\"");
        r.ReportUnknownKeys();
        c.Mutations.push_back(std::move(m));
    }

    if (!act_file.empty()) {
        TomlReader r((fs::path(dir) / act_file).string(), display(act_file), load.Problems);
        if (r.Parse(bytes)) {
            hash.Add(bytes);
            std::map<std::string, std::string> lever_places;
            ReadAct(r, c.Act, lever_places);
            r.ReportUnknownKeys();
        }
    }

    TomlReader ui((fs::path(dir) / "interface.toml").string(), display("interface.toml"), load.Problems);
    if (ui.Parse(bytes)) {
        hash.Add(bytes);
        ReadLabels(ui, c.Ui);
        ui.ReportUnknownKeys();
    }
    c.Version = hash.Hex();
    return load;
}

} // namespace ess
