/* Recordings: written and read strictly. See recording.h and docs/recording.schema.json. */
#include "core/recording.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "core/field_registry.h"
#include "core/text.h"
#include "core/utf.h"

#ifdef LISTAPPS_RECORDINGS
#  include <cJSON.h>
#endif

/* The longest string a recording may hold (a title of 32,767 UTF-16 units is at most ~96 KiB;
 * a command line the same). */
#define MAX_STRING_BYTES ((size_t)1 << 20)

void la_recording_meta_free(la_recording_meta *meta) {
  free(meta->listapps_version);
  free(meta->os_version);
  memset(meta, 0, sizeof *meta);
}

#ifndef LISTAPPS_RECORDINGS

int la_recordings_built(void) {
  return 0;
}

int la_recording_write(const la_facts *f, const la_recording_meta *meta, char **text, size_t *len) {
  (void)f;
  (void)meta;
  *text = NULL;
  *len = 0;
  return LISTAPPS_EINVAL;
}

int la_recording_read(const char *text, size_t len, la_facts *f, la_recording_meta *meta,
                      char *problem, size_t problem_size) {
  (void)text;
  (void)len;
  memset(f, 0, sizeof *f);
  memset(meta, 0, sizeof *meta);
  if (problem != NULL && problem_size > 0)
    snprintf(problem, problem_size, "this listapps was built without recordings");
  return LISTAPPS_EINVAL;
}

#else

