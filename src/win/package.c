/* A packaged (UWP) app's display name: package, manifest, resource string. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdint.h>
#include <stdlib.h>

#include "core/package_manifest.h"
#include "core/utf.h"
#include "win/facts.h"
#include "win/file_read.h"
#include "win/package.h"
#include "win/system_dll.h"

/* A manifest larger than this is not read. Real ones are a few kilobytes. */
#define MAX_MANIFEST_BYTES (4u * 1024u * 1024u)
/* The resolved display name is read into a buffer of this many characters. */
#define MAX_DISPLAY_NAME_COUNT 1024u
/* APPMODEL_ERROR_NO_PACKAGE: the process is not a packaged app. */
#define NO_PACKAGE 15700L

typedef LONG(WINAPI *get_package_full_name_fn)(HANDLE, UINT32 *, PWSTR);
typedef LONG(WINAPI *get_package_path_fn)(PCWSTR, UINT32 *, PWSTR);
typedef HRESULT(WINAPI *load_indirect_string_fn)(PCWSTR, PWSTR, UINT, void **);

/* Calls a "length in, length out" package function until the buffer fits. */
static wchar_t *package_string(HANDLE process, const wchar_t *full_name, const la_system_api *api,
                               int *err) {
  UINT32 count = 0;
  wchar_t *buf;
  LONG rc;

  *err = 0;
  rc = full_name == NULL
           ? ((get_package_full_name_fn)api->get_package_full_name)(process, &count, NULL)
           : ((get_package_path_fn)api->get_package_path_by_full_name)(full_name, &count, NULL);
  if (rc != ERROR_INSUFFICIENT_BUFFER || count == 0) return NULL;
  buf = malloc((size_t)count * sizeof *buf);
  if (buf == NULL) {
    *err = LISTAPPS_ENOMEM;
    return NULL;
  }
  rc = full_name == NULL
           ? ((get_package_full_name_fn)api->get_package_full_name)(process, &count, buf)
           : ((get_package_path_fn)api->get_package_path_by_full_name)(full_name, &count, buf);
  if (rc != ERROR_SUCCESS) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* s as UTF-16 in *out (malloc'd). Returns 0, or LISTAPPS_ENOMEM; *out stays NULL when the
 * system cannot convert s (then there is nothing to resolve). */
static int to_utf16(const char *s, wchar_t **out) {
  int count = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);

  *out = NULL;
  if (count <= 0) return 0;
  *out = malloc((size_t)count * sizeof **out);
  if (*out == NULL) return LISTAPPS_ENOMEM;
  MultiByteToWideChar(CP_UTF8, 0, s, -1, *out, count);
  return 0;
}

/* Resolves "@{package?ms-resource://...}" with SHLoadIndirectString, from shlwapi.dll loaded
 * from the system directory the first time a listing needs it (most never do). *name is NULL
 * when it cannot be resolved. Returns 0 or LISTAPPS_ENOMEM. */
static int resolve_resource(const char *reference, char **name) {
  load_indirect_string_fn load =
      (load_indirect_string_fn)la_system_function(LA_DLL_SHLWAPI, "SHLoadIndirectString");
  wchar_t *ref16 = NULL;
  wchar_t *out16 = NULL;
  int err = 0;

  *name = NULL;
  if (load == NULL) return 0;
  err = to_utf16(reference, &ref16);
  if (err == 0 && ref16 != NULL) {
    out16 = malloc(MAX_DISPLAY_NAME_COUNT * sizeof *out16);
    if (out16 == NULL) {
      err = LISTAPPS_ENOMEM;
    } else if (SUCCEEDED(load(ref16, out16, MAX_DISPLAY_NAME_COUNT, NULL))) {
      char *raw = NULL;
      size_t raw_len = 0;
      out16[MAX_DISPLAY_NAME_COUNT - 1] = L'\0';
      /* The package's resources are as untrusted as its manifest: controls escaped. */
      if (la_utf16_to_utf8(out16, wcslen(out16), &raw, &raw_len) != 0 ||
          la_utf8_clean_name(raw, raw_len, name, NULL) != 0)
        err = LISTAPPS_ENOMEM;
      free(raw);
    }
  }
  free(out16);
  free(ref16);
  return err;
}

int la_read_package_name(void *process, const la_system_api *api, char **name, la_error *e) {
  wchar_t *full16 = NULL;
  wchar_t *dir16 = NULL;
  wchar_t *manifest_path = NULL;
  char *full8 = NULL;
  char *xml = NULL;
  char *display = NULL;
  char *reference = NULL;
  size_t xml_len = 0;
  int err = 0;

  *name = NULL;
  if (api->get_package_full_name == NULL || api->get_package_path_by_full_name == NULL) return 0;
  full16 = package_string(process, NULL, api, &err);
  if (full16 == NULL) goto cleanup;
  dir16 = package_string(NULL, full16, api, &err);
  if (dir16 == NULL) goto cleanup;
  manifest_path = malloc((wcslen(dir16) + 32) * sizeof *manifest_path);
  if (manifest_path == NULL) {
    err = LISTAPPS_ENOMEM;
    goto cleanup;
  }
  wcscpy(manifest_path, dir16);
  wcscat(manifest_path, L"\\AppxManifest.xml");
  /* The package's folder may be anywhere a package can be installed: read by the rules for files
   * other users control (win/file_read.h), with a deadline. */
  err = la_read_foreign_file(manifest_path, MAX_MANIFEST_BYTES, &xml, &xml_len);
  if (xml == NULL) goto cleanup;
  if (la_manifest_display_name(xml, xml_len, &display) != 0) {
    err = LISTAPPS_ENOMEM;
    goto cleanup;
  }
  if (display == NULL) goto cleanup;
  if (la_utf16_to_utf8(full16, wcslen(full16), &full8, NULL) != 0 ||
      la_package_resource_reference(full8, display, &reference) != 0) {
    err = LISTAPPS_ENOMEM;
    goto cleanup;
  }
  if (reference == NULL) {
    *name = display;
    display = NULL;
  } else {
    err = resolve_resource(reference, name);
  }

cleanup:
  free(reference);
  free(display);
  free(xml);
  free(full8);
  free(manifest_path);
  free(dir16);
  free(full16);
  return err != 0 ? la_fail_nomem(e) : 0;
}

/* The longest path Win32 accepts, in UTF-16 units, with its NUL. */
#define MAX_LONG_PATH_COUNT 32768u

/* The image path of process pid as UTF-8 into *path (NULL when it cannot be read). Returns 0
 * or LISTAPPS_ENOMEM. */
static int image_path_of(unsigned long pid, char **path) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
  DWORD cap = MAX_PATH;
  int err = 0;

  *path = NULL;
  if (process == NULL) return 0;
  for (;;) {
    wchar_t *buf = malloc((size_t)cap * sizeof *buf);
    DWORD count = cap;
    if (buf == NULL) {
      err = LISTAPPS_ENOMEM;
      break;
    }
    if (QueryFullProcessImageNameW(process, 0, buf, &count)) {
      if (la_utf16_to_utf8(buf, count, path, NULL) != 0) err = LISTAPPS_ENOMEM;
      free(buf);
      break;
    }
    free(buf);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || cap >= MAX_LONG_PATH_COUNT) break;
    cap *= 2;
  }
  CloseHandle(process);
  return err;
}

