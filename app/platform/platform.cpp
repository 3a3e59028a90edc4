// SDL window, renderer, textures, screenshots and input translation (see platform.h).
#include "platform/platform.h"

#include <csignal>
#include <cstdio>
#include <string>

#include <SDL.h>
#include <stb_image_write.h>

#include "platform/startup.h"
#include "ui/widgets.h"

namespace ess {

namespace {
volatile std::sig_atomic_t g_stop_signal = 0; // set by SIGTERM/SIGINT/SIGHUP; read by the main loop

void OnStopSignal(int signal_number)
{
    g_stop_signal = signal_number;
}
} // namespace

int StopSignal()
{
    return int(g_stop_signal);
}

bool StartVideo(const RunOptions& o, std::string& error)
{
    // SDL would turn SIGTERM into a quit request, which kiosk mode ignores; systemd's stop
    // must still stop the kiosk at once, so the signals are ours.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    sigemptyset(&action.sa_mask);
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) sigaction(signal_number, &action, nullptr);
    if (o.Headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    // We translate touches ourselves: no synthetic mouse events from fingers, nor the reverse.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        error = std::string("cannot start SDL video: ") + SDL_GetError() +
                (o.Headless ? "" : " (no display? try --headless, or run under a desktop session)");
        return false;
    }
    return true;
}

bool VideoDriverIs(const char* name)
{
    const char* driver = SDL_GetCurrentVideoDriver();
    return driver && std::string(driver) == name;
}

namespace {
// The dummy driver's "desktop" is an arbitrary 1024×768: there, --size stands (1920×1080 by
// default), also with --kiosk, so that SDL_VIDEODRIVER=dummy draws what the real screen shows.
bool Fullscreen(const RunOptions& o)
{
    return o.Kiosk && !o.Headless && !VideoDriverIs("dummy");
}
int DisplayIndex(const RunOptions& o)
{
    return o.Display < SDL_GetNumVideoDisplays() ? o.Display : 0;
}
} // namespace

void PredictOutputSize(const RunOptions& o, int& width, int& height)
{
    width = o.Width;
    height = o.Height;
    SDL_Rect bounds{};
    if (Fullscreen(o) && SDL_GetDisplayBounds(DisplayIndex(o), &bounds) == 0) {
        width = bounds.w;
        height = bounds.h;
    }
}

bool OpenDisplay(const RunOptions& o, Display& d, std::string& error)
{
    // A window made for OpenGL from the start: otherwise SDL_CreateRenderer destroys and makes
    // it again for its GL renderer (and under X11 waits again for a window manager).
    const bool dummy = o.Headless || VideoDriverIs("dummy");
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (dummy ? 0 : SDL_WINDOW_OPENGL);
    const int display = DisplayIndex(o);
    int x = SDL_WINDOWPOS_CENTERED_DISPLAY(display), y = x, w = o.Width, h = o.Height;
    SDL_Rect bounds{};
    // Fullscreen, the window is made at the screen's size: on Wayland, SDL reports the size asked
    // for until the compositor's first configure, so the first frame (and the fonts, built for
    // it) would be the wrong size, and cage would crop it.
    if (Fullscreen(o) && SDL_GetDisplayBounds(display, &bounds) == 0) {
        w = bounds.w;
        h = bounds.h;
    }
    if (Fullscreen(o) && VideoDriverIs("x11") && SDL_GetDisplayBounds(display, &bounds) == 0) {
        // Under X11, SDL's fullscreen asks the window manager and waits up to 100 ms per step
        // for an answer (~400 ms with none, as under Xvfb). A borderless window covering the
        // display is what a window manager makes of it anyway. Production runs on Wayland (cage).
        x = bounds.x;
        y = bounds.y;
        w = bounds.w;
        h = bounds.h;
        flags |= SDL_WINDOW_BORDERLESS;
    } else if (Fullscreen(o)) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    }
    // Headless runs keep their --size: the dummy driver's "desktop" is an arbitrary 1024×768.
    d.Window = SDL_CreateWindow("ESS 2040", x, y, w, h, flags);
    if (!d.Window && (flags & SDL_WINDOW_OPENGL)) d.Window = SDL_CreateWindow("ESS 2040", x, y, w, h, flags & ~SDL_WINDOW_OPENGL);
    if (!d.Window) {
        error = std::string("cannot create window: ") + SDL_GetError();
        return false;
    }
    if (!o.Headless) d.Renderer = SDL_CreateRenderer(d.Window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!d.Renderer) d.Renderer = SDL_CreateRenderer(d.Window, -1, SDL_RENDERER_SOFTWARE);
    if (!d.Renderer) {
        error = std::string("cannot create renderer: ") + SDL_GetError();
        return false;
    }
    SDL_GetRendererOutputSize(d.Renderer, &d.Width, &d.Height);
    if (o.Kiosk) {
        SDL_ShowCursor(SDL_DISABLE);
        SDL_DisableScreenSaver(); // no blanking while the kiosk is open
    }
    return true;
}

