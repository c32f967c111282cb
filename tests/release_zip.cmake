cmake_minimum_required(VERSION 3.16)
# Builds the release zip with CPack and checks what it holds. Run with cmake -P.
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${CPACK}" -G ZIP --config "${LISTAPPS_BUILD_DIR}/CPackConfig.cmake"
                        -B "${WORK_DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed (${rc}):\n${out}\n${err}")
endif()
set(zip "${WORK_DIR}/listapps-${VERSION}-win64.zip")
if(NOT EXISTS "${zip}")
  message(FATAL_ERROR "no ${zip}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar tf "${zip}" OUTPUT_VARIABLE listing
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot list ${zip}")
endif()
set(top "listapps-${VERSION}-win64")
foreach(entry bin/listapps.exe bin/listapps.dll lib/liblistapps.a lib/liblistapps.dll.a
        include/listapps.h lib/cmake/listapps/listappsConfig.cmake lib/pkgconfig/listapps.pc
        share/doc/listapps/README.md share/doc/listapps/LICENSE share/doc/listapps/CHANGELOG.md
        share/doc/listapps/docs/listapps.md share/doc/listapps/docs/library.md)
  string(FIND "${listing}" "${top}/${entry}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${zip} lacks ${top}/${entry}:\n${listing}")
  endif()
endforeach()
# Test programs and fixtures stay out of the release.
if(listing MATCHES "fixture_|test_")
  message(FATAL_ERROR "${zip} holds test programs:\n${listing}")
endif()
message(STATUS "release zip ok: ${zip}")
