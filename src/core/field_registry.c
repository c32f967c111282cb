/* The field registry. See field_registry.h; the manual's column table (docs/listapps.md) must
 * agree with it (a test compares them). */
#include "core/field_registry.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/foreground.h"
#include "core/measures.h"
#include "core/process_category.h"
#include "core/text.h"

/* A process's state when a value read through it is missing. */
static int process_state(const la_row_context *c) {
  if (c->proc == NULL) return LISTAPPS_VALUE_EXITED;
  if (c->proc->open_state == LISTAPPS_VALUE_PRESENT) return LISTAPPS_VALUE_NONE;
  return c->proc->open_state;
}

static int fill_category(const la_row_context *c, la_value *v) {
  int err = la_value_set_text(v, la_category_name(c->category), LISTAPPS_VALUE_NONE);
  v->number = c->category;
  return err;
}

static int fill_name(const la_row_context *c, la_value *v) {
  return la_value_set_text(v, c->name, LISTAPPS_VALUE_NONE);
}

static int fill_pid(const la_row_context *c, la_value *v) {
  la_value_set_number(v, (long long)c->pid);
  return 0;
}

static int fill_session(const la_row_context *c, la_value *v) {
  if (c->proc != NULL && c->proc->in_snapshot)
    la_value_set_number(v, (long long)c->proc->session_id);
  else
    la_value_set_state(v, LISTAPPS_VALUE_EXITED);
  return 0;
}

static int fill_parent_pid(const la_row_context *c, la_value *v) {
  if (c->proc != NULL && c->proc->in_snapshot)
    la_value_set_number(v, (long long)c->proc->parent_pid);
  else
    la_value_set_state(v, LISTAPPS_VALUE_EXITED);
  return 0;
}

static int fill_app_pid(const la_row_context *c, la_value *v) {
  if (c->app_pid != 0)
    la_value_set_number(v, (long long)c->app_pid);
  else
    la_value_set_state(v, LISTAPPS_VALUE_NONE);
  return 0;
}

/* Title, CommandLine and User are never read when they are private. */
static int is_private(const la_row_context *c, la_value *v) {
  if (!c->facts->private_mode) return 0;
  la_value_set_state(v, LISTAPPS_VALUE_NOT_GATHERED);
  return 1;
}

static int fill_title(const la_row_context *c, la_value *v) {
  if (is_private(c, v)) return 0;
  return la_value_set_text(v, c->window_count > 0 ? c->windows[0].title : NULL,
                           LISTAPPS_VALUE_NONE);
}

static int fill_windows(const la_row_context *c, la_value *v) {
  la_value_set_number(v, (long long)c->window_count);
  return 0;
}

static int fill_processes(const la_row_context *c, la_value *v) {
  la_value_set_number(v, (long long)c->process_count);
  return 0;
}

/* A process that denies access still has the name the snapshot recorded. */
static int fill_image(const la_row_context *c, la_value *v) {
  if (c->proc != NULL && c->proc->path != NULL)
    return la_value_set_text(v, la_file_name_of(c->proc->path), LISTAPPS_VALUE_NONE);
  if (c->proc != NULL && c->proc->exe_name != NULL)
    return la_value_set_text(v, c->proc->exe_name, LISTAPPS_VALUE_NONE);
  la_value_set_state(v, LISTAPPS_VALUE_EXITED);
  return 0;
}

static int fill_path(const la_row_context *c, la_value *v) {
  return la_value_set_text(v, c->proc != NULL ? c->proc->path : NULL, process_state(c));
}

/* A value of the version resource: missing because the path could not be read, because there
 * is no resource, or because the block lacks the string. */
static int fill_version_string(const la_row_context *c, const char *text, la_value *v) {
  if (c->version == NULL) {
    la_value_set_state(
        v, c->proc != NULL && c->proc->path == NULL ? process_state(c) : LISTAPPS_VALUE_NONE);
    return 0;
  }
  return la_value_set_text(v, text, LISTAPPS_VALUE_NONE);
}

