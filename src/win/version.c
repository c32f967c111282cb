/* Reads an executable's FileDescription from its version resource. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/app_rules.h"
#include "core/utf.h"
#include "win/facts.h"
#include "win/file_read.h"
#include "win/system_dll.h"

/* version.dll's functions, from the system directory only (system_dll.h). */
typedef DWORD(WINAPI *get_size_fn)(DWORD, LPCWSTR, LPDWORD);
typedef BOOL(WINAPI *get_info_fn)(DWORD, LPCWSTR, DWORD, DWORD, LPVOID);
typedef BOOL(WINAPI *query_value_fn)(LPCVOID, LPCWSTR, LPVOID *, PUINT);

typedef struct version_api {
  get_size_fn get_size;     /* GetFileVersionInfoSizeExW */
  get_info_fn get_info;     /* GetFileVersionInfoExW */
  query_value_fn query;     /* VerQueryValueW */
} version_api;

/* 1 when every function could be had. */
static int load_version_api(version_api *api) {
  api->get_size =
      (get_size_fn)la_system_function(LA_DLL_VERSION, "GetFileVersionInfoSizeExW");
  api->get_info = (get_info_fn)la_system_function(LA_DLL_VERSION, "GetFileVersionInfoExW");
  api->query = (query_value_fn)la_system_function(LA_DLL_VERSION, "VerQueryValueW");
  return api->get_size != NULL && api->get_info != NULL && api->query != NULL;
}

/* Loads the version resource, localised from the file's MUI resources where there are any (as
 * Explorer and Task Manager show it). Returns the block (*block_len its size) or NULL (no
 * resource, unreadable file, or out of memory: *err tells). */
static unsigned char *load_version_info(const version_api *api, const wchar_t *path,
                                        size_t *block_len, int *err) {
  const DWORD flags = FILE_VER_GET_LOCALISED | FILE_VER_GET_NEUTRAL;
  DWORD ignored = 0;
  DWORD size;
  unsigned char *block;

  *err = 0;
  *block_len = 0;
  size = api->get_size(flags, path, &ignored);
  if (size == 0) return NULL;
  block = malloc(size);
  if (block == NULL) {
    *err = LISTAPPS_ENOMEM;
    return NULL;
  }
  if (!api->get_info(flags, path, 0, size, block)) {
    free(block);
    return NULL;
  }
  *block_len = size;
  return block;
}

/* Reading the resource, on la_run_with_deadline's worker (win/file_read.h): the file is opened
 * first by the rules for files other users control, and held open while version.dll reads it
 * by its path, so that path still leads to the file that was checked. */
typedef struct version_job {
  la_deadline_job base;
  version_api api;
  wchar_t *path;
  unsigned char *block;
  size_t block_len;
  int err;
} version_job;

static void version_work(la_deadline_job *base) {
  version_job *job = (version_job *)base;
  int refused = 0;
  HANDLE held = la_open_foreign_file(job->path, &refused);

  if (held == NULL) return;
  job->block = load_version_info(&job->api, job->path, &job->block_len, &job->err);
  CloseHandle(held);
}

static void version_release(la_deadline_job *base) {
  version_job *job = (version_job *)base;

  free(job->block);
  free(job->path);
  free(job);
}

/* The resource of path into *block (malloc'd; NULL when there is none, it may not or cannot be
 * read, or it was not read in time). Returns 0 or LISTAPPS_ENOMEM. */
static int read_block(const version_api *api, const wchar_t *path, unsigned char **block,
                      size_t *block_len) {
  size_t count = wcslen(path) + 1;
  version_job *job = calloc(1, sizeof *job);
  int err;

  *block = NULL;
  *block_len = 0;
  if (job == NULL || (job->path = malloc(count * sizeof *path)) == NULL) {
    free(job);
    return LISTAPPS_ENOMEM;
  }
  memcpy(job->path, path, count * sizeof *path);
  job->api = *api;
  job->base.work = version_work;
  job->base.release = version_release;
  if (!la_run_with_deadline(&job->base, LA_FILE_READ_DEADLINE_MS)) return 0;
  err = job->err;
  *block = job->block;
  *block_len = job->block_len;
  job->block = NULL;
  version_release(&job->base);
  return err;
}

