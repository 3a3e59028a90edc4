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
    if (Voice && Visit->State().Options.Speech) SpeechBench();
    return 0;
}

// With speech on (the configuration's [accessibility] speech): a touch on a text of "Comment
// agir ?", timed from the touch to the first synthesised sample the sound device could take,
// and the frames built meanwhile. The samples are pulled here as the device's callback would.
void App::SpeechBench()
{
    Voice->SetAudio(true);
    Visit->Dispatch({IntentKind::LeaveAttract});
    Visit->Dispatch({IntentKind::OpenAct});
    Settle();
    const VisibleText* text = nullptr;
    for (const VisibleText& t : Texts)
        if (t.InPage && t.Text.size() > 80) {
            text = &t;
            break;
        }
    if (!text) {
        std::fprintf(stderr, "ess-kiosk: speech bench: no text to touch\n");
        return;
    }
    const ImVec2 at = text->Rect.GetCenter();
    std::vector<double> to_sample, build;
    int16_t samples[512];
    for (int i = 0; i < Options.BenchFrames; i++) {
        const auto touched = std::chrono::steady_clock::now();
        Visit->Pointer({PointerEvent::Down, at.x, at.y, Now()});
        Virtual.Advance(0.05);
        Visit->Pointer({PointerEvent::Up, at.x, at.y, Now()});
        DrawFrame(); // the frame that takes the touch, and says the text
        build.push_back(LastBuildMs);
        while (Voice->Pull(samples, 512) == 0 && std::chrono::steady_clock::now() - touched < std::chrono::seconds(2))
            std::this_thread::sleep_for(std::chrono::microseconds(20));
        to_sample.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - touched).count());
        // Frames go on while the sentence is synthesised and played.
        for (int f = 0; f < 5; f++) {
            Virtual.Advance(kFrame);
            Voice->Pull(samples, 512);
            DrawFrame();
            build.push_back(LastBuildMs);
        }
    }
    PrintStats("speech_touch_to_first_sample_ms", to_sample);
    PrintStats("frame_build_ms speaking", build);
}

} // namespace ess