static int fill_description(const la_row_context *c, la_value *v) {
  return fill_version_string(c, c->version != NULL ? c->version->description : NULL, v);
}

/* The publisher as Task Manager's Publisher column and Explorer's details show it: the
 * CompanyName, trimmed; a blank one is no publisher. */
static int fill_publisher(const la_row_context *c, la_value *v) {
  const char *company = c->version != NULL ? c->version->company : NULL;
  size_t start = 0;
  size_t len = 0;
  char *trimmed;
  int err;

  if (!c->facts->company_gathered) {
    la_value_set_state(v, LISTAPPS_VALUE_NOT_GATHERED);
    return 0;
  }
  if (company != NULL) la_trim(company, strlen(company), &start, &len);
  if (company == NULL || len == 0) return fill_version_string(c, NULL, v);
  trimmed = la_strndup(company + start, len);
  if (trimmed == NULL) return LISTAPPS_ENOMEM;
  err = la_value_set_text(v, trimmed, LISTAPPS_VALUE_NONE);
  free(trimmed);
  return err;
}

/* A Task Manager column's value is "not gathered" unless the listing read its facts. */
static int gathered(const la_row_context *c, unsigned need, la_value *v) {
  if ((c->facts->info_needs & need) != 0 && c->facts->info != NULL) return 1;
  la_value_set_state(v, LISTAPPS_VALUE_NOT_GATHERED);
  return 0;
}

/* An App's status: suspended when every process of its group is; not responding when one of
 * its windows is hung. A process row has no windows, so its status is its suspension alone;
 * where the system gives no thread states (Wine) that is unknown. */
static int fill_status(const la_row_context *c, la_value *v) {
  const la_group_totals *t = &c->totals;

  if (!gathered(c, LA_NEED_STATUS, v)) return 0;
  if (t->suspended_state == LISTAPPS_VALUE_PRESENT || c->window_count > 0)
    return la_value_set_text(
        v, la_status_text(t->hung, t->suspended_state == LISTAPPS_VALUE_PRESENT && t->suspended),
        LISTAPPS_VALUE_NONE);
  la_value_set_state(v, t->suspended_state);
  return 0;
}

static void set_bool(int state, int value, la_value *v) {
  if (state == LISTAPPS_VALUE_PRESENT)
    la_value_set_number(v, value != 0);
  else
    la_value_set_state(v, state);
}

/* A value read through the row's own process handle: gathered, the process found, then the
 * value or its state. */
static int info_text(const la_row_context *c, unsigned need, int state, const char *text,
                     la_value *v) {
  if (!gathered(c, need, v)) return 0;
  if (c->info == NULL) {
    la_value_set_state(v, LISTAPPS_VALUE_EXITED);
    return 0;
  }
  return la_value_set_text(v, state == LISTAPPS_VALUE_PRESENT ? text : NULL, state);
}

static int info_bool(const la_row_context *c, unsigned need, int state, int value, la_value *v) {
  if (!gathered(c, need, v)) return 0;
  set_bool(c->info == NULL ? LISTAPPS_VALUE_EXITED : state, value, v);
  return 0;
}

/* Efficiency mode: EcoQoS (through the handle) at low base priority (the process list). */
static int fill_efficiency(const la_row_context *c, la_value *v) {
  const la_process_info *i = c->info;
  int state = i == NULL                                          ? LISTAPPS_VALUE_EXITED
              : i->efficiency_state != LISTAPPS_VALUE_PRESENT    ? i->efficiency_state
              : i->base_priority_state != LISTAPPS_VALUE_PRESENT ? i->base_priority_state
                                                                 : LISTAPPS_VALUE_PRESENT;

  if (!gathered(c, LA_NEED_EFFICIENCY, v)) return 0;
  set_bool(state,
           state == LISTAPPS_VALUE_PRESENT && la_efficiency_mode(i->efficiency, i->base_priority),
           v);
  return 0;
}