/* The offset of p in block[0..block_len), or block_len when p is not in it. */
static size_t offset_in(const unsigned char *block, size_t block_len, const void *p) {
  uintptr_t at = (uintptr_t)p;
  uintptr_t start = (uintptr_t)block;

  return at >= start && at - start < block_len ? (size_t)(at - start) : block_len;
}

/* The string `name` in the block named by key, as UTF-8; NULL when absent. */
static int query_string(const version_api *api, const unsigned char *block, size_t block_len,
                        uint32_t key, const wchar_t *name, char **value) {
  wchar_t sub_block[64];
  void *data = NULL;
  UINT count = 0;
  size_t offset;
  size_t len;

  *value = NULL;
  swprintf(sub_block, sizeof sub_block / sizeof sub_block[0], L"\\StringFileInfo\\%04x%04x\\%ls",
           (unsigned)(key >> 16), (unsigned)(key & 0xFFFFu), name);
  if (!api->query(block, sub_block, &data, &count) || data == NULL) return 0;
  /* count is in characters, may or may not include the NUL, and comes from the resource: a
   * damaged one may claim more than the resource holds, with no NUL. The string is cut at its
   * NUL, at count, and at the end of the resource. */
  offset = offset_in(block, block_len, data);
  if (offset == block_len) return 0;
  len = la_version_string_count(block, block_len, offset, count);
  if (la_utf16_to_utf8((const uint16_t *)(const void *)(block + offset), len, value, NULL) != 0)
    return LISTAPPS_ENOMEM;
  return 0;
}

int la_read_version(const wchar_t *path, int with_company, la_version_facts *out, la_error *e) {
  uint32_t translations[1];
  size_t translation_count = 0;
  uint32_t keys[LA_MAX_DESCRIPTION_CANDIDATES];
  char *values[LA_MAX_DESCRIPTION_CANDIDATES] = {NULL};
  size_t key_count;
  void *data = NULL;
  UINT data_len = 0;
  unsigned char *block = NULL;
  size_t block_len = 0;
  int chosen;
  int err = 0;
  version_api api;
  size_t i;

  out->state = LISTAPPS_VALUE_NONE;
  out->description = NULL;
  out->company = NULL;
  /* Without version.dll no resource can be read: as for a file without one. */
  if (!load_version_api(&api)) return 0;
  err = read_block(&api, path, &block, &block_len);
  if (block == NULL) return err != 0 ? la_fail_nomem(e) : 0;
  out->state = LISTAPPS_VALUE_PRESENT;
  if (api.query(block, L"\\VarFileInfo\\Translation", &data, &data_len) && data != NULL &&
      data_len >= 4 &&
      la_version_value_fits(block, block_len, offset_in(block, block_len, data), 4)) {
    const unsigned char *pair = data;
    translations[0] = LA_VERSION_KEY(pair[0] | (pair[1] << 8), pair[2] | (pair[3] << 8));
    translation_count = 1;
  }
  key_count = la_description_candidates(translations, translation_count, keys);
  for (i = 0; i < key_count && err == 0; i++)
    err = query_string(&api, block, block_len, keys[i], L"FileDescription", &values[i]);
  if (err == 0) {
    chosen = la_choose_description((const char *const *)values, key_count);
    if (chosen >= 0) {
      out->description = values[chosen];
      values[chosen] = NULL;
      /* The publisher comes from the block the name comes from, so both speak one language. */
      if (with_company)
        err = query_string(&api, block, block_len, keys[chosen], L"CompanyName", &out->company);
    } else if (with_company) {
      for (i = 0; i < key_count && err == 0 && out->company == NULL; i++)
        err = query_string(&api, block, block_len, keys[i], L"CompanyName", &out->company);
    }
  }
  for (i = 0; i < key_count; i++) free(values[i]);
  free(block);
  if (err != 0) {
    free(out->description);
    free(out->company);
    out->description = NULL;
    out->company = NULL;
    return la_fail_nomem(e);
  }
  return 0;
}
