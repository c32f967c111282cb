/*
 * The Prometheus text exposition format (0.0.4) for windows_exporter's textfile collector:
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 * One series per row, labelled name, image and process_id (windows_exporter's name for it, so
 * that a query joins the two on it), and category for a LISTAPPS_LIST_ALL listing, session and
 * user for a sessions listing, with listapps_session_up per session; an info gauge, the window
 * and process counts, each of Task Manager's columns that was asked for in its base unit, the
 * App in front when Foreground is asked for, and the number of apps per category. With
 * LISTAPPS_LIST_PRIVATE the user label is empty. Metric names follow
 * https://prometheus.io/docs/practices/naming/ (base units, _bytes, _ratio): each value as the
 * value renderer's LA_STYLE_PROMETHEUS writes it. Pure C.
 */
#include "output/value_render.h"
#include "output/writer.h"

/* A label's value: a row's field as the value renderer writes it for Prometheus (text
 * escaped, a number in decimal), an unavailable value empty. */
static void append_label(la_buffer *b, const la_row *r, int field) {
  la_cell c = la_cell_of(r, NULL, field);
  la_render_value(b, &c, field, LA_STYLE_PROMETHEUS);
}

/* The signed-in user of a sessions listing's session id; NULL when unknown. */
static const char *session_user(const la_rows *rows, long long id) {
  size_t i;
  for (i = 0; i < rows->session_count; i++)
    if ((long long)rows->sessions[i].id == id) return rows->sessions[i].user;
  return NULL;
}

/* session="N",user="DOMAIN\\name" (escaped; each empty when unknown, the user when private) */
static void append_session_labels(la_buffer *b, const la_rows *rows, const la_cell *session) {
  const char *user =
      session->state == LISTAPPS_VALUE_PRESENT && !(rows->flags & LISTAPPS_LIST_PRIVATE)
          ? session_user(rows, session->number)
          : NULL;
  la_cell user_cell = la_text_cell(user != NULL ? user : "");

  la_buffer_append_str(b, "session=\"");
  la_render_typed(b, session, LISTAPPS_TYPE_INTEGER, LA_STYLE_PROMETHEUS);
  la_buffer_append_str(b, "\",user=\"");
  la_render_typed(b, &user_cell, LISTAPPS_TYPE_STRING, LA_STYLE_PROMETHEUS);
  la_buffer_append_char(b, '"');
}

/* {name="...",image="...",process_id="..."[,category="..."][,session="...",user="..."]} */
static void append_labels(la_buffer *b, const la_rows *rows, const la_row *r) {
  la_buffer_append_str(b, "{name=\"");
  append_label(b, r, LISTAPPS_FIELD_NAME);
  la_buffer_append_str(b, "\",image=\"");
  append_label(b, r, LISTAPPS_FIELD_IMAGE);
  la_buffer_append_str(b, "\",process_id=\"");
  append_label(b, r, LISTAPPS_FIELD_PID);
  if (rows->flags & LISTAPPS_LIST_ALL) {
    la_buffer_append_str(b, "\",category=\"");
    append_label(b, r, LISTAPPS_FIELD_CATEGORY);
  }
  la_buffer_append_char(b, '"');
  if (rows->flags & LISTAPPS_LIST_SESSIONS) {
    la_cell id = la_cell_of(r, NULL, LISTAPPS_FIELD_SESSION);
    la_buffer_append_char(b, ',');
    append_session_labels(b, rows, &id);
  }
  la_buffer_append_char(b, '}');
}

static void family_header(la_buffer *b, const char *name, const char *help) {
  la_buffer_append_str(b, "# HELP ");
  la_buffer_append_str(b, name);
  la_buffer_append_char(b, ' ');
  la_buffer_append_str(b, help);
  la_buffer_append_str(b, "\n# TYPE ");
  la_buffer_append_str(b, name);
  la_buffer_append_str(b, " gauge\n");
}

/* Which rows a family has a sample for. */
#define EVERY_ROW 0
#define ROW_IN_FRONT 1 /* only the App in front (Foreground true) */

/* One family of one series per row: field's value, or 1 for an info gauge (field < 0). A
 * row whose value is unavailable has no sample: the format has no null. */
static void family_of(const la_rows *rows, la_out *o, const char *name, const char *help, int field,
                      int which) {
  size_t i;

  family_header(&o->buf, name, help);
  for (i = 0; i < rows->count && o->err == 0; i++) {
    const la_row *r = &rows->items[i];
    la_cell value = field >= 0 ? la_cell_of(r, NULL, field) : la_number_cell(1);
    la_cell front = la_cell_of(r, NULL, LISTAPPS_FIELD_FOREGROUND);
    if (value.state != LISTAPPS_VALUE_PRESENT) continue;
    if (which == ROW_IN_FRONT && (front.state != LISTAPPS_VALUE_PRESENT || front.number == 0))
      continue;
    la_buffer_append_str(&o->buf, name);
    append_labels(&o->buf, rows, r);
    la_buffer_append_char(&o->buf, ' ');
    if (field >= 0)
      la_render_value(&o->buf, &value, field, LA_STYLE_PROMETHEUS);
    else
      la_render_typed(&o->buf, &value, LISTAPPS_TYPE_INTEGER, LA_STYLE_PROMETHEUS);
    la_buffer_append_char(&o->buf, '\n');
    la_out_flush(o, LA_FLUSH_BYTES);
  }
}

