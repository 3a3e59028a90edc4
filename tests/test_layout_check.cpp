// The layout check scripted runs apply to every settled frame: what it calls broken, and what
// it leaves alone (scrolling, dialogs over a screen).
#include <doctest/doctest.h>

#include <cfloat>

#include "ui/layout_check.h"

using namespace ess;

namespace {
const ImRect kScreen(0, 0, 800, 480);
const ImRect kPage(0, 90, 800, 480); // below a 90 px bar

VisibleText At(const char* text, ImRect rect, bool in_page = false, ImRect box = ImRect(-FLT_MAX, -FLT_MAX, FLT_MAX, FLT_MAX))
{
    VisibleText t;
    t.Text = text;
    t.Rect = rect;
    t.Box = box;
    t.Clip = in_page ? kPage : kScreen;
    t.InPage = in_page;
    return t;
}
} // namespace

TEST_CASE("clean texts pass")
{
    std::vector<VisibleText> texts = {At("Accueil", ImRect(20, 30, 120, 60)), At("Titre", ImRect(40, 100, 500, 140), true),
                                      At("Texte", ImRect(40, 150, 700, 300), true)};
    CHECK(FindLayoutProblem(texts, 800, 480) == "");
}

TEST_CASE("a label wider than its button is found")
{
    std::vector<VisibleText> texts = {
        At("Touchez l'écran pour découvrir", ImRect(20, 30, 330, 60), false, ImRect(10, 20, 300, 70))};
    CHECK(FindLayoutProblem(texts, 800, 480).find("runs 30 px out of its button") != std::string::npos);
}

TEST_CASE("a title cut by the screen's edge is found, and so is one below it on a fixed screen")
{
    CHECK(FindLayoutProblem({At("L'ESS EN 2040", ImRect(700, 30, 900, 60))}, 800, 480).find("cut by the screen's edge") !=
          std::string::npos);
    CHECK(FindLayoutProblem({At("POLITIQUES", ImRect(40, 400, 400, 520))}, 800, 480).find("cut by the screen's edge") !=
          std::string::npos);
}

TEST_CASE("a page's text half scrolled under the bar is scrolling, not a defect")
{
    CHECK(FindLayoutProblem({At("Les constats", ImRect(40, 60, 400, 130), true)}, 800, 480) == "");
    // Entirely scrolled out of view: not seen, not checked.
    CHECK(FindLayoutProblem({At("Loin", ImRect(40, 900, 1200, 950), true)}, 800, 480) == "");
}

TEST_CASE("two texts over each other are found, unless one is on a dialog above the other")
{
    std::vector<VisibleText> texts = {At("Retour", ImRect(150, 30, 260, 60)), At("Comment agir ?", ImRect(240, 30, 400, 60))};
    CHECK(FindLayoutProblem(texts, 800, 480).find("\"Retour\" and \"Comment agir ?\" overlap (20 px x 30 px)") !=
          std::string::npos);
    texts[1].Layer = 1;
    CHECK(FindLayoutProblem(texts, 800, 480) == "");
    // Touching edges, or a pixel of rounding, is no overlap.
    texts[1].Layer = 0;
    texts[1].Rect = ImRect(259.5f, 30, 400, 60);
    CHECK(FindLayoutProblem(texts, 800, 480) == "");
}

TEST_CASE("a word split between letters is found")
{
    VisibleText t = At("Meurthe-et-Moselle", ImRect(40, 100, 300, 160), true);
    t.BrokenWord = true;
    CHECK(FindLayoutProblem({t}, 800, 480).find("word split between two letters") != std::string::npos);
}

TEST_CASE("a caption running out of the bottom of its card is found")
{
    std::vector<VisibleText> texts = {At("Signalés (trop rapprochés)", ImRect(510, 560, 700, 620), true)};
    const ImRect tall_page(0, 90, 800, 1280);
    texts[0].Clip = tall_page;
    const std::vector<CardPlace> cards = {{ImRect(500, 480, 720, 600), tall_page, 0}, {ImRect(0, 0, 800, 2000), tall_page, 0}};
    CHECK(FindLayoutProblem(texts, 800, 1280, cards).find("runs 20 px out of its card") != std::string::npos);
    texts[0].Rect.Max.y = 590;
    CHECK(FindLayoutProblem(texts, 800, 1280, cards) == "");
    // A fixed bar's label over a page card scrolled beneath it is not on that card.
    std::vector<VisibleText> bar = {At("Valider mon vote", ImRect(560, 420, 760, 470))};
    CHECK(FindLayoutProblem(bar, 800, 480, {{ImRect(40, 300, 700, 440), kPage, 0}}) == "");
}
