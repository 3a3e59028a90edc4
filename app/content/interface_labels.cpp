// The interface wording's keys and how they are read (see interface_labels.h).
#include "content/interface_labels.h"

namespace ess {

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
    "accessibilite.choisi",
    "accessibilite.pas_choisi",
    "accessibilite.voix_activee",
    "accessibilite.bouton_une_fois",
    "accessibilite.ecran",
    "navigation.accueil",
    "navigation.retour",
    "navigation.mutations",
    "navigation.agir",
    "navigation.a_propos",
    "a_propos.visites_titre",
    "a_propos.visites",
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
    "organisateur.visites_retenues",
    "organisateur.serveur_a_mettre_a_jour",
    "organisateur.dernier_envoi",
    "organisateur.derniere_erreur",
    "organisateur.visites",
    "organisateur.aucune_visite",
    "organisateur.une_visite",
    "organisateur.n_visites",
    "organisateur.parcours",
    "organisateur.parcours_debut",
    "organisateur.parcours_mutation",
    "organisateur.parcours_2040",
    "organisateur.parcours_vote",
    "organisateur.parcours_vote_confirme",
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

// Wording shown only when given (Labels::Get gives "" otherwise), in the French as in a translation.
const char* const kOptionalLabelKeys[] = {
    "a_propos.traduction", // a translation's note that the French is the reference
};

} // namespace

void ReadLabels(TomlReader& r, Labels& labels)
{
    const auto read = [&](const std::string& key, bool required) {
        size_t dot = key.find('.');
        std::string table = key.substr(0, dot), name = key.substr(dot + 1);
        const toml::node* node = r.Take(r.Root, table);
        const toml::table* sub = node ? node->as_table() : nullptr;
        if (!sub) {
            if (r.Translation && !node && labels.Values.count(key)) // left out: the French shows
                r.Missing(r.Root.source(), "\"" + key + "\"");
            else if (required || node)
                r.Problem(node ? node->source() : r.Root.source(), "missing table [" + table + "]");
            return;
        }
        std::string text = labels.Get(key);
        r.Text(*sub, table, name, text, required);
        if (!text.empty()) labels.Values[key] = text;
    };
    for (const char* key : kLabelKeys) read(key, true);
    for (const char* key : kOptionalLabelKeys) read(key, false);
}

const std::string& Labels::Get(const std::string& key) const
{
    static const std::string missing;
    auto it = Values.find(key);
    return it == Values.end() ? missing : it->second;
}

} // namespace ess
