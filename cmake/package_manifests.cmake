# Writes the winget and Scoop manifests of the release zip: version, download URL, SHA-256,
# licence, description, and the command inside the zip. CPack runs it once it has made the zip
# (CPACK_POST_BUILD_SCRIPTS in CMakeLists.txt, CMake >= 3.19), so `cpack -G ZIP` leaves beside
# listapps-<version>-win64.zip:
#   listapps-<version>-win64.zip.sha256   the zip's SHA-256 as sha256sum prints it (Scoop's
#                                         autoupdate reads it)
#   listapps.listapps.yaml                winget: the version manifest
#   listapps.listapps.installer.yaml      winget: the installer (a zip holding a portable exe)
#   listapps.listapps.locale.en-US.yaml   winget: the default locale
#   listapps.json                         Scoop: the app manifest
# For a zip made earlier, by hand (the manifests go beside the zip):
#   cmake -DCPACK_CONFIG=build/CPackConfig.cmake [-DZIP=path/to/the.zip]
#         [-DGITHUB_REPOSITORY=owner/name] [-DRELEASE_URL=...] -P cmake/package_manifests.cmake
# The templates are in packaging/winget/ and packaging/scoop/; the test is
# tests/package_manifests.cmake.
#
# The zip's download URL is CPACK_LISTAPPS_RELEASE_URL, with @VERSION@ standing for the version;
# when that is empty, the GitHub release asset of CPACK_LISTAPPS_GITHUB_REPOSITORY (owner/name),
# which also gives the homepage and what Scoop's checkver asks for new versions.
cmake_minimum_required(VERSION 3.19)

# The winget identifier is Publisher.Package. The publisher, "The listapps authors", is no
# company or person with a name of its own, so both parts are the project's name, spelt as the
# command, the zip and the CMake package spell it (as Git.Git or Neovim.Neovim are). It is
# permanent once published in winget-pkgs, so it does not follow the repository's owner.
set(winget_identifier "listapps.listapps")

if(NOT DEFINED CPACK_PACKAGE_FILES)
  # By hand: CPack's settings from the build tree, the zip named or found beside them.
  if(NOT CPACK_CONFIG OR NOT EXISTS "${CPACK_CONFIG}")
    message(FATAL_ERROR "package_manifests: give -DCPACK_CONFIG=<build>/CPackConfig.cmake")
  endif()
  include("${CPACK_CONFIG}")
  if(DEFINED GITHUB_REPOSITORY)
    set(CPACK_LISTAPPS_GITHUB_REPOSITORY "${GITHUB_REPOSITORY}")
  endif()
  if(DEFINED RELEASE_URL)
    set(CPACK_LISTAPPS_RELEASE_URL "${RELEASE_URL}")
  endif()
  if(NOT ZIP)
    get_filename_component(ZIP "${CPACK_CONFIG}" DIRECTORY)
    set(ZIP "${ZIP}/${CPACK_PACKAGE_FILE_NAME}.zip")
  endif()
  set(CPACK_PACKAGE_FILES "${ZIP}")
  get_filename_component(CPACK_PACKAGE_DIRECTORY "${ZIP}" DIRECTORY)
endif()

# The zip: CPack hands over the files it made (still in its staging folder; it copies them to
# CPACK_PACKAGE_DIRECTORY afterwards, where these manifests go).
set(zip "")
foreach(file IN LISTS CPACK_PACKAGE_FILES)
  if(file MATCHES "\\.zip$")
    set(zip "${file}")
  endif()
endforeach()
if(NOT zip AND NOT DEFINED CPACK_CONFIG)
  # Another generator (cpack -G TGZ): the manifests describe the zip only.
  message(STATUS "package_manifests: no zip, so no winget and Scoop manifests")
  return()
endif()
if(NOT zip OR NOT EXISTS "${zip}")
  message(FATAL_ERROR "package_manifests: no zip among '${CPACK_PACKAGE_FILES}'")
endif()
get_filename_component(zip_name "${zip}" NAME)
if(NOT zip_name STREQUAL "${CPACK_PACKAGE_FILE_NAME}.zip")
  message(FATAL_ERROR "package_manifests: ${zip_name} is not ${CPACK_PACKAGE_FILE_NAME}.zip")
endif()
# The exe's path inside the zip: CPack puts the install tree in one folder named like the zip.
if(NOT CPACK_INCLUDE_TOPLEVEL_DIRECTORY)
  message(FATAL_ERROR "package_manifests: the manifests expect CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON")
endif()
set(version "${CPACK_PACKAGE_VERSION}")
set(top_dir "${CPACK_PACKAGE_FILE_NAME}")
set(command "${CPACK_PACKAGE_NAME}")
set(exe_in_top "bin/${command}.exe")
file(SHA256 "${zip}" sha256)

# The licence as an SPDX identifier, from the licence file that the zip carries.
file(STRINGS "${CPACK_RESOURCE_FILE_LICENSE}" license_line LIMIT_COUNT 1)
if(license_line MATCHES "^[ \t]*MIT License[ \t]*$")
  set(license "MIT")