int la_recordings_built(void) {
  return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Names: value states and the facts gathered. */

static const char *const state_names[] = {"present", "none",   "not gathered",
                                          "denied",  "exited", "unsupported"};
#define STATE_COUNT (sizeof state_names / sizeof state_names[0])

static const struct {
  unsigned bit;
  const char *name;
} need_names[] = {{LA_NEED_COMPANY, "company"},
                  {LA_NEED_STATUS, "status"},
                  {LA_NEED_CPU, "cpu"},
                  {LA_NEED_MEMORY, "memory"},
                  {LA_NEED_COMMAND_LINE, "commandLine"},
                  {LA_NEED_START_TIME, "startTime"},
                  {LA_NEED_ARCHITECTURE, "architecture"},
                  {LA_NEED_ELEVATED, "elevated"},
                  {LA_NEED_USER, "user"},
                  {LA_NEED_EFFICIENCY, "efficiency"},
                  {LA_NEED_THREADS, "threads"},
                  {LA_NEED_HANDLES, "handles"},
                  {LA_NEED_GUI_OBJECTS, "guiObjects"},
                  {LA_NEED_DISK, "disk"},
                  {LA_NEED_NETWORK, "network"},
                  {LA_NEED_GPU, "gpu"},
                  {LA_NEED_GPU_MEMORY, "gpuMemory"},
                  {LA_NEED_FOREGROUND, "foreground"},
                  {LA_NEED_RECT, "rect"},
                  {LA_NEED_WINDOW_STATE, "windowState"},
                  {LA_NEED_CLOAKED, "cloaked"}};

static const char *const show_names[] = {"normal", "minimized", "maximized"};
#define SHOW_COUNT (sizeof show_names / sizeof show_names[0])
#define NEED_COUNT (sizeof need_names / sizeof need_names[0])

static const char *const architectures[] = {"x64", "x86", "ARM64", "ARM"};
#define ARCHITECTURE_COUNT (sizeof architectures / sizeof architectures[0])

/* ------------------------------------------------------------------------------------------ */
/* Writing. Every cJSON_Add* returns NULL when memory ran out; one flag collects that. */

typedef struct writer {
  int nomem;
  int private_text;
} writer;

static cJSON *checked(writer *w, cJSON *item) {
  if (item == NULL) w->nomem = 1;
  return item;
}

static void add_string(writer *w, cJSON *o, const char *key, const char *value) {
  checked(w, value != NULL ? cJSON_AddStringToObject(o, key, value) : cJSON_AddNullToObject(o, key));
}

static void add_number(writer *w, cJSON *o, const char *key, unsigned long long value) {
  checked(w, cJSON_AddNumberToObject(o, key, (double)value));
}

static void add_bool(writer *w, cJSON *o, const char *key, int value) {
  checked(w, cJSON_AddBoolToObject(o, key, value != 0));
}

/* 64-bit values exactly, as decimal strings (a JSON number is a double). */
static void add_u64(writer *w, cJSON *o, const char *key, unsigned long long value) {
  char text[24];
  snprintf(text, sizeof text, "%llu", value);
  add_string(w, o, key, text);
}

static void add_handle(writer *w, cJSON *o, const char *key, uintptr_t value) {
  char text[24];
  if (value == 0) {
    checked(w, cJSON_AddNullToObject(o, key));
    return;
  }
  snprintf(text, sizeof text, "0x%llX", (unsigned long long)value);
  add_string(w, o, key, text);
}

static void add_state(writer *w, cJSON *o, const char *key, int state) {
  add_string(w, o, key, state >= 0 && (size_t)state < STATE_COUNT ? state_names[state] : "none");
}

static cJSON *add_object(writer *w, cJSON *o, const char *key) {
  return checked(w, cJSON_AddObjectToObject(o, key));
}

static cJSON *add_array(writer *w, cJSON *o, const char *key) {
  return checked(w, cJSON_AddArrayToObject(o, key));
}

static cJSON *append_object(writer *w, cJSON *array) {
  cJSON *item = checked(w, cJSON_CreateObject());
  if (item != NULL && !cJSON_AddItemToArray(array, item)) {
    cJSON_Delete(item);
    w->nomem = 1;
    return NULL;
  }
  return item;
}

/* The qualifying window the listing made of a raw window (a ghost's: of its target); NULL. */
static const la_window *qualifying_of(const la_facts *f, const la_raw_window *r) {
  size_t i;
  for (i = 0; i < f->window_count; i++)
    if (f->windows[i].hwnd == r->hwnd) return &f->windows[i];
  return NULL;
}

/* The hung state the listing gave a raw window: its qualifying window's q (read after the
 * windows are met), else what was read of it; a ghost's target is hung. */
static int hung_of(const la_raw_window *r, const la_window *q) {
  if (r->is_ghost_target) return 1;
  return q != NULL ? q->hung : r->hung;
}

/* What the columns read of a qualifying window: {"rect", "show", "cloaked", "foreground"}, each
 * {"state", ...} and only when read; "foreground" holds only its state. */
static void write_window_readings(writer *w, cJSON *o, const la_window *q) {
  la_window_readings g;
  cJSON *readings;
  cJSON *item;

  if (q == NULL || q->read == 0) return;
  la_window_readings_get(q, &g);
  if ((readings = add_object(w, o, "readings")) == NULL) return;
  if ((g.read & LA_WINDOW_READ_RECT) && (item = add_object(w, readings, "rect")) != NULL) {
    add_state(w, item, "state", g.rect_state);
    checked(w, cJSON_AddNumberToObject(item, "left", (double)g.left));
    checked(w, cJSON_AddNumberToObject(item, "top", (double)g.top));
    add_number(w, item, "width", (unsigned long long)(g.width > 0 ? g.width : 0));
    add_number(w, item, "height", (unsigned long long)(g.height > 0 ? g.height : 0));
  }
  if ((g.read & LA_WINDOW_READ_SHOW) && (item = add_object(w, readings, "show")) != NULL) {
    add_state(w, item, "state", g.show_state);
    add_string(w, item, "value",
               g.show >= 0 && (size_t)g.show < SHOW_COUNT ? show_names[g.show] : "normal");
  }
  if ((g.read & LA_WINDOW_READ_CLOAKED) && (item = add_object(w, readings, "cloaked")) != NULL) {
    add_state(w, item, "state", g.cloaked_state);
    add_bool(w, item, "value", g.cloaked);
  }
  /* Whether it is in front is the rule's (core/foreground.c) over the recorded foreground. */
  if ((g.read & LA_WINDOW_READ_FOREGROUND) &&
      (item = add_object(w, readings, "foreground")) != NULL)
    add_state(w, item, "state", g.foreground_state);
}

static void write_windows(writer *w, cJSON *root, const la_facts *f) {
  cJSON *array = add_array(w, root, "windows");
  size_t i;

  for (i = 0; array != NULL && i < f->raw_window_count && !w->nomem; i++) {
    const la_raw_window *r = &f->raw_windows[i];
    const la_window *q = qualifying_of(f, r);
    cJSON *o = append_object(w, array);
    if (o == NULL) return;
    add_handle(w, o, "hwnd", r->hwnd);
    add_number(w, o, "style", r->style);
    add_number(w, o, "exStyle", r->ex_style);
    add_bool(w, o, "hasParent", r->has_parent);
    add_bool(w, o, "shellWindow", r->is_shell_window);
    add_number(w, o, "pid", r->pid);
    add_number(w, o, "thread", r->thread);
    /* A private recording keeps whether a window was titled, which the rules need. */
    add_string(w, o, "title", w->private_text ? NULL : r->title);
    add_bool(w, o, "titled", r->titled || r->title != NULL);
    add_string(w, o, "class", r->class_name);
    add_number(w, o, "coreChildPid", r->core_child_pid);
    if (r->frame_host_path != NULL || r->frame_system_dir != NULL || r->core_child_packaged) {
      add_string(w, o, "frameHostPath", r->frame_host_path);
      add_string(w, o, "frameSystemDir", r->frame_system_dir);
      add_bool(w, o, "coreChildPackaged", r->core_child_packaged);
    }
    add_bool(w, o, "hung", hung_of(r, q));
    if (r->cloaked < 0)
      checked(w, cJSON_AddNullToObject(o, "cloaked"));
    else
      add_bool(w, o, "cloaked", r->cloaked);
    add_handle(w, o, "ghostTarget", r->ghost_target);
    add_bool(w, o, "readForGhost", r->is_ghost_target);
    /* The hidden window a ghost covers shares its handle with the ghost's target: only the
     * target (and a visible window) carries what the columns read. */
    write_window_readings(w, o, (r->style & LA_WS_VISIBLE) || r->is_ghost_target ? q : NULL);
  }
}

/* A counter read at a sample's two readings: {"state", "<key>": ["n", "n"], "seen": [b, b]}. */
static void write_pair(writer *w, cJSON *r, const char *name, const char *key, int state,
                       const uint64_t *value, const int *seen) {
  cJSON *o = add_object(w, r, name);
  cJSON *values;
  cJSON *seens;
  cJSON *item;
  int k;

  if (o == NULL) return;
  add_state(w, o, "state", state);
  values = add_array(w, o, key);
  seens = add_array(w, o, "seen");
  for (k = 0; k < 2 && values != NULL && seens != NULL; k++) {
    char text[24];
    snprintf(text, sizeof text, "%llu", (unsigned long long)value[k]);
    if ((item = checked(w, cJSON_CreateString(text))) != NULL) cJSON_AddItemToArray(values, item);
    if ((item = checked(w, cJSON_CreateBool(seen[k]))) != NULL) cJSON_AddItemToArray(seens, item);
  }
}

/* The readings of the columns of issue 22: Details counts, Disk, Network, GPU, the frozen state
 * and the base priority. */
static void write_more_readings(writer *w, cJSON *r, const la_process_info *info, size_t engines) {
  cJSON *item;
  cJSON *times;
  int k;

  if ((item = add_object(w, r, "frozen")) != NULL) {
    add_state(w, item, "state", info->frozen_state);
    add_bool(w, item, "value", info->frozen);
  }
  if ((item = add_object(w, r, "basePriority")) != NULL) {
    add_state(w, item, "state", info->base_priority_state);
    add_number(w, item, "value",
               info->base_priority > 0 ? (unsigned long long)info->base_priority : 0);
  }
  if ((item = add_object(w, r, "threads")) != NULL) {
    add_state(w, item, "state", info->threads_state);
    add_u64(w, item, "count", info->threads);
  }
  if ((item = add_object(w, r, "handles")) != NULL) {
    add_state(w, item, "state", info->handles_state);
    add_u64(w, item, "count", info->handles);
  }
  if ((item = add_object(w, r, "guiObjects")) != NULL) {
    add_state(w, item, "state", info->gui_state);
    add_u64(w, item, "gdi", info->gdi_objects);
    add_u64(w, item, "user", info->user_objects);
  }
  write_pair(w, r, "disk", "bytes", info->disk_state, info->disk_bytes, info->disk_seen);
  write_pair(w, r, "network", "bytes", info->network_state, info->network_bytes,
             info->network_seen);
  if ((item = add_object(w, r, "gpu")) != NULL) {
    cJSON *seen;
    add_state(w, item, "state", info->gpu_state);
    times = add_array(w, item, "times");
    seen = add_array(w, item, "seen");
    for (k = 0; k < 2 && times != NULL && seen != NULL; k++) {
      cJSON *reading = checked(w, cJSON_CreateArray());
      cJSON *b = checked(w, cJSON_CreateBool(info->gpu_seen[k]));
      size_t e;
      if (b != NULL) cJSON_AddItemToArray(seen, b);
      if (reading == NULL) continue;
      cJSON_AddItemToArray(times, reading);
      for (e = 0; e < engines; e++) {
        char text[24];
        cJSON *t;
        snprintf(
            text, sizeof text, "%llu",
            info->gpu_time != NULL ? (unsigned long long)info->gpu_time[k * engines + e] : 0ull);
        if ((t = checked(w, cJSON_CreateString(text))) != NULL) cJSON_AddItemToArray(reading, t);
      }
    }
  }
  if ((item = add_object(w, r, "gpuMemory")) != NULL) {
    add_state(w, item, "state", info->gpu_memory_state);
    add_u64(w, item, "dedicated", info->gpu_dedicated);
    add_u64(w, item, "shared", info->gpu_shared);
  }
}

static void write_readings(writer *w, cJSON *o, const la_process_info *info, size_t engines) {
  cJSON *r = add_object(w, o, "readings");
  cJSON *cpu;
  cJSON *times;
  cJSON *seen;
  cJSON *item;
  int k;

  if (r == NULL) return;
  cpu = add_object(w, r, "cpu");
  if (cpu != NULL) {
    add_state(w, cpu, "state", info->cpu_state);
    times = add_array(w, cpu, "times");
    seen = add_array(w, cpu, "seen");
    for (k = 0; k < 2 && times != NULL && seen != NULL; k++) {
      char text[24];
      snprintf(text, sizeof text, "%llu", (unsigned long long)info->cpu_time[k]);
      if ((item = checked(w, cJSON_CreateString(text))) != NULL) cJSON_AddItemToArray(times, item);
      if ((item = checked(w, cJSON_CreateBool(info->cpu_seen[k]))) != NULL)
        cJSON_AddItemToArray(seen, item);
    }
  }
  if ((item = add_object(w, r, "memory")) != NULL) {
    add_state(w, item, "state", info->memory_state);
    add_u64(w, item, "bytes", info->memory);
    add_string(w, item, "source",
               info->memory_source == LA_MEMORY_PRIVATE_BYTES ? "private bytes" : "private working set");
  }
  if ((item = add_object(w, r, "suspended")) != NULL) {
    add_state(w, item, "state", info->suspended_state);
    add_bool(w, item, "value", info->suspended);
  }
  if ((item = add_object(w, r, "commandLine")) != NULL) {
    add_state(w, item, "state", info->command_line_state);
    add_string(w, item, "value", w->private_text ? NULL : info->command_line);
  }
  if ((item = add_object(w, r, "architecture")) != NULL) {
    add_state(w, item, "state", info->architecture_state);
    add_string(w, item, "value", info->architecture);
  }
  if ((item = add_object(w, r, "elevated")) != NULL) {
    add_state(w, item, "state", info->elevated_state);
    add_bool(w, item, "value", info->elevated);
  }
  if ((item = add_object(w, r, "user")) != NULL) {
    add_state(w, item, "state", info->user_state);
    add_string(w, item, "value", w->private_text ? NULL : info->user);
  }
  if ((item = add_object(w, r, "efficiency")) != NULL) {
    add_state(w, item, "state", info->efficiency_state);
    add_bool(w, item, "value", info->efficiency);
  }
  write_more_readings(w, r, info, engines);
}

static void write_processes(writer *w, cJSON *root, const la_facts *f) {
  cJSON *array = add_array(w, root, "processes");
  size_t i;

  for (i = 0; array != NULL && i < f->proc_count && !w->nomem; i++) {
    const la_process_facts *p = &f->procs[i];
    cJSON *o = append_object(w, array);
    if (o == NULL) return;
    add_number(w, o, "pid", p->pid);
    add_number(w, o, "parentPid", p->parent_pid);
    add_number(w, o, "session", p->session_id);
    add_bool(w, o, "inSnapshot", p->in_snapshot);
    add_string(w, o, "image", p->exe_name);
    add_u64(w, o, "createTime", p->create_time);
    add_state(w, o, "open", p->open_state);
    add_string(w, o, "path", p->path);
    add_bool(w, o, "critical", p->is_critical);
    add_string(w, o, "package", p->package_name);
    if (p->version == LA_NO_INDEX)
      checked(w, cJSON_AddNullToObject(o, "version"));
    else
      add_number(w, o, "version", p->version);
    if (f->info != NULL) write_readings(w, o, &f->info[i], f->gpu_engine_count);
  }
}

static void write_rest(writer *w, cJSON *root, const la_facts *f) {
  cJSON *array = add_array(w, root, "versions");
  size_t i;

  for (i = 0; array != NULL && i < f->version_count && !w->nomem; i++) {
    cJSON *o = append_object(w, array);
    if (o == NULL) return;
    add_state(w, o, "state", f->versions[i].state);
    add_string(w, o, "description", f->versions[i].description);
    add_string(w, o, "company", f->versions[i].company);
  }
  array = add_array(w, root, "services");
  for (i = 0; array != NULL && i < f->service_count && !w->nomem; i++) {
    cJSON *o = append_object(w, array);
    if (o == NULL) return;
    add_number(w, o, "pid", f->services[i].pid);
    add_string(w, o, "displayName", f->services[i].display_name);
  }
  array = add_array(w, root, "sessions");
  for (i = 0; array != NULL && i < f->session_count && !w->nomem; i++) {
    cJSON *o = append_object(w, array);
    if (o == NULL) return;
    add_number(w, o, "id", f->sessions[i].id);
    add_string(w, o, "user", f->sessions[i].user);
    add_bool(w, o, "listed", f->sessions[i].listed);
    add_string(w, o, "problem", f->sessions[i].problem);
  }
}

int la_recording_write(const la_facts *f, const la_recording_meta *meta, char **text, size_t *len) {
  writer w = {0, meta->private_text};
  cJSON *root = cJSON_CreateObject();
  cJSON *gathered;
  cJSON *needs;
  cJSON *system;
  cJSON *gpu;
  size_t i;
  char *out;

  *text = NULL;
  *len = 0;
  if (root == NULL) return LISTAPPS_ENOMEM;
  add_string(&w, root, "format", LA_RECORDING_FORMAT);
  add_number(&w, root, "formatVersion", LA_RECORDING_VERSION);
  add_string(&w, root, "listapps", meta->listapps_version);
  add_string(&w, root, "os", meta->os_version);
  add_number(&w, root, "recordedMs", (unsigned long long)(meta->recorded_ms > 0 ? meta->recorded_ms : 0));
  add_bool(&w, root, "private", meta->private_text);
  if (f->foreground.read) {
    cJSON *front = add_object(&w, root, "foreground");
    if (front != NULL) {
      add_handle(&w, front, "window", f->foreground.window);
      add_handle(&w, front, "ghostOf", f->foreground.ghost_of);
      add_handle(&w, front, "owner", f->foreground.owner);
    }
  }
  gathered = add_object(&w, root, "gathered");
  if (gathered != NULL) {
    add_bool(&w, gathered, "all", (meta->flags & LISTAPPS_LIST_ALL) != 0);
    needs = add_array(&w, gathered, "facts");
    for (i = 0; needs != NULL && i < NEED_COUNT; i++) {
      cJSON *name;
      if ((meta->needs & need_names[i].bit) == 0) continue;
      if ((name = checked(&w, cJSON_CreateString(need_names[i].name))) != NULL)
        cJSON_AddItemToArray(needs, name);
    }
  }
  system = add_object(&w, root, "system");
  if (system != NULL) {
    add_string(&w, system, "windowsDir", f->windows_dir);
    add_string(&w, system, "systemDir", f->system_dir);
    add_string(&w, system, "programFilesDir", f->program_files_dir);
    add_number(&w, system, "shellPid", f->shell_pid);
    add_number(&w, system, "processors", f->processors);
    add_u64(&w, system, "cpuInterval", f->cpu_interval);
    add_bool(&w, system, "companyGathered", f->company_gathered);
    add_u64(&w, system, "handleInterval", f->handle_interval);
    gpu = add_object(&w, system, "gpu");
    if (gpu != NULL) {
      cJSON *engines;
      add_state(&w, gpu, "state", f->gpu_state);
      engines = add_array(&w, gpu, "engines");
      for (i = 0; engines != NULL && i < f->gpu_engine_count; i++) {
        cJSON *e = append_object(&w, engines);
        if (e == NULL) break;
        add_number(&w, e, "adapter", f->gpu_engines[i].adapter);
        add_number(&w, e, "node", f->gpu_engines[i].node);
        add_string(&w, e, "name", f->gpu_engines[i].name);
      }
    }
  }
  write_windows(&w, root, f);
  write_processes(&w, root, f);
  write_rest(&w, root, f);
  out = w.nomem ? NULL : cJSON_Print(root);
  cJSON_Delete(root);
  if (out == NULL) return LISTAPPS_ENOMEM;
  /* cJSON allocates with malloc, and the caller frees with free. */
  *len = strlen(out);
  *text = out;
  return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading. Every getter says what is wrong and where, once; after that, each returns at once. */

typedef struct reader {
  char *problem;
  size_t problem_size;
  int failed;
  int nomem;
} reader;

static int bad(reader *r, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int bad(reader *r, const char *path, const char *fmt, ...) {
  char what[160];
  va_list ap;

  if (r->failed) return 0;
  r->failed = 1;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (r->problem != NULL && r->problem_size > 0)
    snprintf(r->problem, r->problem_size, "%s%s%s", path, path[0] != '\0' ? ": " : "", what);
  return 0;
}

static int out_of_memory(reader *r) {
  r->nomem = 1;
  r->failed = 1;
  return 0;
}

static const cJSON *member(reader *r, const cJSON *o, const char *path, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);
  if (item == NULL && !r->failed) bad(r, path, "no \"%s\"", key);
  return item;
}

/* A string (or null, when allow_null) into *out, malloc'd and valid UTF-8. */
static int read_string(reader *r, const cJSON *o, const char *path, const char *key,
                       int allow_null, char **out) {
  const cJSON *item = member(r, o, path, key);
  size_t len;
  size_t at;

  *out = NULL;
  if (item == NULL) return 0;
  if (cJSON_IsNull(item)) return allow_null ? 1 : bad(r, path, "\"%s\" is null", key);
  if (!cJSON_IsString(item)) return bad(r, path, "\"%s\" is not a string", key);
  len = strlen(item->valuestring);
  if (len > MAX_STRING_BYTES) return bad(r, path, "\"%s\" is longer than 1 MiB", key);
  for (at = 0; at < len;) {
    uint32_t cp;
    size_t used = la_utf8_decode(item->valuestring + at, len - at, &cp);
    if (cp == LA_REPLACEMENT_CHAR && !(used == 3 && memcmp(item->valuestring + at, "\xEF\xBF\xBD", 3) == 0))
      return bad(r, path, "\"%s\" is not valid UTF-8", key);
    at += used;
  }
  *out = la_strndup(item->valuestring, len);
  return *out != NULL ? 1 : out_of_memory(r);
}

/* A whole number from 0 to max (at most 2^53, which a JSON number holds exactly). */
static int read_number(reader *r, const cJSON *o, const char *path, const char *key,
                       unsigned long long max, unsigned long long *out) {
  const cJSON *item = member(r, o, path, key);
  double v;

  *out = 0;
  if (item == NULL) return 0;
  if (!cJSON_IsNumber(item)) return bad(r, path, "\"%s\" is not a number", key);
  v = item->valuedouble;
  if (!(v >= 0) || v > (double)max || v != (double)(unsigned long long)v)
    return bad(r, path, "\"%s\" is not a whole number from 0 to %llu", key, max);
  *out = (unsigned long long)v;
  return 1;
}

static int read_bool(reader *r, const cJSON *o, const char *path, const char *key, int *out) {
  const cJSON *item = member(r, o, path, key);
  *out = 0;
  if (item == NULL) return 0;
  if (!cJSON_IsBool(item)) return bad(r, path, "\"%s\" is not true or false", key);
  *out = cJSON_IsTrue(item);
  return 1;
}

/* A 64-bit value written as a decimal string: item itself. */
static int read_u64_item(reader *r, const cJSON *item, const char *path, const char *key,
                         unsigned long long *out) {
  const char *s;
  unsigned long long v = 0;
  size_t i;

  *out = 0;
  if (!cJSON_IsString(item)) return bad(r, path, "\"%s\" is not a decimal string", key);
  s = item->valuestring;
  if (s[0] == '\0' || strlen(s) > 20) return bad(r, path, "\"%s\" is not a 64-bit number", key);
  for (i = 0; s[i] != '\0'; i++) {
    unsigned d = (unsigned)(s[i] - '0');
    if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - d) / 10)
      return bad(r, path, "\"%s\" is not a 64-bit number", key);
    v = v * 10 + d;
  }
  *out = v;
  return 1;
}

