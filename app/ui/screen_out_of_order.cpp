// Shown instead of the exhibition when its content cannot be loaded: calm for visitors,
// precise for whoever comes to fix it (every problem with file:line:col).
#include <algorithm>

#include "ui/screens.h"

namespace ess {

void DrawOutOfOrder(Frame& f, const std::vector<std::string>& problems)
{
    const Theme& t = f.T;
    const Palette& p = t.Colours;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, t.Height), p.Night);
    // The interface wording may itself be what failed to load: fall back to built-in French.
    const std::string title = f.C && !f.C->Ui.Get("hors_service.titre").empty() ? f.C->Ui.Get("hors_service.titre")
                                                                                : "Borne momentanément hors service";
    const std::string text = f.C && !f.C->Ui.Get("hors_service.texte").empty()
                                 ? f.C->Ui.Get("hors_service.texte")
                                 : "Le contenu de l'exposition n'a pas pu être chargé. Merci de prévenir l'équipe d'accueil.";
    const float x = t.Margin * 2, width = std::min(t.Width - 4 * t.Margin, t.Mm(450));
    float y = t.Height * 0.16f;
    f.Draw->AddCircleFilled(ImVec2(x + t.Mm(7), y + t.Mm(7)), t.Mm(7), f.T.Colours.OutOfOrderMark, 32);
    f.Draw->AddRectFilled(ImVec2(x + t.Mm(6), y + t.Mm(3)), ImVec2(x + t.Mm(8), y + t.Mm(8.5f)), f.T.Colours.White, t.Mm(1));
    f.Draw->AddCircleFilled(ImVec2(x + t.Mm(7), y + t.Mm(10.5f)), t.Mm(1.1f), f.T.Colours.White, 12);
    y += t.Mm(14) + t.Gap * 1.5f;
    y += Text(f, title, ImVec2(x, y), width, TextStyle::Title, p.NightInk, 1.15f) + t.Gap;
    y += Text(f, text, ImVec2(x, y), width, TextStyle::Heading, p.NightSoft, 1.3f) + t.Gap * 2.5f;
    // For the technician: what is wrong and where, as the check command prints it.
    const size_t shown = std::min<size_t>(problems.size(), 10);
    for (size_t i = 0; i < shown; i++)
        y += Text(f, problems[i], ImVec2(x, y), t.Width - 2 * x, TextStyle::Small, p.NightSoft, 1.3f) + t.Gap * 0.3f;
    if (problems.size() > shown)
        Text(f, "… +" + std::to_string(problems.size() - shown), ImVec2(x, y), width, TextStyle::Small, p.NightSoft);
}

} // namespace ess