static int fill_cpu(const la_row_context *c, la_value *v) {
  if (!gathered(c, LA_NEED_CPU, v)) return 0;
  if (c->totals.cpu_state != LISTAPPS_VALUE_PRESENT)
    la_value_set_state(v, c->totals.cpu_state);
  else
    la_value_set_number(
        v, la_cpu_tenths(c->totals.cpu_time, c->facts->cpu_interval, c->facts->processors));
  return 0;
}

static int fill_memory(const la_row_context *c, la_value *v) {
  if (!gathered(c, LA_NEED_MEMORY, v)) return 0;
  if (c->totals.memory_state != LISTAPPS_VALUE_PRESENT)
    la_value_set_state(v, c->totals.memory_state);
  else
    la_value_set_number(v, (long long)c->totals.memory);
  return 0;
}

static int fill_command_line(const la_row_context *c, la_value *v) {
  if (is_private(c, v)) return 0;
  return info_text(c, LA_NEED_COMMAND_LINE, c->info != NULL ? c->info->command_line_state : 0,
                   c->info != NULL ? c->info->command_line : NULL, v);
}

/* Windows FILETIME (100 ns since 1601) to milliseconds since 1970. */
#define FILETIME_UNIX_EPOCH 116444736000000000ull

static int fill_start_time(const la_row_context *c, la_value *v) {
  if (!gathered(c, LA_NEED_START_TIME, v)) return 0;
  if (c->proc == NULL || c->proc->create_time <= FILETIME_UNIX_EPOCH)
    la_value_set_state(
        v, process_state(c) == LISTAPPS_VALUE_NONE ? LISTAPPS_VALUE_DENIED : process_state(c));
  else
    la_value_set_number(v, (long long)((c->proc->create_time - FILETIME_UNIX_EPOCH) / 10000u));
  return 0;
}

static int fill_architecture(const la_row_context *c, la_value *v) {
  return info_text(c, LA_NEED_ARCHITECTURE, c->info != NULL ? c->info->architecture_state : 0,
                   c->info != NULL ? c->info->architecture : NULL, v);
}

static int fill_elevated(const la_row_context *c, la_value *v) {
  return info_bool(c, LA_NEED_ELEVATED, c->info != NULL ? c->info->elevated_state : 0,
                   c->info != NULL && c->info->elevated, v);
}

static int fill_user(const la_row_context *c, la_value *v) {
  if (is_private(c, v)) return 0;
  return info_text(c, LA_NEED_USER, c->info != NULL ? c->info->user_state : 0,
                   c->info != NULL ? c->info->user : NULL, v);
}

/* A count the totals hold: gathered, then the row's own state, then the group's sum. */
static int total_count(const la_row_context *c, unsigned need, int state, uint64_t value,
                       la_value *v) {
  if (!gathered(c, need, v)) return 0;
  if (state != LISTAPPS_VALUE_PRESENT)
    la_value_set_state(v, state);
  else
    la_value_set_number(v, value > (uint64_t)INT64_MAX ? INT64_MAX : (long long)value);
  return 0;
}

static int fill_threads(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_THREADS, c->totals.threads_state, c->totals.threads, v);
}

static int fill_handles(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_HANDLES, c->totals.handles_state, c->totals.handles, v);
}

static int fill_gdi_objects(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_GUI_OBJECTS, c->totals.gui_state, c->totals.gdi_objects, v);
}

static int fill_user_objects(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_GUI_OBJECTS, c->totals.gui_state, c->totals.user_objects, v);
}

static int fill_disk(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_DISK, c->totals.disk_state,
                     la_rate_per_second(c->totals.disk_bytes, c->facts->cpu_interval), v);
}

static int fill_network(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_NETWORK, c->totals.network_state,
                     la_rate_per_second(c->totals.network_bytes, c->facts->handle_interval), v);
}

static size_t gpu_engine_count(const la_row_context *c) {
  return c->facts->gpu_engine_count < LA_GPU_MAX_ENGINES ? c->facts->gpu_engine_count
                                                         : LA_GPU_MAX_ENGINES;
}

