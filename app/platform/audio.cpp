// The sound device speech is played on (see audio.h).
#include "platform/audio.h"

#include <cstring>

#include <SDL.h>

#include "session/speech.h"

namespace ess {

namespace {

// ~23 ms at 22050 Hz: a touch silences the old sentence within that, and SDL's thread wakes
// about 43 times a second while the device is open.
constexpr Uint16 kDeviceSamples = 512;

// SDL's audio thread: never waits for synthesis (Pull() copies what is ready).
void FillFromSpeech(void* user, Uint8* stream, int length)
{
    Speech* speech = static_cast<Speech*>(user);
    int16_t* out = reinterpret_cast<int16_t*>(stream);
    const size_t count = size_t(length) / sizeof(int16_t);
    const size_t pulled = speech->Pull(out, count);
    std::memset(out + pulled, 0, (count - pulled) * sizeof(int16_t));
}

} // namespace

bool OpenAudio(Speech& speech, bool dummy, AudioOutput& out, std::string& error)
{
    out = {};
    if (!speech.Available()) {
        error = "speech unavailable: " + speech.Error();
        return false;
    }
    if (dummy) SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error = std::string("cannot start SDL audio: ") + SDL_GetError();
        return false;
    }
    SDL_AudioSpec want{}, have{};
    want.freq = speech.SampleRate();
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = kDeviceSamples;
    want.callback = FillFromSpeech;
    want.userdata = &speech;
    // No changes allowed: SDL converts to whatever the card takes, the callback always gets
    // espeak-ng's own format.
    out.Device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (out.Device == 0) {
        error = std::string("cannot open a sound device (") + SDL_GetError() + ")";
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return false;
    }
    SDL_PauseAudioDevice(out.Device, 0);
    return true;
}

void CloseAudio(AudioOutput& out)
{
    if (out.Device == 0) return;
    SDL_CloseAudioDevice(out.Device);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    out = {};
}

} // namespace ess
