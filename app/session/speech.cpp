// Reading aloud with espeak-ng on a worker thread (see speech.h): a request slot the UI thread
// fills, a ring of samples the worker fills and the audio callback empties, one generation
// number per utterance so that nothing of an interrupted one is played.
#include "session/speech.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include <espeak-ng/espeak_ng.h>

#include "core/text.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

// The languages the kiosk speaks, and espeak-ng-data's voices for them (Debian 12: "fr" is
// roa/fr, French of France; "en" is gmw/en, British English).
struct VoiceFor {
    const char* Language;
    const char* Voice;
    const char* Name;
};
constexpr VoiceFor kVoices[] = {{"fr", "fr", "French"}, {"en", "en", "English"}};

const VoiceFor* FindVoice(const std::string& language)
{
    for (const VoiceFor& v : kVoices)
        if (language == v.Language) return &v;
    return nullptr;
}

// Volume steps as gains in 1/256: about 6 dB apart below espeak-ng's own level (step 3), less
// above it, where its loudest vowels (0.57 of full scale) reach the top; Pull() saturates.
constexpr int kGain[Speech::kSteps] = {64, 128, 256, 360, 448};
constexpr int kWordsPerMinute[Speech::kSteps] = {130, 155, 180, 205, 230};
constexpr size_t kRingSamples = size_t(1) << 17; // 5.9 s at 22050 Hz: the worker waits when it is full
constexpr int kBufferMs = 20;                    // espeak-ng hands over samples this often (and checks for a stop)

// espeak-ng is one per process, and 1.51 cannot start again once stopped: after
// espeak_ng_Terminate, a second Initialize and Terminate waits for ever on its own thread. So
// it is started once, by the first Speech whose worker needs it, and left to the process's end;
// one Speech at a time uses it (a worker starts only after the last one's has been joined).
struct Engine {
    std::mutex Lock;
    bool InUse = false;
    bool Tried = false;
    espeak_ng_STATUS Status = ENS_OK;
    std::string DataPath; // as it was started (empty: espeak-ng's own)
};
Engine g_engine;

// What espeak-ng hands back to the synthesis callback, so it knows whose samples they are.
struct Job {
    Speech* Owner;
    unsigned Generation;
};

int OnSynthesis(short* samples, int count, espeak_EVENT* events)
{
    if (!events || !events->user_data) return 0;
    const Job* job = static_cast<const Job*>(events->user_data);
    return job->Owner->OnSamples(samples, count, job->Generation);
}

void PutU32(FILE* f, uint32_t v)
{
    const unsigned char b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
    std::fwrite(b, 1, 4, f);
}

void PutU16(FILE* f, uint16_t v)
{
    const unsigned char b[2] = {uint8_t(v), uint8_t(v >> 8)};
    std::fwrite(b, 1, 2, f);
}

// A RIFF header for PCM 16-bit mono; written with zero sizes first, then with the real ones.
void WriteWavHeader(FILE* f, int rate, uint32_t samples)
{
    const uint32_t bytes = samples * 2;
    std::fseek(f, 0, SEEK_SET);
    std::fwrite("RIFF", 1, 4, f);
    PutU32(f, 36 + bytes);
    std::fwrite("WAVEfmt ", 1, 8, f);
    PutU32(f, 16);
    PutU16(f, 1); // PCM
    PutU16(f, 1); // mono
    PutU32(f, uint32_t(rate));
    PutU32(f, uint32_t(rate) * 2);
    PutU16(f, 2);
    PutU16(f, 16);
    std::fwrite("data", 1, 4, f);
    PutU32(f, bytes);
    std::fseek(f, 0, SEEK_END);
    std::fflush(f);
}

} // namespace