/* A 64-bit value written as a decimal string, the member key of o. */
static int read_u64(reader *r, const cJSON *o, const char *path, const char *key,
                    unsigned long long *out) {
  const cJSON *item = member(r, o, path, key);

  *out = 0;
  return item != NULL ? read_u64_item(r, item, path, key, out) : 0;
}

/* A window handle, "0x" and hexadecimal digits, or null (0). */
static int read_handle(reader *r, const cJSON *o, const char *path, const char *key,
                       uintptr_t *out) {
  const cJSON *item = member(r, o, path, key);
  const char *s;
  unsigned long long v = 0;
  size_t i;

  *out = 0;
  if (item == NULL) return 0;
  if (cJSON_IsNull(item)) return 1;
  if (!cJSON_IsString(item)) return bad(r, path, "\"%s\" is not a window handle", key);
  s = item->valuestring;
  if (strncmp(s, "0x", 2) != 0 || s[2] == '\0' || strlen(s) > 2 + 2 * sizeof(uintptr_t))
    return bad(r, path, "\"%s\" is not a window handle (0x and hexadecimal digits)", key);
  for (i = 2; s[i] != '\0'; i++) {
    char c = s[i];
    unsigned d;
    if (c >= '0' && c <= '9')
      d = (unsigned)(c - '0');
    else if (c >= 'A' && c <= 'F')
      d = (unsigned)(c - 'A' + 10);
    else if (c >= 'a' && c <= 'f')
      d = (unsigned)(c - 'a' + 10);
    else
      return bad(r, path, "\"%s\" is not a window handle (0x and hexadecimal digits)", key);
    v = v << 4 | d;
  }
  if (v == 0) return bad(r, path, "\"%s\" is 0", key);
  *out = (uintptr_t)v;
  return 1;
}

