cmake_minimum_required(VERSION 3.16)
# Installs the built listapps into a scratch prefix and builds examples/print_apps.c against it
# as outside projects would, then runs each build:
#   1. CMake, find_package(listapps): the static library;
#   2. CMake, find_package(listapps) with LISTAPPS_SHARED: the DLL (copied beside the exe);
#   3. pkg-config --static: the static library;
#   4. pkg-config: the DLL's import library.
# Run with cmake -P; every step must pass.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

# A consumer of the DLL must not start without it: proof that it links the DLL.
function(expect_needs_dll what exe)
  execute_process(COMMAND ${EMULATOR} "${exe}" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${what}: ran without listapps.dll, so it does not link the DLL")
  endif()
endfunction()

# Runs a consumer and checks it printed the library's version line.
function(run_consumer what exe)
  run_step("${what}: running" ${EMULATOR} "${exe}")
  if(NOT step_output MATCHES "apps \\(listapps [0-9]+\\.[0-9]+\\.[0-9]+\\)")
    message(FATAL_ERROR "${what}: unexpected output:\n${step_output}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

run_step("cmake --install" "${CMAKE_COMMAND}" --install "${LISTAPPS_BUILD_DIR}" --prefix "${prefix}"
         --config Debug)
foreach(required bin/listapps.exe bin/listapps.dll lib/liblistapps.a lib/liblistapps.dll.a
        include/listapps.h lib/cmake/listapps/listappsConfig.cmake
        lib/cmake/listapps/listappsConfigVersion.cmake lib/pkgconfig/listapps.pc
        share/doc/listapps/README.md share/doc/listapps/LICENSE share/doc/listapps/docs/listapps.md)
  if(NOT EXISTS "${prefix}/${required}")
    message(FATAL_ERROR "the install tree lacks ${required}")
  endif()
endforeach()

set(toolchain_arg "")
if(TOOLCHAIN)
  set(toolchain_arg "-DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}")
endif()
foreach(flavour static shared)
  set(shared OFF)
  if(flavour STREQUAL "shared")
    set(shared ON)
  endif()
  set(build "${WORK_DIR}/cmake-${flavour}")
  run_step("configuring the ${flavour} consumer" "${CMAKE_COMMAND}" -S "${LISTAPPS_SOURCE_DIR}/examples"
           -B "${build}" ${toolchain_arg} "-DCMAKE_PREFIX_PATH=${prefix}" "-DLISTAPPS_SHARED=${shared}")
  run_step("building the ${flavour} consumer" "${CMAKE_COMMAND}" --build "${build}"
           --target example_print_apps)
  file(GLOB_RECURSE exe "${build}/example_print_apps.exe")
  list(GET exe 0 exe)
  get_filename_component(exe_dir "${exe}" DIRECTORY)
  if(shared)
    expect_needs_dll("find_package, ${flavour}" "${exe}")
    file(COPY "${prefix}/bin/listapps.dll" DESTINATION "${exe_dir}")
  endif()
  run_consumer("find_package, ${flavour}" "${exe}")
endforeach()

# pkg-config, as a Makefile would use it: the target's compiler and pkg-config.
find_program(PKG_CONFIG NAMES x86_64-w64-mingw32-pkg-config pkg-config pkgconf REQUIRED)
set(ENV{PKG_CONFIG_LIBDIR} "${prefix}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
foreach(flavour static shared)
  set(dir "${WORK_DIR}/pkg-config-${flavour}")
  file(MAKE_DIRECTORY "${dir}")
  set(static_flags "")
  if(flavour STREQUAL "static")
    set(static_flags --static)
  endif()
  run_step("pkg-config" "${PKG_CONFIG}" --cflags --libs ${static_flags} listapps)
  string(STRIP "${step_output}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  if(flavour STREQUAL "static")
    list(APPEND flags -static)
  endif()
  run_step("compiling with pkg-config (${flavour})" "${C_COMPILER}"
           "${LISTAPPS_SOURCE_DIR}/examples/print_apps.c" -o "${dir}/print_apps.exe" ${flags})
  if(flavour STREQUAL "shared")
    expect_needs_dll("pkg-config, ${flavour}" "${dir}/print_apps.exe")
    file(COPY "${prefix}/bin/listapps.dll" DESTINATION "${dir}")
  endif()
  run_consumer("pkg-config, ${flavour}" "${dir}/print_apps.exe")
endforeach()
