# Cross-compiling toolchain for 64-bit Windows with Debian's MinGW-w64 (gcc-mingw-w64-x86-64).
# Programs built with it run on Linux under Wine through CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(LISTAPPS_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${LISTAPPS_MINGW_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${LISTAPPS_MINGW_TRIPLET}-g++)
set(CMAKE_RC_COMPILER ${LISTAPPS_MINGW_TRIPLET}-windres)
set(PKG_CONFIG_EXECUTABLE ${LISTAPPS_MINGW_TRIPLET}-pkg-config CACHE FILEPATH "pkg-config for the target")

# Dependency prefixes (our Check build) must be in the find root, or find_package re-roots them
# under the sysroot and misses them. CMAKE_PREFIX_PATH entries are added here for that reason.
set(CMAKE_FIND_ROOT_PATH /usr/${LISTAPPS_MINGW_TRIPLET} ${CMAKE_PREFIX_PATH})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(LISTAPPS_WINE NAMES wine wine64)
if(LISTAPPS_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LISTAPPS_WINE})
endif()