static int read_state(reader *r, const cJSON *o, const char *path, const char *key, int *out) {
  const cJSON *item = member(r, o, path, key);
  size_t i;

  *out = LISTAPPS_VALUE_NONE;
  if (item == NULL) return 0;
  if (cJSON_IsString(item))
    for (i = 0; i < STATE_COUNT; i++)
      if (strcmp(item->valuestring, state_names[i]) == 0) {
        *out = (int)i;
        return 1;
      }
  return bad(r, path, "\"%s\" is not a value state (present, none, not gathered, denied, "
                      "exited, unsupported)",
             key);
}

/* An array of at most LA_RECORDING_MAX_ITEMS items. */
static const cJSON *read_array(reader *r, const cJSON *o, const char *key, size_t *count) {
  const cJSON *item = member(r, o, "", key);
  int n;

  *count = 0;
  if (item == NULL) return NULL;
  if (!cJSON_IsArray(item)) {
    bad(r, key, "not an array");
    return NULL;
  }
  n = cJSON_GetArraySize(item);
  if (n < 0 || (unsigned)n > LA_RECORDING_MAX_ITEMS) {
    bad(r, key, "more than %u items", LA_RECORDING_MAX_ITEMS);
    return NULL;
  }
  *count = (size_t)n;
  return item;
}

static int is_object(reader *r, const cJSON *item, const char *path) {
  return cJSON_IsObject(item) ? 1 : bad(r, path, "not an object");
}

/* A whole number from -2^31 to 2^31-1 (a screen coordinate). */
static int read_signed(reader *r, const cJSON *o, const char *path, const char *key, long *out) {
  const cJSON *item = member(r, o, path, key);
  double v;

  *out = 0;
  if (item == NULL) return 0;
  if (!cJSON_IsNumber(item)) return bad(r, path, "\"%s\" is not a number", key);
  v = item->valuedouble;
  if (!(v >= -2147483648.0 && v <= 2147483647.0) || v != (double)(long long)v)
    return bad(r, path, "\"%s\" is not a whole number from -2147483648 to 2147483647", key);
  *out = (long)v;
  return 1;
}

/* A window's "readings" (write_readings' form); absent in recordings that read none. */
static void read_window_readings(reader *r, const cJSON *o, const char *path,
                                 la_window_readings *g) {
  const cJSON *readings = cJSON_GetObjectItemCaseSensitive(o, "readings");
  const cJSON *item;
  unsigned long long v;
  char sub[64];

  memset(g, 0, sizeof *g);
  if (readings == NULL || r->failed) return;
  if (!is_object(r, readings, path)) return;
  snprintf(sub, sizeof sub, "%s.readings", path);
  if ((item = cJSON_GetObjectItemCaseSensitive(readings, "rect")) != NULL &&
      is_object(r, item, sub)) {
    g->read |= LA_WINDOW_READ_RECT;
    read_state(r, item, sub, "state", &g->rect_state);
    read_signed(r, item, sub, "left", &g->left);
    read_signed(r, item, sub, "top", &g->top);
    read_number(r, item, sub, "width", 0x7FFFFFFFull, &v);
    g->width = (long)v;
    read_number(r, item, sub, "height", 0x7FFFFFFFull, &v);
    g->height = (long)v;
  }
  if ((item = cJSON_GetObjectItemCaseSensitive(readings, "show")) != NULL &&
      is_object(r, item, sub)) {
    const cJSON *value = member(r, item, sub, "value");
    size_t i;
    g->read |= LA_WINDOW_READ_SHOW;
    read_state(r, item, sub, "state", &g->show_state);
    for (i = 0; value != NULL && cJSON_IsString(value) && i < SHOW_COUNT; i++)
      if (strcmp(value->valuestring, show_names[i]) == 0) break;
    if (value != NULL && (!cJSON_IsString(value) || i == SHOW_COUNT))
      bad(r, sub, "\"show\" is not normal, minimized or maximized");
    g->show = (int)i;
  }
  if ((item = cJSON_GetObjectItemCaseSensitive(readings, "cloaked")) != NULL &&
      is_object(r, item, sub)) {
    g->read |= LA_WINDOW_READ_CLOAKED;
    read_state(r, item, sub, "state", &g->cloaked_state);
    read_bool(r, item, sub, "value", &g->cloaked);
  }
  if ((item = cJSON_GetObjectItemCaseSensitive(readings, "foreground")) != NULL &&
      is_object(r, item, sub)) {
    g->read |= LA_WINDOW_READ_FOREGROUND;
    read_state(r, item, sub, "state", &g->foreground_state);
  }
}

