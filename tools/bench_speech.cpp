// ess-bench-speech: the reading-aloud figures (issue #13) on this machine. For every lever of
// content/agir.toml, with its axis's title and brakes, said in French: the time from Say() to the first
// sample ready for the sound device, synthesis speed (seconds of audio per second of CPU), and
// the resident memory espeak-ng adds. No sound card needed: the samples are pulled here.
// Usage: ess-bench-speech [CONTENT_DIR]   (default: the source tree's content/)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "content/loader.h"
#include "session/speech.h"

namespace {

long ResidentKiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

double ProcessCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + t.tv_nsec / 1e9;
}

// Pulls as the audio callback would, but without waiting for real time; returns the samples.
size_t PullAll(ess::Speech& speech)
{
    int16_t block[512];
    size_t total = 0;
    for (;;) {
        const size_t n = speech.Pull(block, 512);
        total += n;
        if (n == 0) {
            if (!speech.Speaking()) return total;
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    const std::string dir = argc > 1 ? argv[1] : ESS_SOURCE_DIR "/content";
    ess::ContentLoad load = ess::LoadContent(dir, ESS_SOURCE_DIR "/assets");
    if (!load.Usable()) {
        std::fprintf(stderr, "ess-bench-speech: cannot load %s\n", dir.c_str());
        return 1;
    }
    std::vector<std::string> texts;
    for (const ess::Axis& axis : load.Data.Act.Axes) {
        texts.push_back(axis.Title);
        for (const std::string& brake : axis.Brakes) texts.push_back(brake);
        for (const ess::Lever& lever : axis.Levers) texts.push_back(lever.Text);
    }

    const long before = ResidentKiB();
    const auto start = std::chrono::steady_clock::now();
    ess::Speech speech(ess::SpeechSettings{});
    if (!speech.Available()) {
        std::fprintf(stderr, "ess-bench-speech: %s\n", speech.Error().c_str());
        return 1;
    }
    const double start_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const long started = ResidentKiB();

    std::vector<double> latency;
    size_t samples = 0;
    const double cpu_before = ProcessCpuSeconds();
    for (const std::string& text : texts) {
        speech.Say("fr", text);
        samples += PullAll(speech);
        latency.push_back(speech.LastLatencyMs());
    }
    const double cpu = ProcessCpuSeconds() - cpu_before;
    const long after = ResidentKiB();

    std::sort(latency.begin(), latency.end());
    const double audio = double(samples) / speech.SampleRate();
    std::printf("speech_start_ms %.1f\n", start_ms);
    std::printf("speech_first_sample_ms median %.2f min %.2f max %.2f (%zu French sentences)\n", latency[latency.size() / 2],
                latency.front(), latency.back(), latency.size());
    std::printf("speech_synthesis %.1f s of audio in %.3f s of CPU: %.0f× real time\n", audio, cpu, audio / cpu);
    std::printf("speech_rss_kib before %ld, started %ld (+%ld), after speaking %ld (+%ld)\n", before, started, started - before,
                after, after - before);
    return 0;
}
