# Cross-building for Raspberry Pi OS Bookworm (Debian 12 arm64) with Debian's multiarch: the
# cross compilers of crossbuild-essential-arm64 and the :arm64 -dev packages (kiosk/test-arm64
# installs both). Programs built here run under qemu-user-static (ctest and doctest's test
# discovery use it through CMAKE_CROSSCOMPILING_EMULATOR).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
# pkg-config answers for arm64 only: the multiarch .pc files, then the architecture-free ones.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
