// Keyboard and keypad: key names, and the focus's reading order.
#include <doctest/doctest.h>

#include "core/focus.h"
#include "core/navigation.h"

using namespace ess;

TEST_CASE("key names are read whatever their case, and an unknown one is None")
{
    CHECK(KeyByName("alt+f4") == KeyAction::Quit);
    CHECK(KeyByName("Alt+F4") == KeyAction::Quit);
    CHECK(KeyByName("ESCAPE") == KeyAction::Quit);
    CHECK(KeyByName("tab") == KeyAction::FocusNext);
    CHECK(KeyByName("shift+tab") == KeyAction::FocusPrevious);
    CHECK(KeyByName("keypad enter") == KeyAction::Activate);
    CHECK(KeyByName("Return") == KeyAction::Activate);
    CHECK(KeyByName("Keypad 5") == KeyAction::WhereAmI);
    CHECK(KeyByName("F1") == KeyAction::WhereAmI);
    CHECK(KeyByName("Keypad +") == KeyAction::VolumeUp);
    CHECK(KeyByName("-") == KeyAction::VolumeDown);
    CHECK(KeyByName("PageDown") == KeyAction::Next);
    CHECK(KeyByName("Alt+F5") == KeyAction::None);
    CHECK(KeyByName("") == KeyAction::None);
    // The refusal lists every accepted name, not five of them.
    const std::string names = KeyNames();
    for (const char* name : {"Escape", "Alt+F4", "Home", "Backspace", "Tab", "Shift+Tab", "Keypad 5", "F1", "Keypad Enter",
                             "Keypad +", "Keypad -", "PageUp", "PageDown", "Left", "Right", "Up", "Down"})
        CHECK_MESSAGE(names.find(name) != std::string::npos, name);
}

TEST_CASE("focus order follows reading order: bars above, the page by rows left to right, bars below")
{
    // Drawn in another order than read: the vote bar first, then the page's cards, then the top bar.
    const std::vector<Spot> spots = {
        {"Valider", 1500, 980, 1880, 1060, false, 0}, // bar below the page
        {"Levier B", 980, 300, 1880, 420, true, 0},   // page, first row, right
        {"Levier C", 40, 450, 940, 700, true, 0},     // page, second row
        {"Levier A", 40, 302, 940, 500, true, 0},     // page, first row, left (top 2 px lower)
        {"Accueil", 20, 10, 200, 80, false, 0},       // top bar
        {"Accessibilité", 1600, 10, 1900, 80, false, 0},
    };
    const std::vector<size_t> order = ReadingOrder(spots, 90, 10);
    std::vector<std::string> labels;
    for (size_t i : order) labels.push_back(spots[i].Label);
    CHECK(labels == std::vector<std::string>{"Accueil", "Accessibilité", "Levier A", "Levier B", "Levier C", "Valider"});
}

TEST_CASE("with a dialog open the focus goes through the dialog's targets only")
{
    const std::vector<Spot> spots = {
        {"Accueil", 20, 10, 200, 80, false, 0},
        {"Fermer", 900, 800, 1100, 860, false, 1},
        {"Contraste renforcé", 700, 300, 1300, 370, false, 1},
    };
    const std::vector<size_t> order = ReadingOrder(spots, 90, 10);
    REQUIRE(order.size() == 2);
    CHECK(spots[order[0]].Label == "Contraste renforcé");
    CHECK(spots[order[1]].Label == "Fermer");
}

TEST_CASE("a focus mark finds the same target again, also when two share a label")
{
    const std::vector<Spot> spots = {{"Plus", 0, 0, 10, 10}, {"Moins", 0, 20, 10, 30}, {"Plus", 0, 40, 10, 50}};
    const FocusMark second = MarkOf(spots, 2);
    CHECK(second.Label == "Plus");
    CHECK(second.Nth == 1);
    CHECK(FindSpot(spots, second) == 2);
    CHECK(FindSpot(spots, {"Plus", 2}) == -1);
    CHECK(FindSpot(spots, {}) == -1);
}