static int fill_gpu(const la_row_context *c, la_value *v) {
  size_t engine;
  long long tenths;

  if (!gathered(c, LA_NEED_GPU, v)) return 0;
  if (c->totals.gpu_state != LISTAPPS_VALUE_PRESENT) {
    la_value_set_state(v, c->totals.gpu_state);
    return 0;
  }
  tenths =
      la_gpu_busiest(c->totals.gpu_time, gpu_engine_count(c), c->facts->handle_interval, &engine);
  la_value_set_number(v, tenths);
  return 0;
}

/* The busiest engine as Task Manager's GPU engine column names it: "GPU 0 - 3D". None when no
 * engine ran during the sample. */
static int fill_gpu_engine(const la_row_context *c, la_value *v) {
  const la_gpu_engine *e;
  size_t engine;
  char *text;
  size_t len;
  int err;

  if (!gathered(c, LA_NEED_GPU, v)) return 0;
  if (c->totals.gpu_state != LISTAPPS_VALUE_PRESENT) {
    la_value_set_state(v, c->totals.gpu_state);
    return 0;
  }
  la_gpu_busiest(c->totals.gpu_time, gpu_engine_count(c), c->facts->handle_interval, &engine);
  if (engine >= gpu_engine_count(c)) {
    la_value_set_state(v, LISTAPPS_VALUE_NONE);
    return 0;
  }
  e = &c->facts->gpu_engines[engine];
  len = strlen(e->name) + 32;
  text = malloc(len);
  if (text == NULL) return LISTAPPS_ENOMEM;
  snprintf(text, len, "GPU %u - %s", e->adapter, e->name);
  err = la_value_set_text(v, text, LISTAPPS_VALUE_NONE);
  free(text);
  return err;
}

static int fill_gpu_dedicated(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_GPU_MEMORY, c->totals.gpu_memory_state, c->totals.gpu_dedicated, v);
}

static int fill_gpu_shared(const la_row_context *c, la_value *v) {
  return total_count(c, LA_NEED_GPU_MEMORY, c->totals.gpu_memory_state, c->totals.gpu_shared, v);
}

/* The App in front: one of the row's windows is the one the foreground counts for. */
static int fill_foreground(const la_row_context *c, la_value *v) {
  la_cell cell = la_row_foreground(c->windows, c->window_count, c->facts->foreground.read);

  if (cell.state == LISTAPPS_VALUE_PRESENT)
    la_value_set_number(v, cell.number);
  else
    la_value_set_state(v, cell.state);
  return 0;
}

/* A geometry value of an App row: its topmost qualifying window's (the Title's window). A
 * process row has none. */
static int fill_window_fact(const la_row_context *c, int field, la_value *v) {
  la_cell cell;

  if (c->window_count == 0) {
    la_value_set_state(v, LISTAPPS_VALUE_NONE);
    return 0;
  }
  cell = la_window_cell(&c->windows[0], field);
  if (cell.state != LISTAPPS_VALUE_PRESENT) {
    la_value_set_state(v, cell.state);
    return 0;
  }
  if (cell.text != NULL) return la_value_set_text(v, cell.text, LISTAPPS_VALUE_NONE);
  la_value_set_number(v, cell.number);
  return 0;
}

static int fill_x(const la_row_context *c, la_value *v) {
  return fill_window_fact(c, LISTAPPS_FIELD_X, v);
}

static int fill_y(const la_row_context *c, la_value *v) {
  return fill_window_fact(c, LISTAPPS_FIELD_Y, v);
}

static int fill_width(const la_row_context *c, la_value *v) {
  return fill_window_fact(c, LISTAPPS_FIELD_WIDTH, v);
}

static int fill_height(const la_row_context *c, la_value *v) {
  return fill_window_fact(c, LISTAPPS_FIELD_HEIGHT, v);
}

static int fill_window_state(const la_row_context *c, la_value *v) {
  return fill_window_fact(c, LISTAPPS_FIELD_WINDOW_STATE, v);
}

static int fill_cloaked(const la_row_context *c, la_value *v) {
  return fill_window_fact(c, LISTAPPS_FIELD_CLOAKED, v);
}

#define ROWS_ALL (LISTAPPS_ROWS_APP | LISTAPPS_ROWS_PROCESS)
#define ROWS_WINDOWED (LISTAPPS_ROWS_APP | LISTAPPS_ROWS_WINDOW)

