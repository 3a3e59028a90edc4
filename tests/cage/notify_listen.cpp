// A stand-in for systemd's notification socket: prints each message it receives (READY=1,
// WATCHDOG=1) on a line, with the milliseconds since it started, until SECONDS have passed.
// Usage: notify-listen SOCKET_PATH SECONDS   (then run the kiosk with NOTIFY_SOCKET=SOCKET_PATH)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: notify-listen SOCKET_PATH SECONDS\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const double seconds = std::atof(argv[2]);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, argv[1], sizeof address.sun_path - 1);
    unlink(argv[1]);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::perror(argv[1]);
        return 1;
    }
    chmod(argv[1], 0666); // the kiosk may run as another user
    std::printf("listening\n");
    std::fflush(stdout);
    for (;;) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (elapsed >= seconds) break;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, int((seconds - elapsed) * 1000) + 1) <= 0) continue;
        char message[4096];
        const ssize_t n = recv(fd, message, sizeof message - 1, 0);
        if (n <= 0) continue;
        message[n] = '\0';
        for (char* c = message; *c; c++)
            if (*c == '\n') *c = ' ';
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::printf("%.0f ms: %s\n", ms, message);
        std::fflush(stdout);
    }
    unlink(argv[1]);
    return 0;
}
