// The organisers' report as one HTML file (see report.h): a header, then one section a page for
// ballots, visits, mutations, the journey and reading against voting, each chart with its method.
// What it takes from the content: report_content.cpp.
#include "tally/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

#include "core/content_model.h"
#include "core/durable_file.h"
#include "core/text.h"
#include "storage/report_figures.h"
#include "tally/report_html.h"

namespace ess {

using namespace report;

namespace {

const uint32_t kLeverGreen = 0x1E7446; // the kiosk's lever colour (5.5:1 on white)
const uint32_t kVisitBlue = 0x3F4FB8;  // visits: a calm blue apart from the levers' green
const char* const kPartNames[kReportParts] = {"2022 · Les constats", "Signaux faibles", "2040", "Initiatives"};
constexpr double kWordsPerMinute = 200;

const char* const kStyle = R"css(
@page { size: A4; margin: 16mm 17mm 18mm; }
html { background: #F6F1EA; }
body { margin: 0 auto; max-width: 176mm; padding: 14mm 6mm 20mm; color: #1F2233; background: #F6F1EA;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 21pt; line-height: 1.15; margin: 0 0 2pt; letter-spacing: -0.01em; }
.overline { text-transform: uppercase; letter-spacing: 0.08em; font-size: 8.5pt; color: #1E7446; font-weight: 700; margin: 0; }
.lede { font-size: 11pt; margin: 4pt 0 10pt; color: #3b3e4f; }
h2 { font-size: 15pt; margin: 0 0 8pt; padding-bottom: 3pt; border-bottom: 2px solid #1E7446; }
h3 { font-size: 11.5pt; margin: 14pt 0 4pt; }
section { margin-top: 18pt; }
.kpis { display: flex; flex-wrap: wrap; gap: 6pt; margin: 8pt 0; }
.kpi { flex: 1 1 0; border: 1px solid #d9d6d0; border-radius: 5pt; padding: 5pt 8pt; background: #fff; }
.kpi b { display: block; font-size: 15pt; line-height: 1.2; }
.kpi span { font-size: 9pt; color: #4a4d5c; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 4pt 0; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 3pt 5pt; border-bottom: 1px solid #e3e0da; }
thead th { font-weight: 600; border-bottom: 1.5px solid #1F2233; }
.facts th { width: 32%; font-weight: 600; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.n { white-space: normal; }
table.wide td:first-child { width: 40%; }
.bar { margin: 3pt 0 5pt; break-inside: avoid; }
.bar-label { font-size: 9.5pt; }
svg { display: block; overflow: visible; }
svg text { font-family: inherit; fill: #1F2233; }
.fig { font-size: 12px; font-weight: 600; }
.axis { font-size: 10px; fill: #4a4d5c; }
.method { font-size: 8.8pt; color: #4a4d5c; margin: 3pt 0 12pt; border-left: 2px solid #d9d6d0; padding-left: 6pt; }
.empty { color: #3b3e4f; font-style: italic; margin: 6pt 0 12pt; }
.notice { font-size: 8.8pt; color: #3b3e4f; border: 1px solid #d9d6d0; border-radius: 5pt; padding: 5pt 8pt; background: #fff; }
.swatch { display: inline-block; width: 8pt; height: 8pt; border-radius: 2pt; margin-right: 4pt; vertical-align: baseline; }
.small { font-size: 8.5pt; color: #4a4d5c; }
footer { margin-top: 16pt; font-size: 8pt; color: #4a4d5c; }
@media print {
  html, body { background: #fff; }
  body { padding: 0; max-width: none; }
  section { break-before: page; margin-top: 0; }
  section.first { break-before: auto; margin-top: 14pt; }
  table, tr, .kpis, figure, svg { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
)css";

std::string Method(const std::string& text)
{
    return "<p class=\"method\"><b>Méthode :</b> " + text + "</p>\n";
}

std::string Empty(const std::string& text)
{
    return "<p class=\"empty\">" + text + "</p>\n";
}

std::string Kpi(const std::string& figure, const std::string& what)
{
    return "<div class=\"kpi\"><b>" + figure + "</b><span>" + what + "</span></div>";
}

std::string Plural(int64_t n, const char* one, const char* many)
{
    return Integer(n) + "\u00A0" + (n <= 1 ? one : many);
}

std::string MutationName(const ReportContent& content, size_t k)
{
    if (k < content.Mutations.size() && !content.Mutations[k].Title.empty()) return Escape(content.Mutations[k].Title);
    return "Mutation " + std::to_string(k + 1);
}

uint32_t MutationColour(const ReportContent& content, size_t k)
{
    return k < content.Mutations.size() ? content.Mutations[k].Colour : kLeverGreen;
}

std::string Swatch(uint32_t colour)
{
    return "<span class=\"swatch\" style=\"background:" + Css(colour) + "\"></span>";
}

std::string Quartiles(const Spread& s)
{
    return s.Count ? Duration(s.Q1) + " à " + Duration(s.Q3) : "—";
}

// Every day from the first to the last, those without any figure at 0: a gap in the calendar
// shows as one.
std::vector<std::pair<std::string, int64_t>> EveryDay(const std::vector<ReportFigures::KeyCount>& days)
{
    std::vector<std::pair<std::string, int64_t>> out;
    if (days.empty()) return out;
    auto parse = [](const std::string& d, std::tm& tm) {
        tm = {};
        return std::sscanf(d.c_str(), "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3;
    };
    std::tm a{}, b{};
    if (!parse(days.front().Key, a) || !parse(days.back().Key, b)) {
        for (const auto& d : days) out.push_back({d.Key, d.Count});
        return out;
    }
    a.tm_year -= 1900, a.tm_mon -= 1, b.tm_year -= 1900, b.tm_mon -= 1;
    time_t t = timegm(&a);
    const time_t end = timegm(&b);
    size_t next = 0;
    for (; t <= end && out.size() < 5000; t += 86400) {
        std::tm day{};
        gmtime_r(&t, &day);
        char key[32];
        std::snprintf(key, sizeof key, "%04d-%02d-%02d", day.tm_year + 1900, day.tm_mon + 1, day.tm_mday);
        int64_t n = 0;
        while (next < days.size() && days[next].Key <= key) {
            if (days[next].Key == key) n = days[next].Count;
            next++;
        }
        out.push_back({key, n});
    }
    return out;
}

std::string DayChart(const std::vector<ReportFigures::KeyCount>& days, uint32_t colour, const std::string& title)
{
    const auto all = EveryDay(days);
    std::vector<double> values;
    std::vector<std::string> labels;
    for (const auto& [day, n] : all) {
        values.push_back((double)n);
        labels.push_back(ShortDate(day));
    }
    const int every = std::max<int>(1, (int)std::ceil((double)all.size() / 14));
    return Columns(values, labels, colour, title, every);
}

std::string Header(const ReportFigures& f, const ReportContent& content, const ReportOptions& o)
{
    std::set<std::string> kiosks;
    for (const auto& k : f.PerKiosk) kiosks.insert(k.Key);
    for (const auto& k : f.VisitsPerKiosk) kiosks.insert(k.Key);
    std::string period = f.FirstDay.empty()        ? "aucune donnée pour l’instant"
                         : f.FirstDay == f.LastDay ? "le " + LongDate(f.FirstDay)
                                                   : "du " + LongDate(f.FirstDay) + " au " + LongDate(f.LastDay);
    std::string out = "<header>\n<p class=\"overline\">ESS 2040 · Rapport de la borne</p>\n"
                      "<h1>Ce que les visiteurs ont lu et choisi</h1>\n";
    out += "<p class=\"lede\">Période couverte : " + period + ".</p>\n<div class=\"kpis\">";
    out += Kpi(f.HasVisitLog ? Integer(f.Visits) : "—", "visites");
    out += Kpi(Integer(f.Ballots), "votes confirmés");
    out += Kpi(Integer((int64_t)kiosks.size()), kiosks.size() <= 1 ? "borne" : "bornes");
    out += "</div>\n<table class=\"facts\"><tbody>";
    std::string names;
    for (const std::string& k : kiosks) names += (names.empty() ? "" : ", ") + Escape(k);
    out += "<tr><th>Bornes</th><td>" + (names.empty() ? std::string("—") : names) + "</td></tr>";
    std::string versions;
    for (const std::string& v : f.ContentVersions)
        versions += (versions.empty() ? "" : ", ") + Escape(v.empty() ? std::string("(non indiquée)") : v.substr(0, 12));
    out += "<tr><th>Version du contenu</th><td>" + (versions.empty() ? std::string("—") : versions) +
           (f.ContentVersions.size() > 1 ? " <span class=\"small\">(le contenu a changé pendant la période)</span>" : "") +
           "</td></tr>";
    std::string inputs;
    for (const std::string& i : o.Inputs) inputs += (inputs.empty() ? "" : ", ") + Escape(i);
    if (!inputs.empty()) out += "<tr><th>Données lues</th><td>" + inputs + "</td></tr>";
    if (o.Duplicates > 0)
        out += "<tr><th>Doublons</th><td>" + Plural(o.Duplicates, "vote trouvé", "votes trouvés") +
               " dans plusieurs fichiers, compté(s) une seule fois</td></tr>";
    out += "<tr><th>Rapport produit le</th><td>" + Escape(o.GeneratedAt) + "</td></tr></tbody></table>\n";
    out += "<p class=\"notice\"><b>Anonymat.</b> La borne n’enregistre aucune donnée personnelle : pas de caméra, rien de "
           "saisi au clavier, aucun identifiant d’appareil. Une visite, c’est seulement son heure de début (à la minute), sa "
           "durée, les écrans vus et le temps passé sur chacun, et le vote s’il y en a eu un. Les visites sont conservées 25 "
           "mois par défaut, puis effacées. Les heures et les jours sont ceux du fuseau de l’ordinateur qui a produit ce "
           "rapport.</p>\n";
    (void)content;
    return out + "</header>\n";
}

std::string Ballots(const ReportFigures& f, const ReportContent& content)
{
    std::string out = "<section class=\"first\">\n<h2>Les votes</h2>\n";
    const int64_t counted = f.Ballots - f.Flagged;
    if (f.Ballots == 0) return out + Empty("Aucun vote n’a encore été confirmé.") + "</section>\n";
    out += "<div class=\"kpis\">" + Kpi(Integer(counted), "votes pris en compte") +
           Kpi(Integer(f.Flagged), "votes signalés, comptés à part") + "</div>\n";
    out += "<h3>Les leviers choisis</h3>\n";
    // In the content's order first, then any lever the content no longer has, by its id.
    std::vector<Bar> bars;
    std::vector<bool> used(f.PerLever.size(), false);
    auto add = [&](const std::string& label, int64_t n) {
        bars.push_back({label, (double)n, Integer(n) + " · " + Percent(n, counted), kLeverGreen});
    };
    std::vector<std::pair<std::string, int64_t>> rows;
    for (const auto& [id, text] : content.Levers) {
        int64_t n = 0;
        for (size_t i = 0; i < f.PerLever.size(); i++)
            if (f.PerLever[i].Key == id) n = f.PerLever[i].Count, used[i] = true;
        rows.push_back({Escape(text), n});
    }
    for (size_t i = 0; i < f.PerLever.size(); i++)
        if (!used[i])
            rows.push_back(
                {Escape(f.PerLever[i].Key) + " <span class=\"small\">(levier retiré du contenu)</span>", f.PerLever[i].Count});
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [label, n] : rows) add(label, n);
    out += HorizontalBars(bars);
    out += Method("pour chaque levier, le nombre de votes qui l’ont retenu et leur part parmi les " + Integer(counted) +
                  " votes pris en compte. Un vote retient jusqu’à trois leviers : les parts ne s’additionnent donc pas à 100 %. "
                  "Les votes signalés (arrivés plus vite que le rythme réglé sur la borne, " +
                  Integer(f.Flagged) + " ici) sont comptés à part et n’entrent pas dans ces parts.");
    out += "<h3>Par borne</h3>\n<table><thead><tr><th>Borne</th><th class=\"n\">Votes</th><th class=\"n\">dont signalés</th>"
           "</tr></thead><tbody>";
    for (const auto& k : f.PerKiosk)
        out += "<tr><td>" + Escape(k.Key) + "</td><td class=\"n\">" + Integer(k.Count) + "</td><td class=\"n\">" +
               Integer(k.Flagged) + "</td></tr>";
    out += "</tbody></table>\n";
    out += Method(
        "chaque vote compte pour la borne où il a été confirmé ; un vote trouvé dans deux fichiers ne compte qu’une fois.");
    out += "<h3>Par jour</h3>\n" + DayChart(f.BallotsPerDay, kLeverGreen, "Votes par jour");
    out += Method("votes confirmés chaque jour (signalés compris), jour local ; un jour sans vote apparaît vide.");
    return out + "</section>\n";
}

std::string NoVisits(const ReportFigures& f)
{
    return f.HasVisitLog ? Empty("Aucune visite n’est encore enregistrée.")
                         : Empty("Aucune visite enregistrée : ces données viennent d’une version de la borne qui ne tenait pas "
                                 "encore le journal des visites. Les votes, eux, sont bien comptés.");
}

std::string Visits(const ReportFigures& f)
{
    std::string out = "<section>\n<h2>Les visites</h2>\n";
    if (f.Visits == 0) return out + NoVisits(f) + "</section>\n";
    out += "<div class=\"kpis\">" + Kpi(Integer(f.Visits), "visites") + Kpi(Duration(f.VisitSeconds.Median), "durée médiane") +
           Kpi(Quartiles(f.VisitSeconds), "durée de la moitié centrale des visites") + "</div>\n";
    out += Method("une visite commence au premier geste après l’écran d’accueil et finit quand la borne y revient (vote "
                  "confirmé, départ ou absence de réponse). La durée médiane partage les visites en deux moitiés : la moitié "
                  "a duré moins, l’autre plus. La moitié centrale va du premier au troisième quartile : un quart des visites "
                  "a duré moins de " +
                  Duration(f.VisitSeconds.Q1) + ", un quart plus de " + Duration(f.VisitSeconds.Q3) + ".");
    std::vector<double> hours(f.VisitsPerHour, f.VisitsPerHour + 24);
    std::vector<std::string> labels;
    for (int h = 0; h < 24; h++) labels.push_back(std::to_string(h) + "\u00A0h");
    out += "<h3>Selon l’heure de la journée</h3>\n" + Columns(hours, labels, kVisitBlue, "Visites par heure", 2);
    out += Method("visites selon l’heure locale de leur début, tous jours confondus (la barre « 14 h » compte celles commencées "
                  "entre 14 h et 14 h 59).");
    out += "<h3>Par jour</h3>\n" + DayChart(f.VisitsPerDay, kVisitBlue, "Visites par jour");
    out += Method("visites commencées chaque jour, jour local ; un jour sans visite apparaît vide.");
    if (f.VisitsPerKiosk.size() > 1) {
        out += "<h3>Par borne</h3>\n<table><thead><tr><th>Borne</th><th class=\"n\">Visites</th></tr></thead><tbody>";
        for (const auto& k : f.VisitsPerKiosk)
            out += "<tr><td>" + Escape(k.Key) + "</td><td class=\"n\">" + Integer(k.Count) + "</td></tr>";
        out += "</tbody></table>\n";
    }
    return out + "</section>\n";
}

std::string Mutations(const ReportFigures& f, const ReportContent& content)
{
    std::string out = "<section>\n<h2>Les mutations</h2>\n";
    if (f.Visits == 0) return out + NoVisits(f) + "</section>\n";
    out += "<h3>Pouvoir d’attraction</h3>\n";
    std::vector<Bar> bars;
    for (size_t k = 0; k < f.Mutations.size(); k++)
        bars.push_back({Swatch(MutationColour(content, k)) + MutationName(content, k), (double)f.Mutations[k].Opened,
                        Integer(f.Mutations[k].Opened) + " · " + Percent(f.Mutations[k].Opened, f.Visits),
                        MutationColour(content, k)});
    out += HorizontalBars(bars, (double)f.Visits);
    out += Method("le pouvoir d’attraction d’une mutation est la part des visites qui l’ont ouverte (barres à l’échelle de "
                  "toutes les visites). Une visite peut en ouvrir plusieurs.");
    out += "<h3>Pouvoir de rétention et carte 2040</h3>\n<table class=\"wide\"><thead><tr><th>Mutation</th><th class=\"n\">Temps "
           "médian</th>"
           "<th class=\"n\">Temps de lecture</th><th class=\"n\">Pouvoir de rétention</th><th class=\"n\">Ont retourné la "
           "carte 2040</th></tr></thead><tbody>";
    for (size_t k = 0; k < f.Mutations.size(); k++) {
        const auto& m = f.Mutations[k];
        const int64_t words = k < content.Mutations.size() ? content.Mutations[k].Words : 0;
        const double need = (double)words * 60.0 / kWordsPerMinute;
        const std::string holding = m.Seconds.Count && need > 0 ? Decimal(100.0 * m.Seconds.Median / need, 0) + "\u00A0%" : "—";
        out += "<tr><td>" + Swatch(MutationColour(content, k)) + MutationName(content, k) + "</td><td class=\"n\">" +
               (m.Seconds.Count ? Duration(m.Seconds.Median) : "—") + "</td><td class=\"n\">" +
               (need > 0 ? Duration(need) : "—") + "</td><td class=\"n\">" + holding + "</td><td class=\"n\">" +
               Percent(m.SawDystopia, m.SawFuture) + "<br><span class=\"small\">sur " + Plural(m.SawFuture, "visite", "visites") +
               "</span></td></tr>";
    }
    out += "</tbody></table>\n";
    out += Method("le temps médian est celui que les visites qui ont ouvert la mutation y ont passé (toutes ses parties "
                  "ensemble). Le temps de lecture est celui que ses textes demandent (constats, signaux faibles, les deux futurs "
                  "2040 et les initiatives) à 200 mots par minute, d’après le nombre de mots du contenu. Le pouvoir de rétention "
                  "est le temps médian rapporté à ce temps de lecture : 100 % voudrait dire qu’une visite sur deux a pris le "
                  "temps de tout lire. La dernière colonne est la part des visites qui, ayant vu le futur souhaitable de 2040, "
                  "ont retourné la carte vers le futur dystopique ou comparé les deux.");
    out += "<h3>Temps passé par partie</h3>\n<table class=\"wide\"><thead><tr><th>Mutation</th>";
    for (const char* part : kPartNames) out += "<th class=\"n\">" + Escape(part) + "</th>";
    out += "</tr></thead><tbody>";
    for (size_t k = 0; k < f.Mutations.size(); k++) {
        out += "<tr><td>" + Swatch(MutationColour(content, k)) + MutationName(content, k) + "</td>";
        for (int p = 0; p < kReportParts; p++) {
            const Spread& s = f.Mutations[k].PartSeconds[p];
            out += "<td class=\"n\">" +
                   (s.Count ? Duration(s.Median) + "<br><span class=\"small\">" + Plural(s.Count, "visite", "visites") + "</span>"
                            : "—") +
                   "</td>";
        }
        out += "</tr>";
    }
    out += "</tbody></table>\n";
    out += Method("pour chaque partie, le temps médian passé dessus par les visites qui l’ont vue (leur nombre est en dessous). "
                  "La partie 2040 réunit les deux faces de la carte et leur comparaison.");
    const int total_parts = (int)f.Mutations.size() * kReportParts;
    out += "<div class=\"kpis\">" + Kpi(Percent(f.Diligent, f.Visits), "de visiteurs assidus (" + Integer(f.Diligent) + ")") +
           "</div>\n";
    out += Method("un visiteur assidu a vu plus de la moitié des " + std::to_string(total_parts) + " parties des mutations (" +
                  std::to_string(f.Mutations.size()) + " mutations de " + std::to_string(kReportParts) +
                  " parties), au moins un instant chacune.");
    return out + "</section>\n";
}

std::string Journey(const ReportFigures& f)
{
    std::string out = "<section>\n<h2>Le parcours</h2>\n";
    if (f.Visits == 0) return out + NoVisits(f) + "</section>\n";
    const std::pair<const char*, int64_t> steps[] = {{"Visites", f.Visits},
                                                     {"Ont ouvert une mutation", f.OpenedMutation},
                                                     {"Ont vu un futur 2040", f.SawFuture},
                                                     {"Ont ouvert le vote", f.OpenedVote},
                                                     {"Ont confirmé un vote", f.Confirmed}};
    std::vector<Bar> bars;
    for (const auto& [label, n] : steps)
        bars.push_back({label, (double)n, Integer(n) + " · " + Percent(n, f.Visits), kLeverGreen});
    out += HorizontalBars(bars, (double)f.Visits);
    out += Method("chaque étape compte les visites qui l’ont atteinte, en part de toutes les visites. Un visiteur peut aller "
                  "droit au vote sans ouvrir de mutation : une étape compte donc aussi ceux qui ont sauté les précédentes. "
                  "« Ont vu un futur 2040 » : une des cartes 2040 affichée, d’un côté ou de l’autre.");
    return out + "</section>\n";
}

std::string Reading(const ReportFigures& f)
{
    std::string out = "<section>\n<h2>Lecture et vote</h2>\n";
    if (f.Visits == 0) return out + NoVisits(f) + "</section>\n";
    const auto& v = f.Voted;
    const auto& n = f.NotVoted;
    auto mean = [](const ReportFigures::ReaderGroup& g) { return g.Visits ? Decimal(g.MeanParts, 1) : std::string("—"); };
    auto median = [](const ReportFigures::ReaderGroup& g) { return g.Seconds.Count ? Duration(g.Seconds.Median) : "—"; };
    out += "<table><thead><tr><th></th><th class=\"n\">Ont voté</th><th class=\"n\">N’ont pas voté</th></tr></thead><tbody>";
    out +=
        "<tr><td>Visites</td><td class=\"n\">" + Integer(v.Visits) + "</td><td class=\"n\">" + Integer(n.Visits) + "</td></tr>";
    out += "<tr><td>Parties de mutation vues, en moyenne</td><td class=\"n\">" + mean(v) + "</td><td class=\"n\">" + mean(n) +
           "</td></tr>";
    out += "<tr><td>Durée médiane de la visite</td><td class=\"n\">" + median(v) + "</td><td class=\"n\">" + median(n) +
           "</td></tr>";
    out += "<tr><td>Ont vu un futur dystopique</td><td class=\"n\">" + Percent(v.SawDystopia, v.Visits) +
           "</td><td class=\"n\">" + Percent(n.SawDystopia, n.Visits) + "</td></tr>";
    out += "</tbody></table>\n";
    out += Method("« Ont voté » : les visites qui se sont terminées par un vote confirmé ; les autres sont parties ou ont laissé "
                  "la borne sans réponse. Une partie vue est l’une des " +
                  std::to_string(f.Mutations.size() * kReportParts) +
                  " parties des mutations, comptée une fois par visite même revue. Le futur dystopique compte qu’il ait été vu "
                  "en retournant une carte 2040 ou en comparant les deux futurs.");
    return out + "</section>\n";
}

} // namespace

std::string ReportHtml(const ReportFigures& f, const ReportContent& content, const ReportOptions& options)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>ESS 2040 · Rapport de la borne</title>\n<style>";
    out += kStyle;
    out += "</style>\n</head>\n<body>\n";
    out += Header(f, content, options);
    out += Ballots(f, content);
    out += Visits(f);
    out += Mutations(f, content);
    out += Journey(f);
    out += Reading(f);
    out += "<footer>Produit par ess-tally report, à partir des fichiers des bornes, sans aucune connexion.</footer>\n";
    return out + "</body>\n</html>\n";
}

bool WriteReport(const Database& db, const ReportContent& content, const std::string& output_path, const ReportOptions& options,
                 std::string& error)
{
    ReportFigures figures;
    const int mutations = content.Mutations.empty() ? 4 : (int)content.Mutations.size();
    if (!LoadReportFigures(db, mutations, figures, error)) return false;
    return WriteFileDurably(output_path, ReportHtml(figures, content, options), error);
}

} // namespace ess