/* The foreground window and what it stands for, when the listing asked (absent otherwise, and in
 * recordings made before Foreground existed: not gathered). */
static void read_foreground(reader *r, const cJSON *root, la_foreground *fg) {
  const cJSON *front = cJSON_GetObjectItemCaseSensitive(root, "foreground");

  memset(fg, 0, sizeof *fg);
  if (front == NULL || !is_object(r, front, "foreground")) return;
  fg->read = 1;
  read_handle(r, front, "foreground", "window", &fg->window);
  read_handle(r, front, "foreground", "ghostOf", &fg->ghost_of);
  read_handle(r, front, "foreground", "owner", &fg->owner);
}

/* Which window is in front, by the live rule (core/foreground.c), for the windows whose
 * foreground was read on the recorded desktop (another session's stay as recorded). */
static void mark_foreground(la_facts *f) {
  size_t front = la_foreground_index(f->windows, f->window_count, &f->foreground);
  size_t i;

  for (i = 0; i < f->window_count; i++)
    f->windows[i].foreground = i == front && (f->windows[i].read & LA_WINDOW_READ_FOREGROUND) &&
                               f->windows[i].foreground_state == LISTAPPS_VALUE_PRESENT;
}

static void read_windows(reader *r, const cJSON *root, la_facts *f) {
  size_t count;
  const cJSON *array = read_array(r, root, "windows", &count);
  const cJSON *o;
  size_t i = 0;

  if (array == NULL || count == 0) return;
  f->raw_windows = calloc(count, sizeof *f->raw_windows);
  if (f->raw_windows == NULL) {
    out_of_memory(r);
    return;
  }
  cJSON_ArrayForEach(o, array) {
    la_raw_window *w = &f->raw_windows[i];
    unsigned long long v;
    char path[48];
    int titled = 0;
    snprintf(path, sizeof path, "windows[%lu]", (unsigned long)i);
    f->raw_window_count = ++i;
    if (!is_object(r, o, path)) return;
    read_handle(r, o, path, "hwnd", &w->hwnd);
    if (w->hwnd == 0) bad(r, path, "\"hwnd\" is null");
    read_number(r, o, path, "style", 0xFFFFFFFFull, &v);
    w->style = (unsigned long)v;
    read_number(r, o, path, "exStyle", 0xFFFFFFFFull, &v);
    w->ex_style = (unsigned long)v;
    read_bool(r, o, path, "hasParent", &w->has_parent);
    read_bool(r, o, path, "shellWindow", &w->is_shell_window);
    read_number(r, o, path, "pid", 0xFFFFFFFFull, &v);
    w->pid = (unsigned long)v;
    read_number(r, o, path, "thread", 0xFFFFFFFFull, &v);
    w->thread = (unsigned long)v;
    read_string(r, o, path, "title", 1, &w->title);
    read_bool(r, o, path, "titled", &titled);
    /* A private recording keeps only that the window was titled. */
    w->titled = titled;
    if (!r->failed && !titled && w->title != NULL) bad(r, path, "a title, but \"titled\" is false");
    if (!r->failed && w->title != NULL && w->title[0] == '\0' && !titled)
      bad(r, path, "an empty title");
    read_string(r, o, path, "class", 1, &w->class_name);
    read_number(r, o, path, "coreChildPid", 0xFFFFFFFFull, &v);
    w->core_child_pid = (unsigned long)v;
    /* A UWP frame's facts, present only for a frame with a core window. */
    if (cJSON_GetObjectItemCaseSensitive(o, "frameHostPath") != NULL) {
      read_string(r, o, path, "frameHostPath", 1, &w->frame_host_path);
      read_string(r, o, path, "frameSystemDir", 1, &w->frame_system_dir);
      read_bool(r, o, path, "coreChildPackaged", &w->core_child_packaged);
    }
    read_bool(r, o, path, "hung", &w->hung);
    {
      const cJSON *cloaked = member(r, o, path, "cloaked");
      w->cloaked = -1;
      if (cloaked != NULL && !cJSON_IsNull(cloaked)) read_bool(r, o, path, "cloaked", &w->cloaked);
    }
    read_handle(r, o, path, "ghostTarget", &w->ghost_target);
    read_bool(r, o, path, "readForGhost", &w->is_ghost_target);
    read_window_readings(r, o, path, &w->readings);
    if (r->failed) return;
  }
}

/* A reading that recordings made before it existed leave out: NULL (not gathered) when absent,
 * else it must be an object. */
static const cJSON *optional_object(reader *r, const cJSON *o, const char *path, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);
  if (item == NULL || r->failed) return NULL;
  return is_object(r, item, path) ? item : NULL;
}

/* Two decimal-string values and two booleans (write_pair's form). */
static void read_pair(reader *r, const cJSON *item, const char *path, const char *key,
                      uint64_t *value, int *seen) {
  const cJSON *values = member(r, item, path, key);
  const cJSON *seens = member(r, item, path, "seen");
  int k;

  if (!r->failed && (!cJSON_IsArray(values) || cJSON_GetArraySize(values) != 2 ||
                     !cJSON_IsArray(seens) || cJSON_GetArraySize(seens) != 2))
    bad(r, path, "\"%s\" and \"seen\" are not arrays of two", key);
  for (k = 0; k < 2 && !r->failed; k++) {
    unsigned long long v;
    const cJSON *b = cJSON_GetArrayItem(seens, k);
    read_u64_item(r, cJSON_GetArrayItem(values, k), path, key, &v);
    value[k] = v;
    if (!r->failed && !cJSON_IsBool(b))
      bad(r, path, "\"seen\" holds something other than true or false");
    seen[k] = cJSON_IsTrue(b);
  }
}

