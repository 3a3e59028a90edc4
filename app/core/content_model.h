// The exhibition's texts as plain data: what content/ files say, after validation.
// Strings are UTF-8 exactly as written in content/ (including **bold** markers).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ess {

struct Point {
    std::string Text;
    std::vector<std::string> SubPoints;
};

struct FindingGroup {
    std::string Title; // may be empty: some groups have no heading in the study
    std::vector<Point> Points;
};

struct TitledText {
    std::string Title;
    std::string Text; // paragraphs separated by a blank line
};

struct Initiative {
    std::string Territory; // may be empty
    std::string Text;
    std::string Link;
};

struct Mutation {
    std::string Id;
    std::string Title;
    uint32_t Colour = 0x808080; // 0xRRGGBB
    std::string Illustration;   // path relative to the assets folder

    std::string FindingsYear, FindingsTitle, FindingsSource;
    std::vector<FindingGroup> FindingGroups;

    std::string SignalsTitle;
    std::vector<TitledText> Signals;

    std::string DesirableYear, DesirableTitle;
    std::vector<TitledText> Desirable;

    std::string DystopiaTitle;
    std::vector<TitledText> Dystopia;

    std::string InitiativesTitle;
    std::vector<Initiative> Initiatives;
};

struct Lever {
    std::string Id; // stable: ballots refer to it
    std::string Text;
    std::vector<std::string> SubPoints;
};

struct Axis {
    std::string Id;
    std::string Title;
    std::vector<std::string> Brakes;
    std::vector<Lever> Levers;
};

struct ActSection {
    std::string Title, Introduction, Conclusion, BrakesTitle, LeversTitle;
    std::vector<Axis> Axes;
};

struct Milestone {
    std::string Date;
    std::string Text;
};

struct Exhibition {
    std::string Overline, Title, Subtitle;
    std::string ApproachTitle, ApproachIntroduction, ApproachConclusion;
    std::vector<Milestone> Milestones;
    std::string MutationsTitle, MutationsText;
    std::string CreditsRtes, CreditsBeauxJours, CreditsBeauxJoursText;
};

// Interface wording (buttons, tabs, invitations): not from the study, editable in
// content/interface.toml. Keys are "table.key"; the loader guarantees every key the UI uses,
// optional ones (a_propos.traduction) aside: Get gives "" for those when absent.
struct Labels {
    std::map<std::string, std::string> Values;
    const std::string& Get(const std::string& key) const;
};

// The study in one language. The French in content/ is the reference; a translation
// (content/en/...) has the French's structure and ids, and shows the French where it gives no text.
// Singular or plural for a count: French says "0 vote", "1 vote", English "0 votes", "1 vote".
bool UsesSingular(const std::string& language, long long n);

struct Content {
    Exhibition Expo;
    std::vector<Mutation> Mutations;
    ActSection Act;
    Labels Ui;
    std::string Language;     // [langue] code: "fr", "en" (a translation's is its folder's name)
    std::string LanguageName; // [langue] nom, written in the language itself: "Français", "English"
    bool Translation = false; // false for the French reference
    std::string Version;      // hash of every content file, translations included: the same in every
                              // language, recorded with each ballot
};

} // namespace ess