/* The system directory as UTF-8 into *dir (NULL when the system will not say). Returns 0 or
 * LISTAPPS_ENOMEM. */
static int system_dir_of(char **dir) {
  UINT cap = GetSystemDirectoryW(NULL, 0);
  wchar_t *dir16;
  UINT count;
  int err = 0;

  *dir = NULL;
  if (cap == 0) return 0;
  dir16 = malloc((size_t)cap * sizeof *dir16);
  if (dir16 == NULL) return LISTAPPS_ENOMEM;
  count = GetSystemDirectoryW(dir16, cap);
  if (count > 0 && count < cap && la_utf16_to_utf8(dir16, count, dir, NULL) != 0)
    err = LISTAPPS_ENOMEM;
  free(dir16);
  return err;
}

/* 1 when process pid has a package identity: GetPackageFullName (Windows 8; looked up by name)
 * asks for room for a name rather than saying APPMODEL_ERROR_NO_PACKAGE. */
static int has_package(unsigned long pid) {
  HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
  get_package_full_name_fn full_name =
      kernel32 != NULL
          ? (get_package_full_name_fn)(la_proc_fn)GetProcAddress(kernel32, "GetPackageFullName")
          : NULL;
  HANDLE process;
  UINT32 count = 0;
  LONG rc;

  if (full_name == NULL) return 0;
  process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
  if (process == NULL) return 0;
  rc = full_name(process, &count, NULL);
  CloseHandle(process);
  return rc == ERROR_INSUFFICIENT_BUFFER && count > 0;
}

int la_read_frame_facts(la_window_facts *w) {
  char *host = NULL;
  char *dir = NULL;
  int err;

  w->frame_host_path = NULL;
  w->system_dir = NULL;
  w->core_child_packaged = 0;
  err = system_dir_of(&dir);
  if (err == 0) err = image_path_of(w->pid, &host);
  if (err != 0) {
    free(dir);
    return err;
  }
  w->system_dir = dir;
  w->frame_host_path = host;
  /* The package is asked only of a frame the system's host draws: nothing else can count. */
  if (la_is_system_frame_host(host, dir)) w->core_child_packaged = has_package(w->core_child_pid);
  return 0;
}

void la_frame_facts_free(la_window_facts *w) {
  free((char *)w->frame_host_path);
  free((char *)w->system_dir);
  w->frame_host_path = NULL;
  w->system_dir = NULL;
  w->core_child_packaged = 0;
}
