// Reading aloud (issue #13): espeak-ng synthesises on a worker thread of its own, the audio
// callback pulls the samples, and a new utterance interrupts the one before. No SDL here: the
// platform layer opens the sound device and calls Pull(); the session decides what to say.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ess {

struct SpeechSettings {
    std::string DataPath; // espeak-ng-data folder (or the folder holding it); empty: espeak-ng's own
    std::string LogPath;  // --speech-log: each utterance as "LANG\tTEXT", flushed per line; empty: none
    std::string WavPath;  // --speech-wav: every synthesised sample (PCM 16-bit mono, before volume); empty: none
    // Something pulls the samples (a sound device): they are kept for Pull(). Without, speech is
    // only logged, and synthesised for WavPath when one is given.
    bool Audio = true;
};

// What was said last, as the speech log has it (markers stripped, one line).
struct Utterance {
    std::string Language; // "fr", "en"
    std::string Text;
};

// Say(), Stop(), Repeat() and the setters are the UI thread's; Pull() is the audio callback's;
// only the worker calls espeak-ng (it is not thread-safe). One Speech at a time per process.
class Speech {
public:
    static constexpr int kSteps = 5;       // volume and rate go from 1 to kSteps
    static constexpr int kDefaultStep = 3; // the middle: espeak-ng's own level, 180 words a minute

    explicit Speech(const SpeechSettings& settings);
    // Cancels what is being said and joins the worker (within one synthesis buffer, ~20 ms of audio).
    ~Speech();
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    // espeak-ng started with both voices. Waits for the worker's start-up (a few ms) the first time.
    bool Available() const;
    // Why not, naming what to install; empty when available.
    const std::string& Error() const;
    // espeak-ng's sample rate (22050 Hz for its own voices); 0 when unavailable.
    int SampleRate() const;

    // Says `text` in `language` ("fr" or "en"), interrupting whatever is being said or waits
    // to be. **bold** markers are dropped, line breaks become spaces. Returns at once; the log
    // line is written now, also when espeak-ng is unavailable.
    void Say(const std::string& language, const std::string& text);
    // Silence now: what is being said and what waits to be played are dropped.
    void Stop();
    // Says the last utterance again (and logs it again); nothing when nothing was said.
    void Repeat();
    // Volume and rate in steps 1..kSteps (held to that range); they apply from the next sample
    // played (volume) and the next utterance (rate).
    void SetVolume(int step);
    void SetRate(int step);
    int Volume() const;
    int Rate() const;
    static int WordsPerMinute(int rate_step);

    // The audio callback's side: copies up to `count` samples of the current utterance at the
    // current volume, returns how many (the caller fills the rest with silence). Never waits for
    // synthesis and never allocates.
    size_t Pull(int16_t* out, size_t count);

    // Samples are waiting to be pulled, or an utterance is being synthesised or waits to be.
    bool Speaking() const;
    // From the last Say() or Repeat() to its first sample ready for Pull(), in milliseconds;
    // negative until one has come.
    double LastLatencyMs() const;
    // The last utterance said (empty before any).
    Utterance LastSaid() const;

    // No sound device after all (it could not be opened): samples are no longer kept.
    void SetAudio(bool audio);

    // espeak-ng's synthesis callback (speech.cpp); not for callers.
    int OnSamples(const short* samples, int count, unsigned generation);

private:
    using Steady = std::chrono::steady_clock;
    void Run();   // the worker: starts espeak-ng, then synthesises requests until told to stop
    bool Start(); // on the worker: espeak-ng and the voices; false with InitError set
    void Synthesize(const Utterance& what, unsigned generation);
    void Enqueue(const Utterance& what); // under Lock
    void Drop();                         // under Lock: the ring emptied, the utterance under way abandoned
    void WriteLog(const Utterance& what);
    void WaitStarted() const;

    const SpeechSettings Settings;
    FILE* Log = nullptr; // the UI thread's (Say, Repeat)
    FILE* Wav = nullptr; // the worker's
    uint32_t WavSamples = 0;
    std::string VoiceLanguage; // the worker's: the voice espeak-ng has now

    mutable std::mutex Lock;
    mutable std::condition_variable Changed; // a request, a stop, space in the ring, the start-up's end
    bool Started = false, Ok = false;        // start-up finished; espeak-ng usable
    std::string InitError;
    int SampleRateHz = 0;
    bool Stopping = false;
    bool Pending = false;      // Request waits for the worker
    bool Synthesising = false; // the worker is in espeak_ng_Synthesize
    bool KeepSamples = true;
    Utterance Request, Last;
    unsigned Generation = 0; // one per Say()/Repeat()/Stop(): older samples are refused
    Steady::time_point SaidAt{};
    bool FirstSampleSeen = true;
    double LatencyMs = -1;
    int VolumeStep = kDefaultStep, RateStep = kDefaultStep;
    std::set<std::string> Unknown; // languages without a voice, said once each
    // The samples between synthesis and the sound device: a ring written by the worker and read
    // by Pull(); the counters only grow (index = counter % size).
    std::vector<int16_t> Ring;
    uint64_t Written = 0, Read = 0;

    std::thread Worker;
};

// The text as it is spoken and logged: **markers** removed, line breaks and tabs made spaces.
std::string SpokenText(const std::string& text);

} // namespace ess