std::string SpokenText(const std::string& text)
{
    std::string out = PlainText(text);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

int Speech::WordsPerMinute(int rate_step)
{
    return kWordsPerMinute[std::clamp(rate_step, 1, kSteps) - 1];
}

Speech::Speech(const SpeechSettings& settings) : Settings(settings), KeepSamples(settings.Audio)
{
    if (!Settings.LogPath.empty()) {
        Log = std::fopen(Settings.LogPath.c_str(), "w");
        if (!Log)
            std::fprintf(stderr, "ess-kiosk: speech: cannot write the speech log %s: %s\n", Settings.LogPath.c_str(),
                         std::strerror(errno));
    }
    if (KeepSamples) Ring.assign(kRingSamples, 0);
    Worker = std::thread([this] { Run(); });
}

Speech::~Speech()
{
    {
        std::lock_guard<std::mutex> guard(Lock);
        Stopping = true;
        Generation++; // the synthesis callback refuses what comes next: espeak-ng returns at once
        Changed.notify_all();
    }
    Worker.join();
    if (Wav) {
        WriteWavHeader(Wav, SampleRateHz, WavSamples);
        std::fclose(Wav);
    }
    if (Log) std::fclose(Log);
}

void Speech::WaitStarted() const
{
    std::unique_lock<std::mutex> guard(Lock);
    Changed.wait(guard, [this] { return Started; });
}

bool Speech::Available() const
{
    WaitStarted();
    return Ok; // set once, before Started
}

const std::string& Speech::Error() const
{
    WaitStarted();
    return InitError;
}

int Speech::SampleRate() const
{
    WaitStarted();
    return Ok ? SampleRateHz : 0;
}

void Speech::WriteLog(const Utterance& what)
{
    if (!Log) return;
    std::fprintf(Log, "%s\t%s\n", what.Language.c_str(), what.Text.c_str());
    std::fflush(Log);
}

void Speech::Drop()
{
    Generation++;
    Read = Written;
    Changed.notify_all(); // a worker waiting for room in the ring gives up its utterance
}

void Speech::Enqueue(const Utterance& what)
{
    Drop();
    Pending = false;
    SaidAt = Steady::now();
    FirstSampleSeen = false;
    if (Started && !Ok) return; // said once at start-up: only the log
    if (!FindVoice(what.Language)) {
        if (Unknown.insert(what.Language).second)
            std::fprintf(stderr, "ess-kiosk: speech: no voice for language \"%s\" (fr, en): only logged\n",
                         what.Language.c_str());
        return;
    }
    if (!KeepSamples && Settings.WavPath.empty()) return; // nobody would hear it
    Request = what;
    Pending = true;
    Changed.notify_all();
}

void Speech::Say(const std::string& language, const std::string& text)
{
    Utterance what{language, SpokenText(text)};
    WriteLog(what);
    std::lock_guard<std::mutex> guard(Lock);
    Last = what;
    Enqueue(what);
}

void Speech::Repeat()
{
    Utterance what;
    {
        std::lock_guard<std::mutex> guard(Lock);
        if (Last.Language.empty()) return;
        what = Last;
    }
    WriteLog(what);
    std::lock_guard<std::mutex> guard(Lock);
    Enqueue(what);
}

void Speech::Stop()
{
    std::lock_guard<std::mutex> guard(Lock);
    Drop();
    Pending = false;
}

void Speech::SetVolume(int step)
{
    std::lock_guard<std::mutex> guard(Lock);
    VolumeStep = std::clamp(step, 1, kSteps);
}

void Speech::SetRate(int step)
{
    std::lock_guard<std::mutex> guard(Lock);
    RateStep = std::clamp(step, 1, kSteps);
}

int Speech::Volume() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return VolumeStep;
}

int Speech::Rate() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return RateStep;
}

void Speech::SetAudio(bool audio)
{
    std::lock_guard<std::mutex> guard(Lock);
    KeepSamples = audio && !Ring.empty();
    Read = Written;
    Changed.notify_all();
}

size_t Speech::Pull(int16_t* out, size_t count)
{
    std::lock_guard<std::mutex> guard(Lock);
    const size_t n = size_t(std::min<uint64_t>(count, Written - Read));
    const int gain = kGain[VolumeStep - 1];
    const size_t mask = Ring.size() - 1;
    for (size_t i = 0; i < n; i++) {
        const int v = (int(Ring[size_t(Read + i) & mask]) * gain) / 256;
        out[i] = int16_t(std::clamp(v, -32768, 32767));
    }
    Read += n;
    if (n > 0) Changed.notify_all(); // room in the ring for the worker
    return n;
}

bool Speech::Speaking() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return Pending || Synthesising || Written != Read;
}

double Speech::LastLatencyMs() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return LatencyMs;
}

Utterance Speech::LastSaid() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return Last;
}

// --- the worker ---------------------------------------------------------------------------

