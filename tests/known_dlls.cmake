# known_dlls.cmake - listapps.exe and listapps.dll import nothing but KnownDLLs (issue 23).
#
# The loader takes a KnownDLL from the system's own copy whatever the search order; any other
# DLL that an executable imports is looked for in the executable's folder first, where a user
# who can write that folder can plant one that then runs in listapps' process (as SYSTEM, for a
# scheduled task). https://learn.microsoft.com/windows/win32/dlls/dynamic-link-library-search-order
# The list is HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\KnownDLLs: the names below
# are in it from Windows 7 to 11 (a Windows 7 dump:
# https://github.com/tq5124/autorunForWindow/blob/7ddf5913339dbaeb8489381865886b2c2d10b7ee/py/output/knownDlls.js;
# combase joined in Windows 8). ntdll is loaded into every process before anything else, and API
# sets (api-ms-win-*, ext-ms-win-*) resolve through the system's schema, never by a search.
#
#   cmake -DOBJDUMP=<objdump> -DFILES=<file;file...> -P known_dlls.cmake
set(known advapi32 combase gdi32 imm32 kernel32 msvcrt ole32 oleaut32 psapi rpcrt4 sechost
  shell32 shlwapi user32 ws2_32 ntdll)
if(NOT OBJDUMP OR NOT FILES)
  message(FATAL_ERROR "usage: cmake -DOBJDUMP=<objdump> -DFILES=<files> -P known_dlls.cmake")
endif()
set(failed 0)
foreach(file IN LISTS FILES)
  execute_process(COMMAND ${OBJDUMP} -p ${file} OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${OBJDUMP} -p ${file} failed (${rc})")
  endif()
  string(REGEX MATCHALL "DLL Name: [^\r\n]+" lines "${dump}")
  if(NOT lines)
    message(FATAL_ERROR "${file}: no imports found; is it a PE file?")
  endif()
  set(names "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^DLL Name: *" "" dll "${line}")
    string(STRIP "${dll}" dll)
    string(TOLOWER "${dll}" lower)
    string(REGEX REPLACE "\\.dll$" "" base "${lower}")
    list(APPEND names "${dll}")
    if(base MATCHES "^(api|ext)-ms-win-")
      continue()
    endif()
    list(FIND known "${base}" at)
    if(at EQUAL -1)
      message(SEND_ERROR "${file} imports ${dll}, which is not a KnownDLL: load it at run time "
        "from the system directory (src/win/system_dll.c)")
      set(failed 1)
    endif()
  endforeach()
  message(STATUS "${file}: ${names}")
endforeach()
if(failed)
  message(FATAL_ERROR "a DLL that is not a KnownDLL is imported")
endif()
message(STATUS "known dlls: ok")