static void read_more_readings(reader *r, const cJSON *readings, const char *path,
                               la_process_info *info, size_t engines) {
  const cJSON *item;
  unsigned long long v;
  char sub[112];
  int k;

  info->frozen_state = info->base_priority_state = info->threads_state =
      LISTAPPS_VALUE_NOT_GATHERED;
  info->handles_state = info->gui_state = info->disk_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->network_state = info->gpu_state = info->gpu_memory_state = LISTAPPS_VALUE_NOT_GATHERED;
  snprintf(sub, sizeof sub, "%s.readings.frozen", path);
  if ((item = optional_object(r, readings, sub, "frozen")) != NULL) {
    read_state(r, item, sub, "state", &info->frozen_state);
    read_bool(r, item, sub, "value", &info->frozen);
  }
  snprintf(sub, sizeof sub, "%s.readings.basePriority", path);
  if ((item = optional_object(r, readings, sub, "basePriority")) != NULL) {
    read_state(r, item, sub, "state", &info->base_priority_state);
    read_number(r, item, sub, "value", 31, &v);
    info->base_priority = (long)v;
  }
  snprintf(sub, sizeof sub, "%s.readings.threads", path);
  if ((item = optional_object(r, readings, sub, "threads")) != NULL) {
    read_state(r, item, sub, "state", &info->threads_state);
    read_u64(r, item, sub, "count", &v);
    info->threads = v;
  }
  snprintf(sub, sizeof sub, "%s.readings.handles", path);
  if ((item = optional_object(r, readings, sub, "handles")) != NULL) {
    read_state(r, item, sub, "state", &info->handles_state);
    read_u64(r, item, sub, "count", &v);
    info->handles = v;
  }
  snprintf(sub, sizeof sub, "%s.readings.guiObjects", path);
  if ((item = optional_object(r, readings, sub, "guiObjects")) != NULL) {
    read_state(r, item, sub, "state", &info->gui_state);
    read_u64(r, item, sub, "gdi", &v);
    info->gdi_objects = v;
    read_u64(r, item, sub, "user", &v);
    info->user_objects = v;
  }
  snprintf(sub, sizeof sub, "%s.readings.disk", path);
  if ((item = optional_object(r, readings, sub, "disk")) != NULL) {
    read_state(r, item, sub, "state", &info->disk_state);
    read_pair(r, item, sub, "bytes", info->disk_bytes, info->disk_seen);
  }
  snprintf(sub, sizeof sub, "%s.readings.network", path);
  if ((item = optional_object(r, readings, sub, "network")) != NULL) {
    read_state(r, item, sub, "state", &info->network_state);
    read_pair(r, item, sub, "bytes", info->network_bytes, info->network_seen);
  }
  snprintf(sub, sizeof sub, "%s.readings.gpu", path);
  if ((item = optional_object(r, readings, sub, "gpu")) != NULL) {
    const cJSON *times = member(r, item, sub, "times");
    const cJSON *seen = member(r, item, sub, "seen");
    read_state(r, item, sub, "state", &info->gpu_state);
    if (!r->failed && (!cJSON_IsArray(times) || cJSON_GetArraySize(times) != 2 ||
                       !cJSON_IsArray(seen) || cJSON_GetArraySize(seen) != 2))
      bad(r, sub, "\"times\" and \"seen\" are not arrays of two");
    if (!r->failed && engines > 0 &&
        (info->gpu_time = calloc(2 * engines, sizeof *info->gpu_time)) == NULL)
      out_of_memory(r);
    for (k = 0; k < 2 && !r->failed; k++) {
      const cJSON *reading = cJSON_GetArrayItem(times, k);
      const cJSON *b = cJSON_GetArrayItem(seen, k);
      size_t e;
      if (!cJSON_IsArray(reading) || (size_t)cJSON_GetArraySize(reading) != engines) {
        bad(r, sub, "\"times\" does not hold one time per engine of system.gpu.engines");
        break;
      }
      for (e = 0; e < engines && !r->failed; e++) {
        read_u64_item(r, cJSON_GetArrayItem(reading, (int)e), sub, "times", &v);
        info->gpu_time[k * engines + e] = v;
      }
      if (!r->failed && !cJSON_IsBool(b))
        bad(r, sub, "\"seen\" holds something other than true or false");
      info->gpu_seen[k] = cJSON_IsTrue(b);
    }
  }
  snprintf(sub, sizeof sub, "%s.readings.gpuMemory", path);
  if ((item = optional_object(r, readings, sub, "gpuMemory")) != NULL) {
    read_state(r, item, sub, "state", &info->gpu_memory_state);
    read_u64(r, item, sub, "dedicated", &v);
    info->gpu_dedicated = v;
    read_u64(r, item, sub, "shared", &v);
    info->gpu_shared = v;
  }
}

static void read_readings(reader *r, const cJSON *o, const char *path, la_process_info *info,
                          size_t engines) {
  const cJSON *readings = cJSON_GetObjectItemCaseSensitive(o, "readings");
  const cJSON *item;
  char sub[96];
  char *text = NULL;
  int k;

  /* Unread readings, and any reading left out, are what a listing that did not gather them
   * leaves: not gathered. */
  info->cpu_state = info->memory_state = info->suspended_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->command_line_state = info->architecture_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->elevated_state = info->user_state = info->efficiency_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->frozen_state = info->base_priority_state = info->threads_state =
      LISTAPPS_VALUE_NOT_GATHERED;
  info->handles_state = info->gui_state = info->disk_state = LISTAPPS_VALUE_NOT_GATHERED;
  info->network_state = info->gpu_state = info->gpu_memory_state = LISTAPPS_VALUE_NOT_GATHERED;
  if (readings == NULL) return;
  snprintf(sub, sizeof sub, "%s.readings", path);
  if (!is_object(r, readings, sub)) return;
  snprintf(sub, sizeof sub, "%s.readings.cpu", path);
  if ((item = cJSON_GetObjectItemCaseSensitive(readings, "cpu")) != NULL && is_object(r, item, sub)) {
    const cJSON *times = member(r, item, sub, "times");
    const cJSON *seen = member(r, item, sub, "seen");
    read_state(r, item, sub, "state", &info->cpu_state);
    if (!r->failed && (!cJSON_IsArray(times) || cJSON_GetArraySize(times) != 2 ||
                       !cJSON_IsArray(seen) || cJSON_GetArraySize(seen) != 2))
      bad(r, sub, "\"times\" and \"seen\" are not arrays of two");
    for (k = 0; k < 2 && !r->failed; k++) {
      unsigned long long v;
      const cJSON *s = cJSON_GetArrayItem(seen, k);
      read_u64_item(r, cJSON_GetArrayItem(times, k), sub, "times", &v);
      info->cpu_time[k] = v;
      if (!r->failed && !cJSON_IsBool(s)) bad(r, sub, "\"seen\" holds something other than true or false");
      info->cpu_seen[k] = cJSON_IsTrue(s);
    }
  }
  snprintf(sub, sizeof sub, "%s.readings.memory", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "memory")) != NULL && is_object(r, item, sub)) {
    unsigned long long v;
    read_state(r, item, sub, "state", &info->memory_state);
    read_u64(r, item, sub, "bytes", &v);
    info->memory = v;
    read_string(r, item, sub, "source", 0, &text);
    if (!r->failed) {
      if (strcmp(text, "private working set") == 0)
        info->memory_source = LA_MEMORY_PRIVATE_WORKING_SET;
      else if (strcmp(text, "private bytes") == 0)
        info->memory_source = LA_MEMORY_PRIVATE_BYTES;
      else
        bad(r, sub, "\"source\" is neither \"private working set\" nor \"private bytes\"");
    }
    free(text);
    text = NULL;
  }
  snprintf(sub, sizeof sub, "%s.readings.suspended", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "suspended")) != NULL && is_object(r, item, sub)) {
    read_state(r, item, sub, "state", &info->suspended_state);
    read_bool(r, item, sub, "value", &info->suspended);
  }
  snprintf(sub, sizeof sub, "%s.readings.commandLine", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "commandLine")) != NULL && is_object(r, item, sub)) {
    read_state(r, item, sub, "state", &info->command_line_state);
    read_string(r, item, sub, "value", 1, &info->command_line);
  }
  snprintf(sub, sizeof sub, "%s.readings.architecture", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "architecture")) != NULL && is_object(r, item, sub)) {
    read_state(r, item, sub, "state", &info->architecture_state);
    read_string(r, item, sub, "value", 1, &text);
    if (!r->failed && text != NULL) {
      size_t a;
      for (a = 0; a < ARCHITECTURE_COUNT && strcmp(text, architectures[a]) != 0; a++) continue;
      if (a == ARCHITECTURE_COUNT)
        bad(r, sub, "\"value\" is not x64, x86, ARM64 or ARM");
      else
        info->architecture = architectures[a];
    }
    free(text);
    text = NULL;
  }
  snprintf(sub, sizeof sub, "%s.readings.elevated", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "elevated")) != NULL && is_object(r, item, sub)) {
    read_state(r, item, sub, "state", &info->elevated_state);
    read_bool(r, item, sub, "value", &info->elevated);
  }
  snprintf(sub, sizeof sub, "%s.readings.user", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "user")) != NULL && is_object(r, item, sub)) {
    read_state(r, item, sub, "state", &info->user_state);
    read_string(r, item, sub, "value", 1, &info->user);
  }
  snprintf(sub, sizeof sub, "%s.readings.efficiency", path);
  if (!r->failed && (item = cJSON_GetObjectItemCaseSensitive(readings, "efficiency")) != NULL && is_object(r, item, sub)) {
    read_state(r, item, sub, "state", &info->efficiency_state);
    read_bool(r, item, sub, "value", &info->efficiency);
  }
  if (!r->failed) read_more_readings(r, readings, path, info, engines);
  /* A present string reading holds its string. */
  if (!r->failed && info->command_line_state == LISTAPPS_VALUE_PRESENT && info->command_line == NULL)
    info->command_line_state = LISTAPPS_VALUE_NONE;
  if (!r->failed && info->user_state == LISTAPPS_VALUE_PRESENT && info->user == NULL)
    info->user_state = LISTAPPS_VALUE_NONE;
  if (!r->failed && info->architecture_state == LISTAPPS_VALUE_PRESENT && info->architecture == NULL)
    info->architecture_state = LISTAPPS_VALUE_NONE;
}

