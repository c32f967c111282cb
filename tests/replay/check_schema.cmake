cmake_minimum_required(VERSION 3.19)
# The recording schema (docs/recording.schema.json) against the recordings of tests/replay/,
# with node, ajv-cli and ajv-formats (scripts/bootstrap-debian.sh installs them, as for
# tests/package_manifests.cmake):
#   - every recording in tests/replay/ follows the schema, and each is a case of cases.json
#     (so that none lies there untested);
#   - each refused recording of cases.json (tests/replay/refused/) that the schema can see is
#     wrong ("schema": true) is refused by it too; the others ("schema": false: a
#     cross-reference, the order of services) pass it, as the schema's description says;
#   - a list of 200,001 items, made here (too large to keep in the tree), is refused.
# Run with cmake -P: -DNODE= -DNPM_PREFIX= -DSCHEMA= -DREPLAY_DIR= -DWORK_DIR=.

function(fail)
  string(JOIN "" text ${ARGN})
  message(FATAL_ERROR "replay_schema: ${text}")
endfunction()

set(ajv_cli "${NPM_PREFIX}/node_modules/ajv-cli/dist/index.js")
if(NOT NODE OR NOT EXISTS "${NODE}")
  fail("no node ('${NODE}'): run scripts/bootstrap-debian.sh, or configure with -DLISTAPPS_NODE=")
endif()
foreach(file "${ajv_cli}" "${NPM_PREFIX}/node_modules/ajv-formats/package.json")
  if(NOT EXISTS "${file}")
    fail("no ${file}: configure with -DLISTAPPS_NPM_PREFIX=<the LISTAPPS_NPM_PREFIX of "
      "scripts/bootstrap-debian.sh> (npm install --prefix DIR ajv-cli@5 ajv-formats@3 elsewhere)")
  endif()
endforeach()
file(READ "${SCHEMA}" schema_text)
string(JSON draft GET "${schema_text}" "$schema")
if(NOT draft STREQUAL "https://json-schema.org/draft/2020-12/schema")
  fail("${SCHEMA} is ${draft}, not draft 2020-12: change ajv-cli's --spec")
endif()

