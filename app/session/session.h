// The visitor session and everything the kiosk does by itself, apart from SDL and ImGui: input
// into gestures and intents, the ballot path (selection, cooldown, rate flag, one ballot per
// session, commit, apology on failure), the idle question and reset, the end of the thanks
// screen, the organiser's PIN lock and actions (export, archive-and-reset, quit), the
// out-of-order state and the figures the screens show. It runs on an injected clock, and is the
// only layer that calls storage for the app. The platform layer feeds it what a finger or a key
// does, and what the screens ask for; scripts, the monkey and the soak use the same entry points.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/ballot.h"
#include "core/content_model.h"
#include "core/figures.h"
#include "core/gestures.h"
#include "core/navigation.h"
#include "session/clock.h"
#include "session/upload_worker.h"
#include "session/visit_recorder.h"
#include "session/visit_writer.h"
#include "session/wall_feed.h"
#include "storage/database.h"

namespace ess {

class Speech; // session/speech.h

struct SessionSettings {
    std::string KioskId;      // recorded with each ballot
    std::string DatabasePath; // the ballots
    std::string ExportDir;    // where organisers export (a USB stick)
    std::string PinHash;      // from the configuration; empty: read PinFile
    std::string PinFile;      // the PIN's salted hash, from `ess-kiosk --set-pin`
    BallotRules Rules;
    double IdleSeconds = 90;       // without a touch, "Vous êtes toujours là ?"
    double CountdownSeconds = 10;  // that question counts down this long
    int VisitMonths = 25;          // the visit log keeps a visit this long (months), then purges it
    bool LockedDown = false;       // --kiosk: the quit keys do nothing, only organiser mode quits
    bool TestRefuseWrites = false; // tests only: the database refuses every write
    std::string CentralUrl;        // [central] url or --central: upload there; empty: this kiosk only
    std::string AppVersion;        // the software's version, for the central server's heartbeat
    Access AccessDefaults;         // the accessibility panel's settings when a visit starts
    int DefaultLanguage = 0;       // the language a visit starts in (0: French)
};

class Session {
public:
    Session(const SessionSettings& settings, Clock& clock);
    // A visit under way when the kiosk stops is recorded as it stands (its ballot is on disk).
    ~Session();

    // What the kiosk shows: the content (null when it could not be loaded: out of order).
    void SetContent(const Content* content);
    // The languages a visitor may choose: the French first, then its translations (same
    // structure, same levers); `default_code` ("en") is where a visit starts. The UI shows
    // ContentShown(), the one the visitor chose.
    void SetLanguages(std::vector<const Content*> languages, const std::string& default_code);
    const Content* ContentShown() const;
    // The screen, for distances a finger travels (tap slop, swipe) and the organiser's corner.
    void SetScreen(float width, float height, float px_per_mm);
    // Opens the ballots' database (moving a damaged one aside). A busy one is tried again.
    void OpenDatabase();
    // The results wall (ess-kiosk --wall): its one screen, its figures from `feed`.
    void ShowWall(WallFeed& feed);
    // Takes what changed by itself (the wall's new figures); true when the screen must be drawn.
    bool Poll();
    // The reading-aloud engine (owned by the platform layer; null: none, as on the wall).
    void SetSpeech(Speech* speech) { Speaker = speech; }
    Speech* Voice() const { return Speaker; }

    // --- what a finger and a key do (the platform layer's translation of its events) ------
    void Pointer(const PointerEvent& event);
    void Key(KeyAction key);
    // A mouse wheel (maintenance with a mouse): the page scrolls `pixels` down.
    void Wheel(float pixels);

    // --- one frame ------------------------------------------------------------------------
    // Timers, then the gestures since the last frame: the frame's tap and press for the screens.
    FrameInput BeginFrame();
    // What the screens asked for during the frame, and how far their page can scroll.
    void EndFrame(const std::vector<Intent>& intents, float scroll_max);
    // The frame's touch targets (every one, also those scrolled out of view) and where its
    // scrolling page shows: the keypad's focus moves through them.
    void SetSpots(std::vector<Spot> spots, float page_top, float page_bottom);
    // The frame's texts, for reading aloud.
    void SetReadings(std::vector<Reading> readings);
    // Where a finished visit goes (the visit writer; tests): called on the UI thread, must not wait.
    void SetVisitSink(std::function<void(Visit)> sink) { VisitSink = std::move(sink); }
    const std::vector<Spot>& Spots() const { return Targets; }
    // The last frame drawn shows the state as it is now (no touch has moved it since).
    bool FrameIsCurrent() const { return ReadingsPlace == PlaceKey(); }
    // Timers only (between frames, while nothing is drawn).
    void Tick();
    // An intent, as a screen would emit it (the benchmark drives the screens with these).
    void Dispatch(const Intent& intent);

