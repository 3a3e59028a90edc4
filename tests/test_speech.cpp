// Reading aloud without a sound card: espeak-ng's samples pulled as the audio callback would,
// interruptions, the speech log, volume and rate, the WAV file, and a missing voice data folder.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "session/speech.h"

#include "temp_dir.h"

using namespace ess;

namespace {

const char* kFrench = "Quels leviers pour agir ? Choisissez jusqu'à trois leviers.";
const char* kEnglish = "Which levers would you pull? Choose up to three levers.";
// About twenty seconds of speech: still being synthesised or played when it is interrupted.
const char* kLong = "Après avoir construit des scénarios de futurs souhaitables, les membres et partenaires du RTES ont pu, "
                    "à l'occasion d'ateliers collaboratifs organisés le 4 mai 2022 pour les 20 ans du RTES, identifier les "
                    "freins et leviers dont pourraient se saisir les collectivités pour accompagner leur territoire dans les "
                    "quatre mutations. Les réflexions se sont structurées autour de trois axes. Ces freins et leviers sont "
                    "présentés pour chacun des trois axes mentionnés ci-dessus.";

// Pulls `at_most` samples (all when 0) in blocks of 512 as the audio callback would, without
// waiting for real time, until nothing is left and nothing is being synthesised.
std::vector<int16_t> PullAll(Speech& speech, size_t at_most = 0)
{
    std::vector<int16_t> all;
    int16_t block[512];
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < give_up) {
        const size_t want = at_most ? std::min(sizeof block / 2, at_most - all.size()) : sizeof block / 2;
        const size_t n = speech.Pull(block, want);
        all.insert(all.end(), block, block + n);
        if (at_most && all.size() >= at_most) break;
        if (n == 0) {
            if (!speech.Speaking()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    return all;
}

double Rms(const std::vector<int16_t>& samples)
{
    double sum = 0;
    for (int16_t s : samples) sum += double(s) * s;
    return samples.empty() ? 0 : std::sqrt(sum / double(samples.size()));
}

double Seconds(const Speech& speech, const std::vector<int16_t>& samples)
{
    return double(samples.size()) / speech.SampleRate();
}

std::string ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

uint32_t U32(const std::string& bytes, size_t at)
{
    return uint32_t(uint8_t(bytes[at])) | uint32_t(uint8_t(bytes[at + 1])) << 8 | uint32_t(uint8_t(bytes[at + 2])) << 16 |
           uint32_t(uint8_t(bytes[at + 3])) << 24;
}

} // namespace

TEST_CASE("speech: a French sentence becomes two to eight seconds of audible samples")
{
    Speech speech(SpeechSettings{});
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    CHECK(speech.Error().empty());
    CHECK(speech.SampleRate() == 22050);
    CHECK_FALSE(speech.Speaking());
    speech.Say("fr", kFrench);
    CHECK(speech.Speaking()); // at once, before the worker has even looked
    const std::vector<int16_t> samples = PullAll(speech);
    CHECK(Seconds(speech, samples) > 1.5);
    CHECK(Seconds(speech, samples) < 8);
    CHECK(Rms(samples) > 500);
    CHECK_FALSE(speech.Speaking());
    CHECK(speech.LastLatencyMs() >= 0);
    CHECK(speech.LastLatencyMs() < 1000);
    CHECK(speech.LastSaid().Language == "fr");
    CHECK(speech.LastSaid().Text == kFrench);
}

TEST_CASE("speech: an English sentence with the English voice")
{
    Speech speech(SpeechSettings{});
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    speech.Say("en", kEnglish);
    const std::vector<int16_t> english = PullAll(speech);
    CHECK(Seconds(speech, english) > 1.5);
    CHECK(Seconds(speech, english) < 8);
    CHECK(Rms(english) > 500);
    // The same words read by the French voice do not sound (nor last) the same.
    speech.Say("fr", kEnglish);
    const std::vector<int16_t> french = PullAll(speech);
    CHECK(french.size() != english.size());
}

TEST_CASE("speech: a new utterance interrupts the one being said, and nothing of the old one is pulled after")
{
    Speech speech(SpeechSettings{});
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    speech.Say("fr", "Oui.");
    const size_t yes = PullAll(speech).size();
    REQUIRE(yes > 0);
    REQUIRE(yes < size_t(speech.SampleRate())); // under a second

    // Interrupted before it was played at all.
    speech.Say("fr", kLong);
    speech.Say("fr", "Oui.");
    // espeak-ng's "Oui." is not always the same length (±25 %: after a number it keeps ~50 ms
    // more), but the half minute of the long one would be far more.
    const size_t after_at_once = PullAll(speech).size();
    CHECK(after_at_once == doctest::Approx(double(yes)).epsilon(0.3));

    // Interrupted half a second into it, with its samples waiting in the ring.
    speech.Say("fr", kLong);
    REQUIRE(PullAll(speech, size_t(speech.SampleRate()) / 2).size() == size_t(speech.SampleRate()) / 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the worker has filled the ring meanwhile
    speech.Say("fr", "Oui.");
    const size_t after_played = PullAll(speech).size();
    CHECK(after_played == doctest::Approx(double(yes)).epsilon(0.3));
    CHECK(speech.LastSaid().Text == "Oui.");
}

TEST_CASE("speech: Stop silences at once")
{
    Speech speech(SpeechSettings{});
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    speech.Say("fr", kLong);
    REQUIRE(PullAll(speech, 4096).size() == 4096);
    speech.Stop();
    int16_t block[512];
    CHECK(speech.Pull(block, 512) == 0);
    // The worker leaves espeak-ng at its next buffer (20 ms of audio, well under a millisecond here).
    for (int i = 0; i < 1000 && speech.Speaking(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK_FALSE(speech.Speaking());
    CHECK(speech.Pull(block, 512) == 0);
}

TEST_CASE("speech: Repeat says the last utterance again, and the log has each line as the visitor heard it")
{
    TempDir dir("speech-log");
    SpeechSettings settings;
    settings.LogPath = dir / "speech.log";
    Speech speech(settings);
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    speech.Repeat(); // nothing said yet: nothing to repeat, nothing logged
    CHECK_FALSE(speech.Speaking());
    speech.Say("fr", "Les **leviers** :\nchoisissez-en trois.");
    const size_t first = PullAll(speech).size();
    speech.Repeat();
    const size_t again = PullAll(speech).size();
    CHECK(first > 0);
    CHECK(again == doctest::Approx(double(first)).epsilon(0.05));
    speech.Say("en", "**Vote**");
    PullAll(speech);
    CHECK(ReadFile(settings.LogPath) == "fr\tLes leviers : choisissez-en trois.\n"
                                        "fr\tLes leviers : choisissez-en trois.\n"
                                        "en\tVote\n");
    CHECK(speech.LastSaid().Language == "en");
    CHECK(speech.LastSaid().Text == "Vote");
}

TEST_CASE("speech: volume steps change the amplitude, rate steps the duration")
{
    Speech speech(SpeechSettings{});
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    CHECK(speech.Volume() == Speech::kDefaultStep);
    CHECK(speech.Rate() == Speech::kDefaultStep);
    const auto say = [&](int volume, int rate) {
        speech.SetVolume(volume);
        speech.SetRate(rate);
        speech.Say("fr", kFrench);
        return PullAll(speech);
    };
    const std::vector<int16_t> quiet = say(1, 3), normal = say(3, 3), loud = say(5, 3);
    CHECK(Rms(quiet) < 0.35 * Rms(normal));
    CHECK(Rms(loud) > 1.3 * Rms(normal));
    const std::vector<int16_t> slow = say(3, 1), fast = say(3, 5);
    CHECK(double(slow.size()) > 1.3 * double(fast.size()));
    CHECK(slow.size() > normal.size());
    CHECK(fast.size() < normal.size());
    speech.SetVolume(99);
    speech.SetRate(-4);
    CHECK(speech.Volume() == Speech::kSteps);
    CHECK(speech.Rate() == 1);
    CHECK(Speech::WordsPerMinute(1) == 130);
    CHECK(Speech::WordsPerMinute(Speech::kSteps) == 230);
}

TEST_CASE("speech: the WAV file holds every synthesised sample, with a correct header")
{
    TempDir dir("speech-wav");
    SpeechSettings settings;
    settings.WavPath = dir / "speech.wav";
    settings.Audio = false; // no sound device: synthesised for the file only
    size_t samples_expected = 0;
    {
        Speech speech(settings);
        REQUIRE_MESSAGE(speech.Available(), speech.Error());
        speech.Say("fr", kFrench);
        for (int i = 0; i < 5000 && speech.Speaking(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        CHECK_FALSE(speech.Speaking());
        int16_t block[16];
        CHECK(speech.Pull(block, 16) == 0); // nothing kept without a device
        speech.Say("en", kEnglish);
        for (int i = 0; i < 5000 && speech.Speaking(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        samples_expected = size_t(speech.SampleRate()) * 3; // two sentences: at least three seconds
    }
    const std::string wav = ReadFile(settings.WavPath);
    REQUIRE(wav.size() > 44);
    CHECK(wav.substr(0, 4) == "RIFF");
    CHECK(U32(wav, 4) == wav.size() - 8);
    CHECK(wav.substr(8, 8) == "WAVEfmt ");
    CHECK(U32(wav, 16) == 16);
    CHECK(U32(wav, 20) == (1u | 1u << 16)); // PCM, mono
    CHECK(U32(wav, 24) == 22050);
    CHECK(U32(wav, 28) == 44100);
    CHECK(U32(wav, 32) == (2u | 16u << 16)); // 2 bytes a sample, 16 bits
    CHECK(wav.substr(36, 4) == "data");
    CHECK(U32(wav, 40) == wav.size() - 44);
    std::vector<int16_t> samples((wav.size() - 44) / 2);
    std::memcpy(samples.data(), wav.data() + 44, samples.size() * 2);
    CHECK(samples.size() > samples_expected);
    CHECK(Rms(samples) > 500);
}

TEST_CASE("speech: without espeak-ng's data it says what is missing, does not crash, and still logs")
{
    TempDir dir("speech-missing");
    SpeechSettings settings;
    settings.DataPath = dir / "no-such-folder";
    settings.LogPath = dir / "speech.log";
    Speech speech(settings);
    CHECK_FALSE(speech.Available());
    CHECK(speech.Error().find("espeak-ng-data") != std::string::npos);
    CHECK(speech.Error().find("no-such-folder") != std::string::npos);
    CHECK(speech.SampleRate() == 0);
    speech.Say("fr", "**Bonjour**");
    speech.Repeat();
    CHECK_FALSE(speech.Speaking());
    int16_t block[16];
    CHECK(speech.Pull(block, 16) == 0);
    CHECK(speech.LastSaid().Text == "Bonjour");
    CHECK(ReadFile(settings.LogPath) == "fr\tBonjour\nfr\tBonjour\n");
}

TEST_CASE("speech: a language without a voice is logged, not spoken")
{
    TempDir dir("speech-unknown");
    SpeechSettings settings;
    settings.LogPath = dir / "speech.log";
    Speech speech(settings);
    REQUIRE_MESSAGE(speech.Available(), speech.Error());
    speech.Say("de", "Guten Tag");
    CHECK_FALSE(speech.Speaking());
    CHECK(ReadFile(settings.LogPath) == "de\tGuten Tag\n");
}

TEST_CASE("speech: espeak-ng is one per process, so a second engine while the first lives only logs")
{
    {
        Speech speech(SpeechSettings{});
        REQUIRE_MESSAGE(speech.Available(), speech.Error());
        Speech other(SpeechSettings{});
        CHECK_FALSE(other.Available());
        CHECK(other.Error().find("another Speech") != std::string::npos);
        speech.Say("fr", "Oui.");
        CHECK(PullAll(speech).size() > 0);
    }
    // Once it has gone, the next one takes espeak-ng over as it was started (it cannot start twice).
    Speech next(SpeechSettings{});
    REQUIRE_MESSAGE(next.Available(), next.Error());
    next.Say("en", "Yes.");
    CHECK(PullAll(next).size() > 0);
}

TEST_CASE("speech: SpokenText drops bold markers and makes one line")
{
    CHECK(SpokenText("**Agir** ensemble\n\ndès\tmaintenant") == "Agir ensemble  dès maintenant");
    CHECK(SpokenText("") == "");
}