static const la_field_def registry[LISTAPPS_FIELD_COUNT] = {
    {{LISTAPPS_FIELD_CATEGORY, "Category", "category", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "App, Background process or Windows process", "never"},
     0,
     fill_category,
     0},
    {{LISTAPPS_FIELD_NAME, "Name", "name", LISTAPPS_TYPE_STRING, ROWS_ALL | LISTAPPS_ROWS_WINDOW,
      "the name Task Manager shows", "never; empty when the process exited before it was read"},
     0,
     fill_name,
     0},
    {{LISTAPPS_FIELD_PID, "PID", "pid", LISTAPPS_TYPE_INTEGER, ROWS_ALL | LISTAPPS_ROWS_WINDOW,
      "process ID", "never"},
     0,
     fill_pid,
     0},
    {{LISTAPPS_FIELD_PARENT_PID, "ParentPID", "parentPid", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "parent process ID (the parent may have exited)",
      "the process exited before the process snapshot"},
     0,
     fill_parent_pid,
     0},
    {{LISTAPPS_FIELD_APP_PID, "AppPID", "appPid", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "PID of the App whose group the process is in", "the process is in no App's group"},
     0,
     fill_app_pid,
     0},
    {{LISTAPPS_FIELD_TITLE, "Title", "title", LISTAPPS_TYPE_STRING,
      LISTAPPS_ROWS_APP | LISTAPPS_ROWS_WINDOW, "title of the App's topmost qualifying window",
      "not an App's row"},
     0,
     fill_title,
     0},
    {{LISTAPPS_FIELD_WINDOWS, "Windows", "windows", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "the App's qualifying windows (0 for other rows)", "never"},
     0,
     fill_windows,
     0},
    {{LISTAPPS_FIELD_PROCESSES, "Processes", "processes", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "processes in the App's group (1 for other rows)", "never"},
     0,
     fill_processes,
     0},
    {{LISTAPPS_FIELD_IMAGE, "Image", "image", LISTAPPS_TYPE_STRING, ROWS_ALL | LISTAPPS_ROWS_WINDOW,
      "image file name", "the process exited"},
     0,
     fill_image,
     0},
    {{LISTAPPS_FIELD_PATH, "Path", "path", LISTAPPS_TYPE_STRING, ROWS_ALL | LISTAPPS_ROWS_WINDOW,
      "full image path", "the process denied access or exited"},
     0,
     fill_path,
     0},
    {{LISTAPPS_FIELD_DESCRIPTION, "Description", "description", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "raw FileDescription of the version block the Name comes from",
      "no version resource or no FileDescription; or no path"},
     0,
     fill_description,
     0},
    {{LISTAPPS_FIELD_HWND, "HWND", "hwnd", LISTAPPS_TYPE_INTEGER, LISTAPPS_ROWS_WINDOW,
      "window handle: 0x and hexadecimal digits", "never"},
     0,
     NULL,
     0},
    {{LISTAPPS_FIELD_CLASS, "Class", "class", LISTAPPS_TYPE_STRING, LISTAPPS_ROWS_WINDOW,
      "window class name", "the class could not be read"},
     0,
     NULL,
     0},
    {{LISTAPPS_FIELD_PUBLISHER, "Publisher", "publisher", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "CompanyName of the version block the Name comes from, trimmed",
      "no version resource or a blank CompanyName; or no path"},
     LA_NEED_COMPANY,
     fill_publisher,
     0},
    {{LISTAPPS_FIELD_STATUS, "Status", "status", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "Running; Not responding when a window is hung; Suspended when frozen or every thread is",
      "the system cannot say (a process row under Wine)"},
     LA_NEED_STATUS,
     fill_status,
     0},
    {{LISTAPPS_FIELD_EFFICIENCY_MODE, "EfficiencyMode", "efficiencyMode", LISTAPPS_TYPE_BOOLEAN,
      ROWS_ALL, "Task Manager's Efficiency mode: EcoQoS at low base priority",
      "denied, exited, or no GetProcessInformation (before Windows 8, Wine)"},
     LA_NEED_EFFICIENCY,
     fill_efficiency,
     0},
    {{LISTAPPS_FIELD_CPU, "CPU", "cpu", LISTAPPS_TYPE_PERCENT, ROWS_ALL,
      "percent of the whole machine over the sample; an App sums its group",
      "a process of the group exited during the sample"},
     LA_NEED_CPU,
     fill_cpu,
     0},
    {{LISTAPPS_FIELD_MEMORY, "Memory", "memory", LISTAPPS_TYPE_BYTES, ROWS_ALL,
      "private working set in bytes; an App sums its group",
      "a process of the group exited before it was read"},
     LA_NEED_MEMORY,
     fill_memory,
     0},
    {{LISTAPPS_FIELD_COMMAND_LINE, "CommandLine", "commandLine", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "the exact command line", "the process denied access or exited"},
     LA_NEED_COMMAND_LINE,
     fill_command_line,
     0},
    {{LISTAPPS_FIELD_START_TIME, "StartTime", "startTime", LISTAPPS_TYPE_TIME, ROWS_ALL,
      "creation time, ISO 8601 UTC with milliseconds", "the process denied access or exited"},
     LA_NEED_START_TIME,
     fill_start_time,
     0},
    {{LISTAPPS_FIELD_ARCHITECTURE, "Architecture", "architecture", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "x64, x86, ARM64 or ARM", "the process denied access or exited"},
     LA_NEED_ARCHITECTURE,
     fill_architecture,
     0},
    {{LISTAPPS_FIELD_ELEVATED, "Elevated", "elevated", LISTAPPS_TYPE_BOOLEAN, ROWS_ALL,
      "the process runs elevated (as administrator)", "the token cannot be read"},
     LA_NEED_ELEVATED,
     fill_elevated,
     0},
    {{LISTAPPS_FIELD_USER, "User", "user", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "DOMAIN\\name of the process's token", "the token cannot be read"},
     LA_NEED_USER,
     fill_user,
     0},
    /* The session ID the process list records for every process: no request of its own. */
    {{LISTAPPS_FIELD_SESSION, "Session", "session", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "the session the process runs in (0: services)",
      "the process exited before the process snapshot"},
     0,
     fill_session,
     0},
    /* Task Manager's Details columns, and its Disk, Network and GPU: docs/listapps.md, Task
     * Manager's columns, says where each comes from and why each may be missing. */
    {{LISTAPPS_FIELD_THREADS, "Threads", "threads", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "threads; an App sums its group", "the process exited before the process snapshot"},
     LA_NEED_THREADS,
     fill_threads,
     0},
    {{LISTAPPS_FIELD_HANDLES, "Handles", "handles", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "kernel object handles; an App sums its group",
      "the process exited before the process snapshot"},
     LA_NEED_HANDLES,
     fill_handles,
     0},
    {{LISTAPPS_FIELD_GDI_OBJECTS, "GdiObjects", "gdiObjects", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "GDI objects; an App sums its group",
      "denied, exited, or in another session than the caller's"},
     LA_NEED_GUI_OBJECTS,
     fill_gdi_objects,
     0},
    {{LISTAPPS_FIELD_USER_OBJECTS, "UserObjects", "userObjects", LISTAPPS_TYPE_INTEGER, ROWS_ALL,
      "USER objects; an App sums its group",
      "denied, exited, or in another session than the caller's"},
     LA_NEED_GUI_OBJECTS,
     fill_user_objects,
     0},
    {{LISTAPPS_FIELD_DISK, "Disk", "disk", LISTAPPS_TYPE_BYTES_PER_SECOND, ROWS_ALL,
      "bytes per second read and written over the sample; an App sums its group",
      "exited during the sample; unsupported before Windows 10 1709 and under Wine"},
     LA_NEED_DISK,
     fill_disk,
     0},
    {{LISTAPPS_FIELD_NETWORK, "Network", "network", LISTAPPS_TYPE_BYTES_PER_SECOND, ROWS_ALL,
      "bytes per second received and sent over the sample; an App sums its group",
      "denied or exited; unsupported before Windows 11 24H2 and under Wine"},
     LA_NEED_NETWORK,
     fill_network,
     0},
    {{LISTAPPS_FIELD_GPU, "GPU", "gpu", LISTAPPS_TYPE_PERCENT, ROWS_ALL,
      "percent of the busiest GPU engine over the sample; an App sums its group per engine",
      "denied or exited; unsupported without D3DKMT statistics (Wine)"},
     LA_NEED_GPU,
     fill_gpu,
     0},
    {{LISTAPPS_FIELD_GPU_ENGINE, "GpuEngine", "gpuEngine", LISTAPPS_TYPE_STRING, ROWS_ALL,
      "the busiest GPU engine and its adapter, e.g. GPU 0 - 3D",
      "no engine ran during the sample; as GPU otherwise"},
     LA_NEED_GPU,
     fill_gpu_engine,
     0},
    {{LISTAPPS_FIELD_GPU_DEDICATED_MEMORY, "GpuDedicatedMemory", "gpuDedicatedMemory",
      LISTAPPS_TYPE_BYTES, ROWS_ALL, "dedicated GPU memory in bytes; an App sums its group",
      "denied or exited; unsupported without D3DKMT statistics (Wine)"},
     LA_NEED_GPU_MEMORY,
     fill_gpu_dedicated,
     0},
    {{LISTAPPS_FIELD_GPU_SHARED_MEMORY, "GpuSharedMemory", "gpuSharedMemory", LISTAPPS_TYPE_BYTES,
      ROWS_ALL, "shared GPU memory in bytes; an App sums its group",
      "denied or exited; unsupported without D3DKMT statistics (Wine)"},
     LA_NEED_GPU_MEMORY,
     fill_gpu_shared,
     0},
    /* One GetForegroundWindow per listing, mapped to the windows in core/foreground.c. */
    {{LISTAPPS_FIELD_FOREGROUND, "Foreground", "foreground", LISTAPPS_TYPE_BOOLEAN,
      ROWS_ALL | LISTAPPS_ROWS_WINDOW,
      "the App (or window) in front: it owns the foreground window",
      "another session's window (a sessions listing)"},
     LA_NEED_FOREGROUND,
     fill_foreground,
     0},
    /* The geometry of each qualifying window (src/win/window_geometry.c), read when asked. */
    {{LISTAPPS_FIELD_X, "X", "x", LISTAPPS_TYPE_INTEGER, ROWS_WINDOWED,
      "left edge of the visible frame, screen pixels (App: its topmost window)",
      "a process row; the window is gone; another session's window"},
     LA_NEED_RECT,
     fill_x,
     LA_RENDER_SIGNED},
    {{LISTAPPS_FIELD_Y, "Y", "y", LISTAPPS_TYPE_INTEGER, ROWS_WINDOWED,
      "top edge of the visible frame, screen pixels (App: its topmost window)",
      "a process row; the window is gone; another session's window"},
     LA_NEED_RECT,
     fill_y,
     LA_RENDER_SIGNED},
    {{LISTAPPS_FIELD_WIDTH, "Width", "width", LISTAPPS_TYPE_INTEGER, ROWS_WINDOWED,
      "width of the visible frame in pixels (App: its topmost window)",
      "a process row; the window is gone; another session's window"},
     LA_NEED_RECT,
     fill_width,
     0},
    {{LISTAPPS_FIELD_HEIGHT, "Height", "height", LISTAPPS_TYPE_INTEGER, ROWS_WINDOWED,
      "height of the visible frame in pixels (App: its topmost window)",
      "a process row; the window is gone; another session's window"},
     LA_NEED_RECT,
     fill_height,
     0},
    {{LISTAPPS_FIELD_WINDOW_STATE, "WindowState", "windowState", LISTAPPS_TYPE_STRING,
      ROWS_WINDOWED, "Normal, Minimized or Maximized (App: its topmost window)",
      "a process row; the window is gone; another session's window"},
     LA_NEED_WINDOW_STATE,
     fill_window_state,
     0},
    {{LISTAPPS_FIELD_CLOAKED, "Cloaked", "cloaked", LISTAPPS_TYPE_BOOLEAN, ROWS_WINDOWED,
      "DWM cloaks the window, as on another virtual desktop (App: its topmost window)",
      "DWM does not answer (Windows 7, Wine); a process row; another session's window"},
     LA_NEED_CLOAKED,
     fill_cloaked,
     0},
};