    // Something moves by itself (an animation, a finger held down, the attract loop's fade).
    bool NeedsFrames() const;
    // Seconds until something changes by itself; negative when nothing will.
    double NextDeadline() const;

    const KioskState& State() const { return Current; }
    const Figures& Facts() const { return Shown; }
    bool Running() const { return KeepRunning; }
    // Ballots since the visitor session last ended (welcome, thanks): at most one.
    int SessionBallots() const { return BallotsThisSession; }
    double Now() const { return Time.Now(); }
    const std::string& DatabaseError() const { return DbError; }

private:
    void Apply(const Intent& intent);
    void Perform(const Intent& intent); // the intents storage, the PIN or quitting answer
    bool SecretTap(double now);         // true: the tap is the organiser gesture's, not a visitor's
    bool IsSecretCorner(float x, float y) const;
    bool AttractFading(double now) const;
    void MoveFocus(int step);           // to the next (+1) or previous (-1) target in reading order
    void ActivateFocus();               // the focused target, as a finger would touch it
    void ShowFocused(const Spot& spot); // scrolls the page until the target is in view
    // Reading aloud (session_speech.cpp).
    bool Speaking() const; // "Lecture à voix haute" is on and there is a voice
    // In the language shown. `worth_repeating`: "Répéter" says it again (not a button's own description).
    void Say(const std::string& text, bool worth_repeating = true);
    bool ExploreTap(float x, float y); // false: the touch was only to hear what is there
    void SpeakAfterFrame();            // the switch turned, the volume, a new screen to read
    void SayFocused(bool touch);       // the focused (or touched) target's description
    void SayWhereAmI();
    std::string PlaceKey() const; // what arriving somewhere means: screen, part, dialog, language
    std::vector<const Reading*> FirstTexts() const;
    int WallPages() const; // the wall shows one axis of levers per page

    // The ballot path and the figures (session_ballots.cpp).
    void StoreBallot();
    void RefreshFigures();
    // The visit writer on the current file; each visit it stores nudges the upload worker.
    void StartVisitWriter();
    void RefreshHealth();
    void RefreshUpload();
    void RefreshVisits();
    std::string ReadPinHash() const;
    // Organiser mode (session_organiser.cpp).
    void SubmitPin();
    void ExportResults();
    void ArchiveAndReset();

    SessionSettings Settings;
    Clock& Time;
    const Content* Data = nullptr;
    std::vector<const Content*> Languages; // [0] is Data
    KioskState Current;
    GestureRecognizer Recognizer;
    Figures Shown;
    Database Db;
    std::string DbError;   // the last failure to open, said once
    double DbRetryAt = -1; // when to try a busy database again
    BallotPace Pace;
    PinLock Lock;
    SecretTaps Corner;
    std::string PinHash;
    float Width = 0, Height = 0, PxPerMm = 1;
    double LastInput = 0;
    bool SwallowTouch = false; // the touch that answered the idle question, up to its release
    bool QuitRefusedLogged = false;
    bool KeepRunning = true;
    int BallotsThisSession = 0;
    float ScrollMax = 0;
    std::vector<Spot> Targets;         // the last frame's touch targets
    float PageTop = 0, PageBottom = 0; // the last frame's scrolling page
    std::vector<Reading> Readings;     // the last frame's texts
    VisitRecorder Recorder;            // the visit under way (issue #14)
    std::function<void(Visit)> VisitSink;
    void ObserveVisit();
    FocusMark Armed;                // explore by touch: the target a first touch described
    std::string LastWorthRepeating; // what "Répéter" says again
    std::string Announced;          // the place speech last read on arriving
    std::string ReadingsPlace;      // where the frame of Readings was (a tap may have left it since)
    Access Spoken;                  // the accessibility settings speech last followed
    bool PendingTap = false;        // a key activated a target: its tap comes with the next frame
    int SayAgainIn = 0;             // frames until speech says the activated target's new state
    float PendingX = 0, PendingY = 0;
    WallFeed* Feed = nullptr;
    Speech* Speaker = nullptr;
    std::unique_ptr<UploadWorker> Uploader; // with a central server, once the database has opened
    std::unique_ptr<VisitWriter> VisitsOut; // the visit log, written on its own thread, once the database has opened
    bool VisitLostSaid = false;
    double UploadShownAt = -1; // when organiser mode last read the upload's state
};

} // namespace ess
