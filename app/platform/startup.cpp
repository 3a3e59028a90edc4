// See startup.h.
#include "platform/startup.h"

#include "core/navigation.h"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <system_error>

#include <stb_image.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "content/glyphs.h"
#include "core/text.h"
#include "ui/font_cache.h"

namespace ess {

namespace {

// Runs `work` for a worker thread: an exception escaping a thread ends the process
// (std::terminate), so whatever throws there (an allocation, a library) is said on stderr and
// the caller falls back instead. Returns what went wrong, empty when `work` ran to its end.
template <typename Work> std::string Guarded(const char* what, Work&& work)
{
    std::string failure;
    try {
        work();
        return failure;
    } catch (const std::exception& e) {
        failure = std::string(what) + ": " + e.what();
    } catch (...) {
        failure = std::string(what) + ": unknown error";
    }
    std::fprintf(stderr, "ess-kiosk: %s\n", failure.c_str());
    return failure;
}

} // namespace

std::vector<DecodedImage> DecodeImages(const std::string& assets_dir, const std::vector<std::string>& paths)
{
    std::vector<DecodedImage> out;
    for (const std::string& relative : paths) {
        bool seen = false;
        for (const DecodedImage& d : out) seen = seen || d.Path == relative;
        if (seen) continue;
        const std::string path = (std::filesystem::path(assets_dir) / relative).string();
        DecodedImage image;
        image.Path = relative;
        int channels = 0;
        if (unsigned char* pixels = stbi_load(path.c_str(), &image.Width, &image.Height, &channels, 4))
            image.Pixels.reset(pixels, stbi_image_free);
        else
            std::fprintf(stderr, "ess-kiosk: image %s: %s; showing a placeholder\n", path.c_str(), stbi_failure_reason());
        out.push_back(std::move(image));
    }
    return out;
}

Preloader::Preloader(std::string content_dir, std::string assets_dir, float dpi, std::string kiosk_id, ThemeKind kind,
                     int text_size, bool contrast)
    : ContentDir(std::move(content_dir)), AssetsDir(std::move(assets_dir)), KioskId(std::move(kiosk_id)), Dpi(dpi), Kind(kind),
      TextSize(text_size), Contrast(contrast)
{
    Content = std::thread([this] {
        // LoadContentAndFonts guards each step with a fallback; this is the last resort for what
        // lies between them, the thread's end instead of the process's.
        if (!Guarded("preparing the content and fonts", [this] { LoadContentAndFonts(); }).empty() && !Pictures.joinable())
            PicturesDone = true;
    });
}

Preloader::~Preloader()
{
    SetScreenSize(0, 0); // a worker still waiting for a screen gives up
    Join();
}

void Preloader::SetScreenSize(int width, int height)
{
    std::lock_guard<std::mutex> lock(Mutex);
    if (HasSize) return;
    HasSize = true;
    Width = width;
    Height = height;
    SizeKnown.notify_all();
}

void Preloader::LoadContentAndFonts()
{
    std::set<uint32_t> used;
    const std::string failure = Guarded("loading the content", [&] {
        Out.Load = LoadContent(ContentDir, AssetsDir);
        if (Out.Load.Usable()) used = ContentCodepoints(Out.Load); // once: the strings are many (every language's)
    });
    if (!failure.empty()) {
        // Out of order rather than out of the process: the screen says what went wrong.
        Out.Load = ContentLoad{};
        Out.Load.Problems.push_back({ContentDir, 0, 0, failure, true});
        used.clear();
    }
    if (Out.Load.Usable()) {
        std::vector<std::string> paths;
        for (const Mutation& m : Out.Load.Data.Mutations) paths.push_back(m.Illustration);
        // Pictures decode on their own thread, then the glyph check runs there: neither is on
        // the first frame's path. The thread has copies of what it reads.
        auto decode = [this, paths, used] {
            Guarded("decoding the pictures", [&] { Decoded.Pictures = DecodeImages(AssetsDir, paths); });
            Guarded("checking the glyphs", [&] { CheckGlyphCoverage(used, ContentDir, AssetsDir, Decoded.GlyphProblems); });
            PicturesDone = true;
        };
        try {
            Pictures = std::thread([decode] {
                // Behind the fonts and the display, which the first frame waits for (Linux: per thread).
                setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
                decode();
            });
        } catch (const std::system_error&) {
            decode(); // no thread to be had: on this one, before the fonts
        }
    } else {
        PicturesDone = true; // none to decode
        for (const ContentProblem& p : Out.Load.Problems) Out.Problems.push_back(p.Format());
    }
    const Codepoints codepoints = ThemeCodepoints(Out.Load.Usable() ? &used : nullptr, Out.Problems, KioskId);
    std::unique_lock<std::mutex> lock(Mutex);
    SizeKnown.wait(lock, [this] { return HasSize; });
    const int w = Width, h = Height;
    lock.unlock();
    if (w <= 0 || h <= 0) return;
    const std::string fonts_failure = Guarded("building the fonts", [&] {
        Out.Atlas = std::make_unique<ImFontAtlas>();
        SetContrast(Out.Look, Contrast);
        BuildTheme(Out.Look, *Out.Atlas, w, h, Dpi, codepoints, AssetsDir, DefaultFontCachePath(w, h, Kind, TextSize), Kind,
                   kTextScales[TextSize]);
    });
    if (!fonts_failure.empty()) {
        Out.Atlas.reset(); // no size foreseen: the main thread builds the fonts itself
        return;
    }
    Out.Width = w;
    Out.Height = h;
}

void Preloader::Join()
{
    if (Content.joinable()) Content.join();
    if (Pictures.joinable()) Pictures.join(); // started by Content: joinable once Content is done
}

Preloader::Result Preloader::Take()
{
    if (Content.joinable()) Content.join();
    return std::move(Out);
}

Preloader::Later Preloader::TakePictures()
{
    Join();
    return std::move(Decoded);
}

} // namespace ess