const la_field_def *la_field_def_of(int field) {
  if (field < 0 || field >= LISTAPPS_FIELD_COUNT) return NULL;
  return &registry[field];
}

const int la_default_fields[] = {
    LISTAPPS_FIELD_CATEGORY,   LISTAPPS_FIELD_NAME,       LISTAPPS_FIELD_PID,
    LISTAPPS_FIELD_PARENT_PID, LISTAPPS_FIELD_APP_PID,    LISTAPPS_FIELD_TITLE,
    LISTAPPS_FIELD_WINDOWS,    LISTAPPS_FIELD_PROCESSES,  LISTAPPS_FIELD_IMAGE,
    LISTAPPS_FIELD_PATH,       LISTAPPS_FIELD_DESCRIPTION};
const size_t la_default_field_count = sizeof la_default_fields / sizeof la_default_fields[0];

const int la_window_fields[] = {LISTAPPS_FIELD_PID,   LISTAPPS_FIELD_HWND, LISTAPPS_FIELD_TITLE,
                                LISTAPPS_FIELD_CLASS, LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_IMAGE,
                                LISTAPPS_FIELD_PATH};
const size_t la_window_field_count = sizeof la_window_fields / sizeof la_window_fields[0];

/* The table's default columns are Task Manager's: Name, PID, Status, Memory and Title. */
const int la_table_fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_STATUS,
                               LISTAPPS_FIELD_MEMORY, LISTAPPS_FIELD_TITLE};
