/*
 * The Prometheus text exposition format (0.0.4) for windows_exporter's textfile collector:
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 * One series per row, labelled name, image and pid (and category for a LISTAPPS_LIST_ALL
 * listing); an info gauge, the window and process counts, memory in bytes and CPU as a ratio
 * when those columns are asked for, and the number of apps per category. Metric names follow
 * https://prometheus.io/docs/practices/naming/ (base units, _bytes, _ratio). Pure C.
 */
#include <string.h>

#include "core/field_registry.h"
#include "output/writer.h"

/* A label value: backslash, double quote and line feed escaped, any other UTF-8 kept. */
static void append_label_value(la_buffer *b, const char *s) {
  for (; *s != '\0'; s++) {
    if (*s == '\\')
      la_buffer_append(b, "\\\\", 2);
    else if (*s == '"')
      la_buffer_append(b, "\\\"", 2);
    else if (*s == '\n')
      la_buffer_append(b, "\\n", 2);
    else
      la_buffer_append_char(b, *s);
  }
}

static const char *text_or_empty(const la_row *r, int field) {
  const la_value *v = &r->values[field];
  return v->state == LISTAPPS_VALUE_PRESENT ? v->text : "";
}

/* {name="...",image="...",pid="..."[,category="..."]} */
static void append_labels(la_buffer *b, const la_row *r, int all) {
  la_buffer_append_str(b, "{name=\"");
  append_label_value(b, text_or_empty(r, LISTAPPS_FIELD_NAME));
  la_buffer_append_str(b, "\",image=\"");
  append_label_value(b, text_or_empty(r, LISTAPPS_FIELD_IMAGE));
  la_buffer_append_str(b, "\",pid=\"");
  la_buffer_append_ull(b, (unsigned long long)r->values[LISTAPPS_FIELD_PID].number);
  if (all) {
    la_buffer_append_str(b, "\",category=\"");
    append_label_value(b, text_or_empty(r, LISTAPPS_FIELD_CATEGORY));
  }
  la_buffer_append_str(b, "\"}");
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

/* A sample's value: an integer, or tenths of a percent as a ratio (125 as 0.125). */
static void append_sample_value(la_buffer *b, int field, long long n) {
  if (field == LISTAPPS_FIELD_CPU) {
    unsigned long long tenths = n < 0 ? 0u : (unsigned long long)n;
    la_buffer_append_ull(b, tenths / 1000);
    la_buffer_append_char(b, '.');
    la_buffer_append_char(b, (char)('0' + tenths / 100 % 10));
    la_buffer_append_char(b, (char)('0' + tenths / 10 % 10));
    la_buffer_append_char(b, (char)('0' + tenths % 10));
  } else {
    la_buffer_append_ull(b, (unsigned long long)n);
  }
}

/* One family of one series per row: field's value, or 1 for the info gauge (field < 0). A
 * row whose value is unavailable has no sample: the format has no null. */
static void family(const la_rows *rows, la_out *o, const char *name, const char *help, int field) {
  int all = (rows->flags & LISTAPPS_LIST_ALL) != 0;
  size_t i;

  family_header(&o->buf, name, help);
  for (i = 0; i < rows->count && o->err == 0; i++) {
    const la_row *r = &rows->items[i];
    if (field >= 0 && r->values[field].state != LISTAPPS_VALUE_PRESENT) continue;
    la_buffer_append_str(&o->buf, name);
    append_labels(&o->buf, r, all);
    la_buffer_append_char(&o->buf, ' ');
    if (field < 0)
      la_buffer_append_char(&o->buf, '1');
    else
      append_sample_value(&o->buf, field, r->values[field].number);
    la_buffer_append_char(&o->buf, '\n');
    la_out_flush(o, LA_FLUSH_BYTES);
  }
}

static int asked_for(const la_write_spec *spec, int field) {
  size_t i;
  for (i = 0; i < spec->field_count; i++)
    if (spec->fields[i] == field) return 1;
  return 0;
}

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
  family_header(&o->buf, "listapps_apps",
                "Apps per Task Manager category (an App's group counts once).");
  for (c = 0; c < shown; c++) {
    unsigned long long n = 0;
    size_t i;
    for (i = 0; i < rows->count; i++)
      n += rows->items[i].values[LISTAPPS_FIELD_CATEGORY].number == c &&
           !la_row_is_group_member(&rows->items[i]);
    la_buffer_append_str(&o->buf, "listapps_apps{category=\"");
    la_buffer_append_str(&o->buf, categories[c]);
    la_buffer_append_str(&o->buf, "\"} ");
    la_buffer_append_ull(&o->buf, n);
    la_buffer_append_char(&o->buf, '\n');
  }
}