static void read_processes(reader *r, const cJSON *root, la_facts *f, int with_readings) {
  size_t count;
  const cJSON *array = read_array(r, root, "processes", &count);
  const cJSON *o;
  size_t i = 0;

  if (array == NULL || count == 0) return;
  f->procs = calloc(count, sizeof *f->procs);
  if (with_readings) f->info = calloc(count, sizeof *f->info);
  if (f->procs == NULL || (with_readings && f->info == NULL)) {
    out_of_memory(r);
    return;
  }
  cJSON_ArrayForEach(o, array) {
    la_process_facts *p = &f->procs[i];
    const cJSON *version;
    unsigned long long v;
    char path[48];
    snprintf(path, sizeof path, "processes[%lu]", (unsigned long)i);
    f->proc_count = ++i;
    p->version = LA_NO_INDEX;
    if (!is_object(r, o, path)) return;
    read_number(r, o, path, "pid", 0xFFFFFFFFull, &v);
    p->pid = (unsigned long)v;
    read_number(r, o, path, "parentPid", 0xFFFFFFFFull, &v);
    p->parent_pid = (unsigned long)v;
    read_number(r, o, path, "session", 0xFFFFFFFFull, &v);
    p->session_id = (unsigned long)v;
    read_bool(r, o, path, "inSnapshot", &p->in_snapshot);
    read_string(r, o, path, "image", 1, &p->exe_name);
    read_u64(r, o, path, "createTime", &v);
    p->create_time = v;
    read_state(r, o, path, "open", &p->open_state);
    read_string(r, o, path, "path", 1, &p->path);
    read_bool(r, o, path, "critical", &p->is_critical);
    read_string(r, o, path, "package", 1, &p->package_name);
    version = member(r, o, path, "version");
    if (version != NULL && !cJSON_IsNull(version) && read_number(r, o, path, "version", 0xFFFFFFFFull, &v))
      p->version = (size_t)v;
    if (with_readings) read_readings(r, o, path, &f->info[i - 1], f->gpu_engine_count);
    if (r->failed) return;
  }
}

static void read_versions(reader *r, const cJSON *root, la_facts *f) {
  size_t count;
  const cJSON *array = read_array(r, root, "versions", &count);
  const cJSON *o;
  size_t i = 0;

  if (array == NULL || count == 0) return;
  f->versions = calloc(count, sizeof *f->versions);
  if (f->versions == NULL) {
    out_of_memory(r);
    return;
  }
  cJSON_ArrayForEach(o, array) {
    la_version_facts *v = &f->versions[i];
    char path[48];
    snprintf(path, sizeof path, "versions[%lu]", (unsigned long)i);
    f->version_count = ++i;
    if (!is_object(r, o, path)) return;
    read_state(r, o, path, "state", &v->state);
    read_string(r, o, path, "description", 1, &v->description);
    read_string(r, o, path, "company", 1, &v->company);
    if (r->failed) return;
  }
}

static void read_services(reader *r, const cJSON *root, la_facts *f) {
  size_t count;
  const cJSON *array = read_array(r, root, "services", &count);
  const cJSON *o;
  size_t i = 0;

  if (array == NULL || count == 0) return;
  f->services = calloc(count, sizeof *f->services);
  if (f->services == NULL) {
    out_of_memory(r);
    return;
  }
  cJSON_ArrayForEach(o, array) {
    unsigned long long v;
    char path[48];
    snprintf(path, sizeof path, "services[%lu]", (unsigned long)i);
    f->service_count = ++i;
    if (!is_object(r, o, path)) return;
    read_number(r, o, path, "pid", 0xFFFFFFFFull, &v);
    f->services[i - 1].pid = (unsigned long)v;
    read_string(r, o, path, "displayName", 0, &f->services[i - 1].display_name);
    /* The listing looks services up by PID: they are sorted so, then by name. */
    if (!r->failed && i > 1 && (f->services[i - 2].pid > f->services[i - 1].pid ||
                                (f->services[i - 2].pid == f->services[i - 1].pid &&
                                 strcmp(f->services[i - 2].display_name,
                                        f->services[i - 1].display_name) > 0)))
      bad(r, path, "services are not sorted by PID, then display name");
    if (r->failed) return;
  }
}

static void read_sessions(reader *r, const cJSON *root, la_facts *f) {
  size_t count;
  const cJSON *array = read_array(r, root, "sessions", &count);
  const cJSON *o;
  size_t i = 0;

  if (array == NULL || count == 0) return;
  f->sessions = calloc(count, sizeof *f->sessions);
  if (f->sessions == NULL) {
    out_of_memory(r);
    return;
  }
  cJSON_ArrayForEach(o, array) {
    la_session_status *s = &f->sessions[i];
    unsigned long long v;
    char path[48];
    snprintf(path, sizeof path, "sessions[%lu]", (unsigned long)i);
    f->session_count = ++i;
    if (!is_object(r, o, path)) return;
    read_number(r, o, path, "id", 0xFFFFFFFFull, &v);
    s->id = (unsigned long)v;
    read_string(r, o, path, "user", 1, &s->user);
    read_bool(r, o, path, "listed", &s->listed);
    read_string(r, o, path, "problem", 1, &s->problem);
    if (r->failed) return;
  }
}

/* Every cross-reference holds: version indexes name a version, a ghost's target is there. */
static void check_references(reader *r, const la_facts *f) {
  size_t i;

  for (i = 0; i < f->proc_count && !r->failed; i++) {
    char path[48];
    snprintf(path, sizeof path, "processes[%lu]", (unsigned long)i);
    if (f->procs[i].version != LA_NO_INDEX && f->procs[i].version >= f->version_count)
      bad(r, path, "\"version\" names no entry of \"versions\"");
  }
}

/* How many JSON values the text can hold at most: each starts at a '[', '{', ':' or ','
 * outside a string (or is the one top-level value). Counted before cJSON builds anything, so a
 * recording of a million tiny values is refused without using memory for each. */