const size_t la_table_field_count = sizeof la_table_fields / sizeof la_table_fields[0];

/* A sessions listing's table also says whose session each App is in. */
const int la_session_table_fields[] = {LISTAPPS_FIELD_NAME,   LISTAPPS_FIELD_PID,
                                       LISTAPPS_FIELD_SESSION, LISTAPPS_FIELD_STATUS,
                                       LISTAPPS_FIELD_MEMORY, LISTAPPS_FIELD_TITLE};
const size_t la_session_table_field_count =
    sizeof la_session_table_fields / sizeof la_session_table_fields[0];

const int la_event_fields[] = {LISTAPPS_FIELD_PID,   LISTAPPS_FIELD_START_TIME,
                               LISTAPPS_FIELD_NAME,  LISTAPPS_FIELD_TITLE,
                               LISTAPPS_FIELD_IMAGE, LISTAPPS_FIELD_PATH};
const size_t la_event_field_count = sizeof la_event_fields / sizeof la_event_fields[0];

size_t la_fields_add(int *fields, size_t count, size_t cap, const int *more, size_t more_count) {
  size_t i;

  for (i = 0; i < more_count && count < cap; i++) {
    size_t k;
    int seen = 0;
    for (k = 0; k < count; k++) seen |= fields[k] == more[i];
    if (!seen) fields[count++] = more[i];
  }
  return count;
}

size_t la_field_count(void) {
  return LISTAPPS_FIELD_COUNT;
}

const listapps_field_info *la_field_info_of(int field) {
  const la_field_def *d = la_field_def_of(field);
  return d != NULL ? &d->info : NULL;
}

int la_field_by_name(const char *name) {
  size_t len;
  int i;

  if (name == NULL) return -1;
  len = strlen(name);
  for (i = 0; i < LISTAPPS_FIELD_COUNT; i++) {
    const listapps_field_info *f = &registry[i].info;
    if (la_equal_ascii_ci(name, len, f->header, strlen(f->header)) ||
        la_equal_ascii_ci(name, len, f->json_key, strlen(f->json_key)))
      return i;
  }
  return -1;
}