void CloseDisplay(Display& d)
{
    StopWatchingDisplay(d);
    if (d.Renderer) SDL_DestroyRenderer(d.Renderer);
    if (d.Window) SDL_DestroyWindow(d.Window);
    d = {};
    SDL_Quit();
}

void UploadImages(SDL_Renderer* renderer, std::vector<DecodedImage>& decoded, Images& images)
{
    for (DecodedImage& d : decoded) {
        if (images.ByPath.count(d.Path)) continue;
        Image image;
        if (d.Pixels) {
            SDL_Texture* texture =
                SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, d.Width, d.Height);
            if (texture && SDL_UpdateTexture(texture, nullptr, d.Pixels.get(), d.Width * 4) == 0) {
                SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
                SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear);
                image = {texture, float(d.Width), float(d.Height)};
            } else {
                std::fprintf(stderr, "ess-kiosk: image %s: cannot create texture: %s\n", d.Path.c_str(), SDL_GetError());
                if (texture) SDL_DestroyTexture(texture);
            }
            d.Pixels.reset(); // the texture holds its copy
        }
        images.ByPath[d.Path] = image;
    }
}

void FreeImages(Images& images)
{
    for (auto& [path, image] : images.ByPath)
        if (image.Texture) SDL_DestroyTexture(static_cast<SDL_Texture*>(image.Texture));
    images.ByPath.clear();
}

bool SaveScreenshot(SDL_Renderer* renderer, int width, int height, const std::string& path, std::string& error)
{
    std::vector<unsigned char> pixels(size_t(width) * height * 4);
    if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), width * 4) != 0) {
        error = std::string("cannot read pixels: ") + SDL_GetError();
        return false;
    }
    for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255; // the screen is opaque
    if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4)) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

void InputTranslator::Translate(const SDL_Event& e, int width, int height, double now, std::vector<PointerEvent>& out,
                                KeyAction& key, float& wheel)
{
    switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) break;
        out.push_back({e.type == SDL_MOUSEBUTTONDOWN ? PointerEvent::Down : PointerEvent::Up, e.button.x * MouseScale,
                       e.button.y * MouseScale, now});
        break;
    case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID) break;
        out.push_back({PointerEvent::Move, e.motion.x * MouseScale, e.motion.y * MouseScale, now});
        break;
    case SDL_MOUSEWHEEL: wheel += float(e.wheel.y); break;
    case SDL_FINGERDOWN:
        if (FingerDown) {
            // A second finger: a pinch or a palm. Cancel the gesture rather than guess.
            out.push_back({PointerEvent::Cancel, 0, 0, now});
            break;
        }
        FingerDown = true;
        FingerId = e.tfinger.fingerId;
        out.push_back({PointerEvent::Down, e.tfinger.x * width, e.tfinger.y * height, now});
        break;
    case SDL_FINGERMOTION:
        if (FingerDown && e.tfinger.fingerId == FingerId)
            out.push_back({PointerEvent::Move, e.tfinger.x * width, e.tfinger.y * height, now});
        break;
    case SDL_FINGERUP:
        if (FingerDown && e.tfinger.fingerId == FingerId) {
            FingerDown = false;
            out.push_back({PointerEvent::Up, e.tfinger.x * width, e.tfinger.y * height, now});
        }
        break;
    case SDL_KEYDOWN: {
        const bool ctrl = (e.key.keysym.mod & KMOD_CTRL) != 0, alt = (e.key.keysym.mod & KMOD_ALT) != 0;
        // The usual ways out of a desktop program all mean "quit"; kiosk mode then ignores them.
        if ((ctrl && (e.key.keysym.sym == SDLK_q || e.key.keysym.sym == SDLK_w)) || (alt && e.key.keysym.sym == SDLK_F4))
            key = KeyAction::Quit;
        else if (e.key.keysym.sym == SDLK_TAB && (e.key.keysym.mod & KMOD_SHIFT))
            key = KeyAction::FocusPrevious;
        else
            key = KeyByName(SDL_GetKeyName(e.key.keysym.sym));
        break;
    }
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE) key = KeyAction::Quit;
        break;
    case SDL_QUIT: key = KeyAction::Quit; break;
    default: break;
    }
}

} // namespace ess
