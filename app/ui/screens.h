// One function per screen; each draws below the top bar and returns intents through Frame.
#pragma once
#include <string>
#include <vector>

#include "ui/widgets.h"

namespace ess {

struct ContentProblem;

// Vertical extent of the scrolling page area (below the fixed bars).
struct Page {
    float Top = 0;    // first visible pixel row
    float Bottom = 0; // last visible pixel row
    float Y = 0;      // where the page starts, scroll applied
};

void DrawWelcome(Frame& f);
void DrawMutations(Frame& f, const Page& page);
void DrawMutation(Frame& f, const Page& page);
float DrawMutationTabs(Frame& f, float top); // fixed tab row; returns its height
void DrawFutures(Frame& f, const Mutation& m, ImVec2 pos, float width, float& height);
void DrawAct(Frame& f, const Page& page);
void DrawAbout(Frame& f, const Page& page);
void DrawOutOfOrder(Frame& f, const std::vector<std::string>& problems);
void DrawVote(Frame& f, const Page& page);
float DrawVoteBar(Frame& f, float bottom); // fixed bar ending at `bottom`: counter and confirm; returns its height
void DrawVoteFailure(Frame& f);
void DrawThanks(Frame& f, const Page& page);
void DrawOrganiser(Frame& f, const Page& page);
void DrawAttract(Frame& f);
void DrawWall(Frame& f);
void DrawIdleQuestion(Frame& f, double countdown_seconds);
// The accessibility button: the same place on every visitor screen (top right; bottom right with
// "Commandes en bas"). Its tap is taken before the screen is drawn, it is drawn after.
ImRect AccessButtonRect(const Frame& f);
bool AccessButtonLabelled(const Frame& f); // its word beside the symbol (else the symbol alone)
bool AccessButtonTapped(Frame& f);
void DrawAccessButton(Frame& f);
void DrawAccessPanel(Frame& f);
// The fixed bars' heights, known before they are drawn (with "Commandes en bas" they are set
// from the bottom up).
float TopBarHeight(Frame& f);
float MutationTabsHeight(const Frame& f);
// A call to vote, for the end of pages; returns its height.
float VoteInvitation(Frame& f, ImVec2 pos, float width);
float VoteInvitationWidth(const Frame& f, float width);
// Horizontal bars with full labels; `highlight` marks the visitor's own choices.
float TallyBars(Frame& f, const std::vector<std::pair<std::string, long long>>& rows, const std::vector<bool>& highlight,
                long long total, ImVec2 pos, float width, ImU32 bar, ImU32 bar_highlight, const char* singular = "merci.vote",
                const char* plural = "merci.votes");

// Shared page pieces.
float SectionTitle(Frame& f, const std::string& title, ImVec2 pos, float width, ImU32 accent);

} // namespace ess