static size_t value_bound(const char *text, size_t len) {
  size_t n = 1;
  int in_string = 0;
  size_t i;

  for (i = 0; i < len; i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = 0;
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '[' || c == '{' || c == ',' || c == ':') {
      n++;
    }
  }
  return n;
}

/* The sample through handles and the GPU engines; recordings made before them leave them out
 * (then no GPU reading can name an engine). */
static void read_system_gpu(reader *r, const cJSON *system, la_facts *f) {
  const cJSON *gpu;
  const cJSON *engines;
  const cJSON *e;
  unsigned long long v;
  size_t count;
  size_t i = 0;

  f->gpu_state = LISTAPPS_VALUE_NOT_GATHERED;
  if (cJSON_GetObjectItemCaseSensitive(system, "handleInterval") != NULL) {
    read_u64(r, system, "system", "handleInterval", &v);
    f->handle_interval = v;
  }
  if ((gpu = optional_object(r, system, "system.gpu", "gpu")) == NULL) return;
  read_state(r, gpu, "system.gpu", "state", &f->gpu_state);
  engines = member(r, gpu, "system.gpu", "engines");
  if (r->failed) return;
  if (!cJSON_IsArray(engines)) {
    bad(r, "system.gpu.engines", "not an array");
    return;
  }
  count = (size_t)cJSON_GetArraySize(engines);
  if (count > LA_GPU_MAX_ENGINES) {
    bad(r, "system.gpu.engines", "more than %d engines", LA_GPU_MAX_ENGINES);
    return;
  }
  if (count == 0) return;
  f->gpu_engines = calloc(count, sizeof *f->gpu_engines);
  if (f->gpu_engines == NULL) {
    out_of_memory(r);
    return;
  }
  cJSON_ArrayForEach(e, engines) {
    char path[48];
    la_gpu_engine *g = &f->gpu_engines[i];
    snprintf(path, sizeof path, "system.gpu.engines[%lu]", (unsigned long)i);
    f->gpu_engine_count = ++i;
    if (!is_object(r, e, path)) return;
    read_number(r, e, path, "adapter", 0xFFFFu, &v);
    g->adapter = (unsigned)v;
    read_number(r, e, path, "node", 0xFFFFu, &v);
    g->node = (unsigned)v;
    read_string(r, e, path, "name", 0, &g->name);
    if (r->failed) return;
  }
}

static void read_meta(reader *r, const cJSON *root, la_recording_meta *meta, la_facts *f) {
  const cJSON *gathered;
  const cJSON *system;
  const cJSON *facts;
  const cJSON *name;
  char *format = NULL;
  unsigned long long v;
  int flag;

  read_string(r, root, "", "format", 0, &format);
  if (!r->failed && strcmp(format, LA_RECORDING_FORMAT) != 0)
    bad(r, "format", "not \"%s\"", LA_RECORDING_FORMAT);
  free(format);
  if (!r->failed && read_number(r, root, "", "formatVersion", 0xFFFFFFFFull, &v) &&
      v != LA_RECORDING_VERSION)
    bad(r, "formatVersion", "%llu, but this listapps reads version %d", v, LA_RECORDING_VERSION);
  read_string(r, root, "", "listapps", 1, &meta->listapps_version);
  read_string(r, root, "", "os", 1, &meta->os_version);
  read_number(r, root, "", "recordedMs", 1ull << 53, &v);
  meta->recorded_ms = (long long)v;
  read_bool(r, root, "", "private", &meta->private_text);
  gathered = member(r, root, "", "gathered");
  if (gathered != NULL && is_object(r, gathered, "gathered")) {
    read_bool(r, gathered, "gathered", "all", &flag);
    meta->flags = flag ? LISTAPPS_LIST_ALL : 0u;
    facts = member(r, gathered, "gathered", "facts");
    if (facts != NULL && !cJSON_IsArray(facts)) bad(r, "gathered.facts", "not an array");
    if (!r->failed) {
      cJSON_ArrayForEach(name, facts) {
        size_t k;
        for (k = 0; k < NEED_COUNT; k++)
          if (cJSON_IsString(name) && strcmp(name->valuestring, need_names[k].name) == 0) break;
        if (k == NEED_COUNT) {
          bad(r, "gathered.facts", "holds something other than a fact's name");
          break;
        }
        meta->needs |= need_names[k].bit;
      }
    }
  }
  system = member(r, root, "", "system");
  if (system != NULL && is_object(r, system, "system")) {
    read_string(r, system, "system", "windowsDir", 1, &f->windows_dir);
    read_string(r, system, "system", "systemDir", 1, &f->system_dir);
    read_string(r, system, "system", "programFilesDir", 1, &f->program_files_dir);
    read_number(r, system, "system", "shellPid", 0xFFFFFFFFull, &v);
    f->shell_pid = (unsigned long)v;
    read_number(r, system, "system", "processors", 65536, &v);
    f->processors = (unsigned)v;
    read_u64(r, system, "system", "cpuInterval", &v);
    f->cpu_interval = v;
    read_bool(r, system, "system", "companyGathered", &f->company_gathered);
    read_system_gpu(r, system, f);
  }
}

int la_recording_read(const char *text, size_t len, la_facts *f, la_recording_meta *meta,
                      char *problem, size_t problem_size) {
  reader r = {problem, problem_size, 0, 0};
  cJSON *root = NULL;
  const char *end = NULL;

  memset(f, 0, sizeof *f);
  memset(meta, 0, sizeof *meta);
  if (problem != NULL && problem_size > 0) problem[0] = '\0';
  if (len > LA_RECORDING_MAX_BYTES) {
    bad(&r, "", "larger than %lu MiB", (unsigned long)(LA_RECORDING_MAX_BYTES >> 20));
    return LISTAPPS_EINVAL;
  }
  if (value_bound(text, len) > LA_RECORDING_MAX_VALUES) {
    bad(&r, "", "more than %u JSON values", LA_RECORDING_MAX_VALUES);
    return LISTAPPS_EINVAL;
  }
  root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  if (root == NULL) {
    const char *at = cJSON_GetErrorPtr();
    size_t offset = at != NULL && at >= text && at <= text + len ? (size_t)(at - text) : len;
    bad(&r, "", "not JSON (near byte %lu)", (unsigned long)offset);
    return LISTAPPS_EINVAL;
  }
  /* One document and nothing after it but white space. */
  while (end != NULL && end < text + len &&
         (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
    end++;
  if (end != text + len) {
    cJSON_Delete(root);
    bad(&r, "", "more after the JSON document (byte %lu)",
        (unsigned long)(end != NULL ? (size_t)(end - text) : len));
    return LISTAPPS_EINVAL;
  }
  if (!cJSON_IsObject(root)) bad(&r, "", "not a JSON object");
  if (!r.failed) read_meta(&r, root, meta, f);
  if (!r.failed) read_windows(&r, root, f);
  if (!r.failed) read_foreground(&r, root, &f->foreground);
  if (!r.failed)
    read_processes(&r, root, f,
                   (meta->needs & (LA_NEED_CPU | LA_NEED_MEMORY | LA_NEED_STATUS | LA_NEED_DETAILS |
                                   LA_NEED_FROM_LIST | LA_NEED_THROUGH_HANDLE)) != 0);
  if (!r.failed) read_versions(&r, root, f);
  if (!r.failed) read_services(&r, root, f);
  if (!r.failed) read_sessions(&r, root, f);
  if (!r.failed) check_references(&r, f);
  cJSON_Delete(root);
  if (!r.failed) f->info_needs = meta->needs;
  if (!r.failed && la_windows_from_raw(f) != 0) out_of_memory(&r);
  if (!r.failed) mark_foreground(f);
  if (!r.failed) return 0;
  la_facts_free(f);
  la_recording_meta_free(meta);
  return r.nomem ? LISTAPPS_ENOMEM : LISTAPPS_EINVAL;
}

#endif
