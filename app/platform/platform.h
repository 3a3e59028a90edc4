// The only SDL code: window and renderer, textures, screenshots, and translation of SDL's
// mouse, finger and key events into the kiosk's own pointer events and key actions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/ballot.h"
#include "core/navigation.h"
#include "core/gestures.h"
#include "core/navigation.h"

struct SDL_Window;
struct SDL_Renderer;
union SDL_Event;

namespace ess {

struct Images;
struct DecodedImage;

struct RunOptions {
    std::string ContentDir;
    std::string AssetsDir;
    std::string DatabasePath;
    bool Kiosk = false;    // fullscreen
    bool Headless = false; // SDL dummy video driver, virtual clock, input from ScriptFile
    std::string ScriptFile;
    std::string ScreenshotDir;
    int Width = 1920, Height = 1080;
    float Dpi = 92;      // a 24" full-HD panel
    std::string KioskId; // recorded with each ballot (default: the host name)
    BallotRules Rules;
    double IdleSeconds = 90;       // without a touch, back to the welcome screen (unconfirmed choices dropped)
    std::string ExportDir;         // where organisers export (a USB stick); default: <data folder>/exports
    std::string PinFile;           // organiser PIN hash; default: <data folder>/organiser.pin
    bool TestRefuseWrites = false; // tests only: the database refuses every write
    double CountdownSeconds = 10;  // "Vous êtes toujours là ?" counts down this long
    int VisitMonths = 25;          // the visit log keeps a visit this long (months), then purges it
    std::string PinHash;           // from the configuration; empty: read PinFile
    int Display = 0;               // screen index for fullscreen
    // Monkey test: this many seeded random events instead of a script (headless).
    long long MonkeyEvents = 0;
    unsigned MonkeySeed = 1;
    double MonkeyHours = 0; // simulated time the events are spread over (soak); 0: as fast as they come
    // Benchmarks (kiosk/bench): frames timed per screen (headless), or taps timed to the present.
    int BenchFrames = 0;
    int BenchInput = 0;
    // The results wall: read-only, its figures from CentralUrl when set (an organiser's
    // connection), else from DatabasePath (a kiosk's file or a merge).
    bool Wall = false;
    // --central, else the configuration's [central] url: the central server's libpq connection
    // string (holds a password: never print it whole); empty: no central server.
    std::string CentralUrl;
    std::string AppVersion = "unknown"; // the software's version (the commit), for the heartbeat
    Access AccessDefaults;              // [accessibility]: the panel's settings when a visit starts
    std::string Language;               // [visit] language: the code a visit starts in; empty: French
    // Reading aloud, for tests without a sound card: each utterance as a line "LANG<TAB>TEXT",
    // and every synthesised sample as a WAV file (app/session/speech.h). Empty: none.
    std::string SpeechLog;
    std::string SpeechWav;
};

// Runs the kiosk; returns the process exit status.
int RunKiosk(const RunOptions& options);

struct DisplayWatch;

struct Display {
    SDL_Window* Window = nullptr;
    SDL_Renderer* Renderer = nullptr;
    int Width = 0, Height = 0;     // renderer output, pixels
    DisplayWatch* Watch = nullptr; // see WatchDisplay
};

// SDL's video subsystem and our signal handlers; then the size the renderer will have (so fonts
// can be built meanwhile), then the window and its renderer.
bool StartVideo(const RunOptions& options, std::string& error);
void PredictOutputSize(const RunOptions& options, int& width, int& height);
bool OpenDisplay(const RunOptions& options, Display& display, std::string& error);
// The video driver SDL started with is `name` ("dummy", "x11", "wayland").
bool VideoDriverIs(const char* name);
void CloseDisplay(Display& display);
// Ends the process with status 3 within a second of the compositor going away (its socket
// hung up): SDL 2.26 then spins inside SDL_RenderPresent for ever, ignoring signals. The service
// (Restart=always) starts the compositor and the kiosk again. Wayland only: on X11, Xlib exits
// by itself when its server is gone. CloseDisplay stops the watch first.
void WatchDisplay(Display& display);
void StopWatchingDisplay(Display& display);

// Makes a texture of each decoded picture (startup.h) and frees its pixels; an unreadable one
// is left out (screens draw a neutral placeholder).
void UploadImages(SDL_Renderer* renderer, std::vector<DecodedImage>& decoded, Images& images);
void FreeImages(Images& images);

// Writes what the renderer currently holds (before present) to a PNG.
bool SaveScreenshot(SDL_Renderer* renderer, int width, int height, const std::string& path, std::string& error);

// One SDL event into pointer events (first finger or left mouse button only: other fingers
// and buttons are ignored, so pinches and right-clicks do nothing) or a key action.
class InputTranslator {
public:
    float MouseScale = 1; // renderer pixels per window coordinate (high-DPI screens)
    void Translate(const SDL_Event& event, int width, int height, double now, std::vector<PointerEvent>& out, KeyAction& key,
                   float& wheel);

private:
    bool FingerDown = false;
    long long FingerId = 0;
};

// The stop signal received (SIGTERM from systemd, Ctrl+C), or 0.
int StopSignal();

} // namespace ess
