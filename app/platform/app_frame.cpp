// One frame: the session's input and timers, the screens drawn (and rasterised when someone
// sees them), their intents given back to the session; see app.h.
#include "platform/app.h"

namespace ess {

// The visitor's "Texte plus grand" and "Contraste renforcé", put to use before the frame: larger
// type needs its fonts built again (a few tens of milliseconds, cached on disk for the next time).
void App::ApplyAccess()
{
    const Access& wanted = Visit->State().Options;
    if (wanted.Contrast != Look.HighContrast) SetContrast(Look, wanted.Contrast);
    if (kTextScales[wanted.TextSize] != Look.TextScale) {
        const double start = MillisecondsSinceStart();
        SetUpTheme();
        std::fprintf(stderr, "ess-kiosk: text size %d: fonts built in %.0f ms\n", wanted.TextSize,
                     MillisecondsSinceStart() - start);
    }
}

bool App::DrawFrame(const std::string& shot)
{
    ApplyAccess();
    const double now = Now();
    const bool raster = !Options.Headless || !shot.empty() || Options.BenchFrames > 0;
    const double build_start = ThreadCpuMs();
    const FrameInput input = Visit->BeginFrame();

    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(Screen.Width), float(Screen.Height));
    io.DeltaTime = float(std::max(1e-4, now - LastFrameTime));
    LastFrameTime = now;
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();
    UiOutput out = Ui.DrawFrame(Visit->State(), HasContent ? Visit->ContentShown() : nullptr, Problems, Visit->Facts(), Look,
                                Pictures, input, now);
    ImGui::Render();
    const double build_end = ThreadCpuMs();
    const double raster_start = ProcessCpuMs();
    LastBuildMs = build_end - build_start;
    LastRasterMs = 0;
    bool ok = true;
    // Headless, nobody sees the frames: rasterise only those a script photographs.
    if (raster) {
        const ImVec4 paper = ImGui::ColorConvertU32ToFloat4(Look.Colours.Background);
        SDL_SetRenderDrawColor(Screen.Renderer, Uint8(paper.x * 255), Uint8(paper.y * 255), Uint8(paper.z * 255), 255);
        SDL_RenderClear(Screen.Renderer);
        RenderDrawData(Screen.Renderer, ImGui::GetDrawData());
        if (!shot.empty()) {
            std::string error;
            ok = SaveScreenshot(Screen.Renderer, Screen.Width, Screen.Height, shot, error);
            if (!ok) std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
        }
        SDL_RenderPresent(Screen.Renderer);
        // The whole process: a GL driver such as llvmpipe rasterises on its own threads.
        LastRasterMs = ProcessCpuMs() - raster_start;
    }
    Ui.Trim();

    std::vector<Spot> spots;
    spots.reserve(out.Focusable.size());
    for (const TouchTarget& t : out.Focusable)
        spots.push_back({t.Label, t.Full.Min.x, t.Full.Min.y, t.Full.Max.x, t.Full.Max.y, t.InPage, t.Layer, t.Said});
    Visit->SetSpots(std::move(spots), out.PageArea.Min.y, out.PageArea.Max.y);
    std::vector<Reading> readings;
    readings.reserve(out.Texts.size());
    for (const VisibleText& t : out.Texts)
        readings.push_back({t.Text, t.Rect.Min.x, t.Rect.Min.y, t.Rect.Max.x, t.Rect.Max.y, t.InPage, t.Layer, t.PageY});
    Visit->SetReadings(std::move(readings));
    Visit->EndFrame(out.Intents, out.ScrollMax);
    LastScrollMax = out.ScrollMax;
    Targets = std::move(out.Targets);
    Texts = std::move(out.Texts);
    Cards = std::move(out.Cards);
    PageArea = out.PageArea;
    return ok;
}

} // namespace ess
