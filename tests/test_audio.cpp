// The sound device speech is played on, on SDL's dummy driver (no sound card): it pulls the
// samples at the pace of real time, and an engine without espeak-ng opens nothing.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "platform/audio.h"
#include "session/speech.h"

#include "temp_dir.h"

using namespace ess;

TEST_CASE("audio: the dummy device plays an utterance at the pace of real time, then silence")
{
    Speech speech(SpeechSettings{});
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    AudioOutput sound;
    std::string why;
    REQUIRE_MESSAGE(OpenAudio(speech, true, sound, why), why);
    const auto start = std::chrono::steady_clock::now();
    speech.Say("fr", "Bonjour à tous."); // about 0.7 s
    while (speech.Speaking() && std::chrono::steady_clock::now() - start < std::chrono::seconds(5))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK_FALSE(speech.Speaking());
    CHECK(seconds > 0.4); // played, not dropped
    CHECK(seconds < 4);
    CHECK(speech.LastLatencyMs() >= 0);
    // A new sentence interrupts, and Stop silences what the device has not yet taken.
    speech.Say("fr", "Quels leviers pour agir ? Choisissez jusqu'à trois leviers.");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(speech.Speaking());
    speech.Stop();
    for (int i = 0; i < 200 && speech.Speaking(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK_FALSE(speech.Speaking());
    CloseAudio(sound);
    CHECK(sound.Device == 0);
}

TEST_CASE("audio: speech without espeak-ng opens no device, and says why")
{
    TempDir dir("audio-missing");
    SpeechSettings settings;
    settings.DataPath = dir / "nothing";
    Speech speech(settings);
    AudioOutput sound;
    std::string why;
    CHECK_FALSE(OpenAudio(speech, true, sound, why));
    CHECK(sound.Device == 0);
    CHECK(why.find("espeak-ng-data") != std::string::npos);
}