else()
  message(FATAL_ERROR "package_manifests: which SPDX licence is '${license_line}' "
    "(${CPACK_RESOURCE_FILE_LICENSE})? Teach cmake/package_manifests.cmake.")
endif()

set(repo "${CPACK_LISTAPPS_GITHUB_REPOSITORY}")
if(NOT repo MATCHES "^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
  message(FATAL_ERROR "package_manifests: LISTAPPS_GITHUB_REPOSITORY '${repo}' is not owner/name")
endif()
if(repo MATCHES "^OWNER/")
  message(WARNING "package_manifests: the manifests point at the placeholder ${repo}; configure "
    "with -DLISTAPPS_GITHUB_REPOSITORY=owner/name before publishing them")
endif()
set(homepage "https://github.com/${repo}")
set(url_pattern "${CPACK_LISTAPPS_RELEASE_URL}")
if(NOT url_pattern)
  string(REPLACE "${version}" "@VERSION@" zip_pattern "${zip_name}")
  set(url_pattern "${homepage}/releases/download/v@VERSION@/${zip_pattern}")
endif()
if(NOT url_pattern MATCHES "^https://.+/[^/]*@VERSION@[^/]*$")
  message(FATAL_ERROR "package_manifests: the release URL '${url_pattern}' must be https:// and "
    "name the zip with @VERSION@ in it")
endif()
set(VERSION "${version}")
string(CONFIGURE "${url_pattern}" url @ONLY)
string(REGEX REPLACE "^.*/" "" url_file "${url}")
if(NOT url_file STREQUAL zip_name)
  message(FATAL_ERROR "package_manifests: the release URL ${url} does not end in /${zip_name}")
endif()
string(REPLACE "@VERSION@" "$version" autoupdate_url "${url_pattern}")
string(REPLACE "${version}" "$version" autoupdate_top_dir "${top_dir}")

# Quoting: YAML single-quoted scalars (only ' is special) and JSON strings. No value has a line
# break or a control character; one that did would be a mistake upstream, so it stops here.
string(ASCII 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
  control_characters)
function(check_plain value)
  if(value MATCHES "[${control_characters}]")
    message(FATAL_ERROR "package_manifests: a control character in '${value}'")
  endif()
endfunction()
function(yaml_quote out value)
  check_plain("${value}")
  string(REPLACE "'" "''" value "${value}")
  set(${out} "'${value}'" PARENT_SCOPE)
endfunction()
function(json_quote out value)
  check_plain("${value}")
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()

string(TOUPPER "${sha256}" sha256_upper)
string(REPLACE "/" "\\" exe_windows_path "${top_dir}/${exe_in_top}")
yaml_quote(Y_IDENTIFIER "${winget_identifier}")
yaml_quote(Y_VERSION "${version}")
yaml_quote(Y_EXE_PATH "${exe_windows_path}")
yaml_quote(Y_COMMAND "${command}")
yaml_quote(Y_URL "${url}")
yaml_quote(Y_SHA256 "${sha256_upper}")
yaml_quote(Y_PUBLISHER "${CPACK_PACKAGE_VENDOR}")
yaml_quote(Y_NAME "${CPACK_PACKAGE_NAME}")
yaml_quote(Y_HOMEPAGE "${homepage}")
yaml_quote(Y_LICENSE "${license}")
yaml_quote(Y_LICENSE_URL "${homepage}/blob/v${version}/LICENSE")
yaml_quote(Y_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}")
yaml_quote(Y_RELEASE_NOTES_URL "${homepage}/releases/tag/v${version}")

string(REPLACE "/" "\\" exe_in_top_windows "${exe_in_top}")
json_quote(J_VERSION "${version}")
json_quote(J_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}")
json_quote(J_HOMEPAGE "${homepage}")
json_quote(J_GITHUB "${homepage}")
json_quote(J_LICENSE "${license}")
json_quote(J_URL "${url}")
json_quote(J_SHA256 "${sha256}")
json_quote(J_TOP_DIR "${top_dir}")
json_quote(J_EXE_PATH "${exe_in_top_windows}")
json_quote(J_AUTOUPDATE_URL "${autoupdate_url}")
json_quote(J_AUTOUPDATE_TOP_DIR "${autoupdate_top_dir}")

get_filename_component(templates "${CMAKE_CURRENT_LIST_DIR}/../packaging" ABSOLUTE)
set(out "${CPACK_PACKAGE_DIRECTORY}")
configure_file("${templates}/winget/version.yaml.in" "${out}/${winget_identifier}.yaml" @ONLY)
configure_file("${templates}/winget/installer.yaml.in"
  "${out}/${winget_identifier}.installer.yaml" @ONLY)
configure_file("${templates}/winget/defaultLocale.yaml.in"
  "${out}/${winget_identifier}.locale.en-US.yaml" @ONLY)
configure_file("${templates}/scoop/listapps.json.in" "${out}/${command}.json" @ONLY)
file(WRITE "${out}/${zip_name}.sha256" "${sha256}  ${zip_name}\n")
message(STATUS "package_manifests: winget ${winget_identifier} ${version} and Scoop "
  "${command}.json in ${out} for ${url} (SHA-256 ${sha256})")
