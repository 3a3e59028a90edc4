// What the first frame needs that owes nothing to SDL or to ImGui's context -- the content,
// the decoded pictures and the font atlas -- prepared on two worker threads while the main
// thread opens the display and the database. Start-up is then the longest of the two paths,
// not their sum (BENCHMARKS.md).
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "content/loader.h"
#include "ui/theme.h"
#include "ui/theme_setup.h"
#include "ui/theme_setup.h"

namespace ess {

struct DecodedImage {
    std::string Path; // relative to assets/
    int Width = 0, Height = 0;
    std::shared_ptr<unsigned char> Pixels; // RGBA; null when unreadable (logged, screens draw a placeholder)
};

// Decodes each picture with stb_image (no SDL: the textures are made on the main thread).
std::vector<DecodedImage> DecodeImages(const std::string& assets_dir, const std::vector<std::string>& paths);

class Preloader {
public:
    struct Result {
        ContentLoad Load;
        std::vector<std::string> Problems; // formatted, when the content is unusable
        Theme Look;
        std::unique_ptr<ImFontAtlas> Atlas;
        int Width = 0, Height = 0; // the screen the theme was built for
    };

    Preloader(std::string content_dir, std::string assets_dir, float dpi, std::string kiosk_id,
              ThemeKind kind = ThemeKind::Kiosk, int text_size = 0, bool contrast = false);
    ~Preloader();
    Preloader(const Preloader&) = delete;
    Preloader& operator=(const Preloader&) = delete;

    // The screen's size in pixels, as soon as the display knows it: font sizes depend on it.
    // 0×0: there will be no screen (the display failed), fonts are not built.
    void SetScreenSize(int width, int height);
    // Waits for the content and the fonts (not the pictures). Call once.
    Result Take();
    // The pictures take as long to decode as the fonts to build; the first frame does not wait
    // for them (their places show a tint), the next one shows them. The glyph check (problems
    // for the log, not for the atlas) runs on their thread too, off the first frame's path.
    struct Later {
        std::vector<DecodedImage> Pictures;
        std::vector<ContentProblem> GlyphProblems;
    };
    bool PicturesReady() const { return PicturesDone; }
    Later TakePictures(); // waits if they are not ready

private:
    void LoadContentAndFonts();
    void Join();

    std::string ContentDir, AssetsDir, KioskId;
    float Dpi;
    ThemeKind Kind;
    int TextSize = 0;      // "Texte plus grand" by default (the configuration's)
    bool Contrast = false; // "Contraste renforcé" by default
    Result Out;
    std::mutex Mutex;
    std::condition_variable SizeKnown;
    bool HasSize = false;
    int Width = 0, Height = 0;
    std::thread Content, Pictures;
    Later Decoded;
    std::atomic<bool> PicturesDone{false};
};

} // namespace ess
