// Noticing the compositor going away (see WatchDisplay in platform.h). Apart from platform.cpp:
// SDL_syswm.h brings X11's headers and their macros (None, Status) along.
#include "platform/platform.h" // first: X11's macros below would break its enums

#include <cstdio>
#include <thread>

#include <poll.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_syswm.h>
#include <wayland-client.h>

namespace ess {

// A thread that waits for the compositor's socket to hang up, or for CloseDisplay to say stop.
struct DisplayWatch {
    int Stop[2] = {-1, -1}; // a pipe: CloseDisplay writes to wake the thread
    std::thread Thread;
};

void WatchDisplay(Display& d)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (d.Watch || !SDL_GetWindowWMInfo(d.Window, &info) || info.subsystem != SDL_SYSWM_WAYLAND) return;
    const int fd = wl_display_get_fd(info.info.wl.display);
    auto* watch = new DisplayWatch;
    if (pipe(watch->Stop) != 0) {
        delete watch;
        return;
    }
    watch->Thread = std::thread([fd, stop = watch->Stop[0]] {
        for (;;) {
            pollfd fds[2] = {{fd, 0, 0}, {stop, POLLIN, 0}}; // no events asked: hang-ups are always reported
            if (poll(fds, 2, -1) < 0) continue;
            if (fds[1].revents) return;
            if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
                static const char message[] =
                    "ess-kiosk: the display is gone (the compositor's connection hung up): exiting with status 3\n";
                [[maybe_unused]] ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
                _exit(3); // as a SIGKILL would: every ballot shown as counted is already on disk
            }
        }
    });
    d.Watch = watch;
}

void StopWatchingDisplay(Display& d)
{
    if (!d.Watch) return;
    [[maybe_unused]] ssize_t ignored = write(d.Watch->Stop[1], "x", 1);
    d.Watch->Thread.join();
    close(d.Watch->Stop[0]);
    close(d.Watch->Stop[1]);
    delete d.Watch;
    d.Watch = nullptr;
}

} // namespace ess