bool Speech::Start()
{
    std::lock_guard<std::mutex> engine(g_engine.Lock);
    if (g_engine.InUse) {
        InitError = "espeak-ng is already used by another Speech in this process";
        return false;
    }
    // espeak-ng itself falls back to its own data when the folder it is given has none: a
    // wrong folder is said here instead of being silently replaced.
    if (!Settings.DataPath.empty()) {
        const fs::path given(Settings.DataPath);
        std::error_code ec;
        if (!fs::exists(given / "phontab", ec) && !fs::exists(given / "espeak-ng-data" / "phontab", ec)) {
            InitError = "no espeak-ng data in " + Settings.DataPath + " (no phontab there): install espeak-ng-data";
            return false;
        }
    }
    if (g_engine.Tried && g_engine.DataPath != Settings.DataPath) {
        InitError = "espeak-ng was already started from " + (g_engine.DataPath.empty() ? "its own data" : g_engine.DataPath) +
                    " in this process";
        return false;
    }
    if (!g_engine.Tried) {
        g_engine.Tried = true;
        g_engine.DataPath = Settings.DataPath;
        espeak_ng_InitializePath(Settings.DataPath.empty() ? nullptr : Settings.DataPath.c_str());
        espeak_ng_ERROR_CONTEXT context = nullptr;
        g_engine.Status = espeak_ng_Initialize(&context);
        espeak_ng_ClearErrorContext(&context);
        if (g_engine.Status == ENS_OK)
            g_engine.Status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, kBufferMs, nullptr);
    }
    const char* data = nullptr;
    espeak_Info(&data);
    const std::string where = data ? data : "espeak-ng's data folder";
    if (g_engine.Status != ENS_OK) {
        char message[256] = {};
        espeak_ng_GetStatusCodeMessage(g_engine.Status, message, sizeof message);
        InitError = "espeak-ng could not start from " + where + " (" + message + "): install espeak-ng-data";
        return false;
    }
    espeak_SetSynthCallback(OnSynthesis);
    for (const VoiceFor& v : kVoices)
        if (espeak_ng_SetVoiceByName(v.Voice) != ENS_OK) {
            InitError = std::string("espeak-ng has no voice \"") + v.Voice + "\" (" + v.Name + ") in " + where +
                        ": install espeak-ng-data";
            return false;
        }
    VoiceLanguage = kVoices[std::size(kVoices) - 1].Language;
    SampleRateHz = espeak_ng_GetSampleRate();
    g_engine.InUse = true;
    return true;
}

void Speech::Run()
{
    const bool ok = Start();
    if (!ok)
        std::fprintf(stderr, "ess-kiosk: speech: %s; nothing will be read aloud (--speech-log still logs)\n", InitError.c_str());
    if (ok && !Settings.WavPath.empty()) {
        Wav = std::fopen(Settings.WavPath.c_str(), "wb");
        if (Wav)
            WriteWavHeader(Wav, SampleRateHz, 0);
        else
            std::fprintf(stderr, "ess-kiosk: speech: cannot write %s: %s\n", Settings.WavPath.c_str(), std::strerror(errno));
    }
    {
        std::lock_guard<std::mutex> guard(Lock);
        Started = true;
        Ok = ok;
        if (!ok) Pending = false;
        Changed.notify_all();
    }
    if (!ok) return;
    for (;;) {
        Utterance what;
        unsigned generation = 0;
        int rate = kDefaultStep;
        {
            std::unique_lock<std::mutex> guard(Lock);
            Changed.wait(guard, [this] { return Stopping || Pending; });
            if (Stopping) break;
            what = Request;
            generation = Generation;
            rate = RateStep;
            Pending = false;
            Synthesising = true;
        }
        if (what.Language != VoiceLanguage && espeak_ng_SetVoiceByName(FindVoice(what.Language)->Voice) == ENS_OK)
            VoiceLanguage = what.Language;
        espeak_ng_SetParameter(espeakRATE, WordsPerMinute(rate), 0);
        Job job{this, generation};
        espeak_ng_Synthesize(what.Text.c_str(), what.Text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &job);
        if (Wav) WriteWavHeader(Wav, SampleRateHz, WavSamples); // a valid file after each utterance
        std::lock_guard<std::mutex> guard(Lock);
        Synthesising = false;
    }
    std::lock_guard<std::mutex> engine(g_engine.Lock);
    g_engine.InUse = false;
}

int Speech::OnSamples(const short* samples, int count, unsigned generation)
{
    std::unique_lock<std::mutex> guard(Lock);
    if (Stopping || generation != Generation) return 1; // interrupted: espeak-ng stops this utterance
    if (count <= 0 || !samples) return 0;
    if (KeepSamples) {
        int done = 0;
        while (done < count) {
            Changed.wait(guard,
                         [&] { return Stopping || generation != Generation || !KeepSamples || Written - Read < Ring.size(); });
            if (Stopping || generation != Generation) return 1;
            if (!KeepSamples) break;
            const size_t n = std::min(size_t(count - done), size_t(Ring.size() - (Written - Read)));
            const size_t mask = Ring.size() - 1;
            for (size_t i = 0; i < n; i++) Ring[size_t(Written + i) & mask] = samples[done + int(i)];
            Written += n;
            done += int(n);
            if (!FirstSampleSeen) {
                FirstSampleSeen = true;
                LatencyMs = std::chrono::duration<double, std::milli>(Steady::now() - SaidAt).count();
            }
        }
    } else if (!FirstSampleSeen) {
        FirstSampleSeen = true;
        LatencyMs = std::chrono::duration<double, std::milli>(Steady::now() - SaidAt).count();
    }
    guard.unlock();
    if (Wav) {
        for (int i = 0; i < count; i++) PutU16(Wav, uint16_t(samples[i]));
        WavSamples += uint32_t(count);
    }
    return 0;
}

} // namespace ess
