# What `cmake --install build` puts on a kiosk machine: the two executables, the content and
# assets, the systemd unit and the documentation. kiosk/install uses the prefix /usr/local.
#
#   <prefix>/bin/ess-kiosk, <prefix>/bin/ess-tally
#   <prefix>/share/ess-kiosk/content/, <prefix>/share/ess-kiosk/assets/
#   <prefix>/lib/systemd/system/ess-kiosk.service   (systemd reads /usr/local/lib/systemd/system)
#   <prefix>/share/doc/ess-kiosk/ess-kiosk.toml      (the annotated example configuration)
#   <prefix>/share/doc/ess-kiosk/GUIDE.md
#
# Literal folder names rather than GNUInstallDirs: the apps look for share/ess-kiosk by that
# name, and systemd for lib/systemd/system, whatever a multiarch libdir would say.

install(TARGETS ess-kiosk ess-tally RUNTIME DESTINATION bin)
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/content ${CMAKE_CURRENT_SOURCE_DIR}/assets
        DESTINATION share/ess-kiosk)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/kiosk/ess-kiosk.toml ${CMAKE_CURRENT_SOURCE_DIR}/kiosk/GUIDE.md
        DESTINATION share/doc/ess-kiosk)

# The unit names /usr/local paths; a different prefix (--prefix at install time, DESTDIR
# excluded) is written into it as it is installed, so the unit always runs what sits next to it.
install(CODE "set(ess_unit_source \"${CMAKE_CURRENT_SOURCE_DIR}/kiosk/ess-kiosk.service\")
set(ess_unit_work \"${CMAKE_CURRENT_BINARY_DIR}/kiosk-unit\")")
install(CODE [[
    file(READ "${ess_unit_source}" ess_unit)
    string(REPLACE "/usr/local/" "${CMAKE_INSTALL_PREFIX}/" ess_unit "${ess_unit}")
    # One file per prefix, so two installs at once (tests, a real install) never share it; its
    # date changes only with its text, so a re-install reports the unit "Up-to-date".
    string(MD5 ess_unit_key "${CMAKE_INSTALL_PREFIX}")
    set(ess_unit_file "${ess_unit_work}/${ess_unit_key}/ess-kiosk.service")
    file(WRITE "${ess_unit_file}.new" "${ess_unit}")
    file(COPY_FILE "${ess_unit_file}.new" "${ess_unit_file}" ONLY_IF_DIFFERENT)
    file(REMOVE "${ess_unit_file}.new")
    file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system" TYPE FILE FILES "${ess_unit_file}")
]])
