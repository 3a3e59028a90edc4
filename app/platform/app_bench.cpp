// --bench-frames: every screen drawn at rest, the cost of building and rasterising each frame; see app.h.
#include "platform/app.h"

namespace ess {

void App::PrintStats(const char* name, std::vector<double> values)
{
    if (values.empty()) return;
    std::sort(values.begin(), values.end());
    const auto at = [&](double q) { return values[std::min(values.size() - 1, size_t(q * (values.size() - 1) + 0.5))]; };
    std::printf("bench %s median=%.3f p99=%.3f min=%.3f max=%.3f n=%zu\n", name, at(0.5), at(0.99), values.front(), values.back(),
                values.size());
    std::fflush(stdout);
}

// Times N frames of every screen: building them (UI and draw lists) and rasterising them.
int App::RunFrameBench()
{
    Virtual.Set(1.0);
    Settle();
    struct Stop {
        const char* Name;
        std::vector<Intent> Go;
    };
    const std::vector<Stop> stops = {
        {"welcome", {}},
        {"mutations", {{IntentKind::OpenMutations}}},
        {"mutation_findings", {{IntentKind::OpenMutation, 0}}},
        {"mutation_signals", {{IntentKind::OpenPart, int(Part::Signals)}}},
        {"mutation_future", {{IntentKind::OpenPart, int(Part::Future)}}},
        {"mutation_future_compare", {{IntentKind::ToggleCompare}}},
        {"mutation_initiatives", {{IntentKind::OpenPart, int(Part::Initiatives)}}},
        {"act", {{IntentKind::OpenAct}}},
        {"about", {{IntentKind::OpenAbout}}},
        {"vote", {{IntentKind::OpenVote}, {IntentKind::ToggleLever, 0, "portage-politique"}}},
        {"organiser_keypad", {{IntentKind::OpenOrganiser}}},
        {"attract", {{IntentKind::StartAttract}}},
    };
    std::vector<double> all_build;
    for (const Stop& stop : stops) {
        for (const Intent& i : stop.Go) Visit->Dispatch(i);
        for (int i = 0; i < 300 && Visit->NeedsFrames(); i++) {
            Virtual.Advance(kFrame);
            DrawFrame();
        }
        std::vector<double> build, raster;
        for (int i = 0; i < Options.BenchFrames; i++) {
            DrawFrame(); // the screen at rest, drawn again in full
            build.push_back(LastBuildMs);
            raster.push_back(LastRasterMs);
        }
        // --screenshots: each screen as this renderer draws it (llvmpipe in a window).
        if (!Options.ScreenshotDir.empty()) {
            fs::create_directories(Options.ScreenshotDir);
            DrawFrame((fs::path(Options.ScreenshotDir) / (std::string(stop.Name) + ".png")).string());
        }
        all_build.insert(all_build.end(), build.begin(), build.end());
        PrintStats((std::string("frame_build_ms ") + stop.Name).c_str(), build);
        PrintStats((std::string("frame_raster_ms ") + stop.Name).c_str(), raster);
    }
    PrintStats("frame_build_ms all_screens", all_build);
    // The attract loop's cross-fade: the one animation that runs unattended for hours.
    std::vector<double> fade_build, fade_raster;
    for (int i = 0; i < Options.BenchFrames; i++) {
        Virtual.Set(Visit->State().AttractAt + kAttractSlide * (1 + i % 3) + kAttractFade * ((i / 3) % 10 + 0.5) / 10);
        DrawFrame();
        fade_build.push_back(LastBuildMs);
        fade_raster.push_back(LastRasterMs);
    }
    PrintStats("frame_build_ms attract_fade", fade_build);
    PrintStats("frame_raster_ms attract_fade", fade_raster);
    return 0;
}

} // namespace ess