# ajv-cli in strict mode (an unknown keyword, or a schema ajv would have to guess about, is an
# error), with every error, over one or more files at once: it says "FILE valid" or "FILE invalid"
# of each, and an error of its own for a file that is not JSON.
function(ajv_validate result)
  set(args "")
  foreach(data ${ARGN})
    list(APPEND args -d "${data}")
  endforeach()
  execute_process(COMMAND "${NODE}" "${ajv_cli}" validate --spec=draft2020 --strict=true
                    --all-errors --errors=text -c ajv-formats -s "${SCHEMA}" ${args}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(STRIP "${out}\n${err}" text)
  set(${result} "${rc}" PARENT_SCOPE)
  set(${result}_text "${text}" PARENT_SCOPE)
endfunction()

# What ajv said of data in text: "valid", "invalid", or "" when it said neither (it stops at a
# file that is not JSON, and says nothing of the files after it).
function(ajv_said text data out)
  string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" quoted "${data}")
  if("${text}" MATCHES "(^|\n)${quoted} (valid|invalid)(\n|$)")
    set(${out} "${CMAKE_MATCH_2}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# The recordings the manifest names.
file(READ "${REPLAY_DIR}/cases.json" manifest)
set(named "")
foreach(list cases refused)
  string(JSON count LENGTH "${manifest}" ${list})
  if(count EQUAL 0)
    continue()
  endif()
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON recording GET "${manifest}" ${list} ${i} recording)
    list(APPEND named "${recording}")
  endforeach()
endforeach()

# Every recording of the folder: a case, and valid (all in one run of ajv).
file(GLOB recordings RELATIVE "${REPLAY_DIR}" "${REPLAY_DIR}/*.json")
list(REMOVE_ITEM recordings cases.json)
list(LENGTH recordings recording_count)
if(recording_count EQUAL 0)
  fail("no recording in ${REPLAY_DIR}")
endif()
set(paths "")
foreach(recording ${recordings})
  if(NOT recording IN_LIST named)
    fail("${REPLAY_DIR}/${recording} is no case of cases.json: add one, or remove the file")
  endif()
  list(APPEND paths "${REPLAY_DIR}/${recording}")
endforeach()
ajv_validate(result ${paths})
if(NOT result EQUAL 0)
  fail("recordings that do not follow ${SCHEMA}:\n${result_text}")
endif()
foreach(path ${paths})
  ajv_said("${result_text}" "${path}" said)
  if(NOT said STREQUAL "valid")
    fail("ajv did not say ${path} is valid:\n${result_text}")
  endif()
endforeach()

# The refused recordings (one run of ajv): refused by the schema where it can see why, taken
# where it cannot.
string(JSON count LENGTH "${manifest}" refused)
set(refused_by_schema 0)
set(paths "")
if(count GREATER 0)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON recording GET "${manifest}" refused ${i} recording)
    list(APPEND paths "${REPLAY_DIR}/${recording}")
  endforeach()
  ajv_validate(result ${paths})
  foreach(i RANGE ${last})
    string(JSON name GET "${manifest}" refused ${i} name)
    string(JSON recording GET "${manifest}" refused ${i} recording)
    string(JSON schema GET "${manifest}" refused ${i} schema)
    set(path "${REPLAY_DIR}/${recording}")
    ajv_said("${result_text}" "${path}" said)
    if(said STREQUAL "")
      ajv_validate(alone "${path}")
      ajv_said("${alone_text}" "${path}" said)
      if(said STREQUAL "" AND alone EQUAL 0)
        fail("ajv said nothing of ${path}:\n${alone_text}")
      endif()
      string(APPEND result_text "\n${alone_text}")
    endif()
    if(schema)
      if(said STREQUAL "valid")
        fail("the schema takes ${recording} (${name}), which listapps refuses:\n${result_text}")
      endif()
      math(EXPR refused_by_schema "${refused_by_schema} + 1")
    elseif(NOT said STREQUAL "valid")
      fail("the schema refuses ${recording} (${name}), which cases.json says it cannot see "
        "(\"schema\": false):\n${result_text}")
    endif()
  endforeach()
endif()
if(refused_by_schema LESS 3)
  fail("only ${refused_by_schema} refused recordings are refused by the schema: a schema that "
    "refuses nothing would pass")
endif()

# A list of 200,001 items (sessions, the smallest items) is refused by maxItems.
file(MAKE_DIRECTORY "${WORK_DIR}")
string(REPEAT "{\"id\":1,\"user\":null,\"listed\":true,\"problem\":null}," 200000 sessions)
string(CONCAT too_many
  "{\"format\":\"listapps recording\",\"formatVersion\":1,\"listapps\":null,\"os\":null,"
  "\"recordedMs\":0,\"private\":false,\"gathered\":{\"all\":false,\"facts\":[]},"
  "\"system\":{\"windowsDir\":null,\"systemDir\":null,\"programFilesDir\":null,\"shellPid\":0,"
  "\"processors\":1,\"cpuInterval\":\"0\",\"companyGathered\":false},\"windows\":[],"
  "\"processes\":[],\"versions\":[],\"services\":[],\"sessions\":[" "${sessions}"
  "{\"id\":1,\"user\":null,\"listed\":true,\"problem\":null}]}")
file(WRITE "${WORK_DIR}/too-many-sessions.json" "${too_many}")
ajv_validate(result "${WORK_DIR}/too-many-sessions.json")
if(result EQUAL 0 OR NOT result_text MATCHES "200000")
  fail("the schema takes 200,001 sessions (${result}):\n${result_text}")
endif()

message(STATUS "replay_schema: ${recording_count} recordings follow the schema; it refuses "
  "${refused_by_schema} broken ones and a list of 200,001 items: ok")