static void family(const la_rows *rows, la_out *o, const char *name, const char *help, int field) {
  family_of(rows, o, name, help, field, EVERY_ROW);
}

static int asked_for(const la_write_spec *spec, int field) {
  size_t i;
  for (i = 0; i < spec->field_count; i++)
    if (spec->fields[i] == field) return 1;
  return 0;
}

/* Task Manager's Details columns, Disk, Network and GPU: one gauge each, in base units (a count,
 * bytes, bytes per second, a ratio). GpuEngine is text: it would be a label whose every change
 * makes a new series, so it has no metric. */
static const struct {
  int field;
  const char *name;
  const char *help;
} column_metrics[] = {
    {LISTAPPS_FIELD_THREADS, "listapps_app_threads", "Threads (an App sums its group)."},
    {LISTAPPS_FIELD_HANDLES, "listapps_app_handles",
     "Kernel object handles (an App sums its group)."},
    {LISTAPPS_FIELD_GDI_OBJECTS, "listapps_app_gdi_objects",
     "GDI objects (an App sums its group)."},
    {LISTAPPS_FIELD_USER_OBJECTS, "listapps_app_user_objects",
     "USER objects (an App sums its group)."},
    {LISTAPPS_FIELD_DISK, "listapps_app_disk_bytes_per_second",
     "Bytes read and written per second over the sample (an App sums its group)."},
    {LISTAPPS_FIELD_NETWORK, "listapps_app_network_bytes_per_second",
     "Bytes received and sent per second over the sample (an App sums its group)."},
    {LISTAPPS_FIELD_GPU, "listapps_app_gpu_ratio",
     "Share of the busiest GPU engine over the sample, 0 to 1."},
    {LISTAPPS_FIELD_GPU_DEDICATED_MEMORY, "listapps_app_gpu_dedicated_memory_bytes",
     "Dedicated GPU memory in bytes (an App sums its group)."},
    {LISTAPPS_FIELD_GPU_SHARED_MEMORY, "listapps_app_gpu_shared_memory_bytes",
     "Shared GPU memory in bytes (an App sums its group)."},
};

void la_write_prometheus(const la_rows *rows, const la_write_spec *spec, la_out *o) {
  static const char *const categories[] = {"App", "Background process", "Windows process"};
  int shown = (rows->flags & LISTAPPS_LIST_ALL) ? 3 : 1;
  int c;

  family(rows, o, "listapps_app_info",
         "A process Task Manager lists: an App, or with --all any process.", -1);
  family(rows, o, "listapps_app_windows", "Qualifying top-level windows of the App.",
         LISTAPPS_FIELD_WINDOWS);
  family(rows, o, "listapps_app_processes", "Processes in the App's group.",
         LISTAPPS_FIELD_PROCESSES);
  if (asked_for(spec, LISTAPPS_FIELD_MEMORY))
    family(rows, o, "listapps_app_memory_bytes",
           "Private working set in bytes (an App sums its group).", LISTAPPS_FIELD_MEMORY);
  if (asked_for(spec, LISTAPPS_FIELD_CPU))
    family(rows, o, "listapps_app_cpu_ratio",
           "Share of the whole machine's CPU over the sample, 0 to 1.", LISTAPPS_FIELD_CPU);
  for (c = 0; c < (int)(sizeof column_metrics / sizeof column_metrics[0]); c++)
    if (asked_for(spec, column_metrics[c].field))
      family(rows, o, column_metrics[c].name, column_metrics[c].help, column_metrics[c].field);
  /* The App the user is in: no sample when none is in front. */
  if (asked_for(spec, LISTAPPS_FIELD_FOREGROUND))
    family_of(rows, o, "listapps_foreground_info",
              "1 for the App that owns the foreground window (none when no App is in front).", -1,
              ROW_IN_FRONT);
  if (rows->flags & LISTAPPS_LIST_SESSIONS) {
    size_t i;
    family_header(&o->buf, "listapps_session_up",
                  "1 when the session's Apps were listed, 0 when they could not be read.");
    for (i = 0; i < rows->session_count; i++) {
      la_cell up = la_number_cell(rows->sessions[i].listed ? 1 : 0);
      la_cell id = la_number_cell((long long)rows->sessions[i].id);
      la_buffer_append_str(&o->buf, "listapps_session_up{");
      append_session_labels(&o->buf, rows, &id);
      la_buffer_append_str(&o->buf, "} ");
      la_render_typed(&o->buf, &up, LISTAPPS_TYPE_INTEGER, LA_STYLE_PROMETHEUS);
      la_buffer_append_char(&o->buf, '\n');
    }
  }
  family_header(&o->buf, "listapps_apps",
                "Apps per Task Manager category (an App's group counts once).");
  for (c = 0; c < shown; c++) {
    long long n = 0;
    la_cell count;
    size_t i;
    for (i = 0; i < rows->count; i++)
      n += rows->items[i].values[LISTAPPS_FIELD_CATEGORY].number == c &&
           !la_row_is_group_member(&rows->items[i]);
    la_buffer_append_str(&o->buf, "listapps_apps{category=\"");
    la_buffer_append_str(&o->buf, categories[c]);
    la_buffer_append_str(&o->buf, "\"} ");
    count = la_number_cell(n);
    la_render_typed(&o->buf, &count, LISTAPPS_TYPE_INTEGER, LA_STYLE_PROMETHEUS);
    la_buffer_append_char(&o->buf, '\n');
  }
}
