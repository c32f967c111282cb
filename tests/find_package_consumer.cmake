# Installs the built listapps into a scratch prefix, configures and builds examples/ on its own
# against it with find_package(listapps), and runs the example. Run with cmake -P.
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${LISTAPPS_BUILD_DIR}"
                        --prefix "${WORK_DIR}/prefix" --config Debug
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
set(toolchain_arg "")
if(TOOLCHAIN)
  set(toolchain_arg "-DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${LISTAPPS_SOURCE_DIR}/examples"
                        -B "${WORK_DIR}/build" ${toolchain_arg}
                        "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed: ${rc}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" --target example_print_apps
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
file(GLOB_RECURSE exe "${WORK_DIR}/build/example_print_apps*.exe" "${WORK_DIR}/build/example_print_apps")
if(NOT exe)
  message(FATAL_ERROR "the consumer's executable was not built")
endif()
list(GET exe 0 exe)
execute_process(COMMAND ${EMULATOR} "${exe}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the consumer exited with ${rc}")
endif()
