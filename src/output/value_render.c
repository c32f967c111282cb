/*
 * The value renderer (value_render.h): each type of value in each output's style. A number is
 * made in a small array on the stack, so measuring a table cell allocates nothing. Pure C.
 */
#include "output/value_render.h"

#include <string.h>

#include "core/field_registry.h"
#include "output/text_escape.h"

/* A number's text. The longest is a time near the end of long long's range, a year of nine
 * digits: about 30 characters. */
typedef struct number_text {
  char s[48];
  size_t len;
} number_text;

static void put(number_text *t, const char *s, size_t n) {
  if (n > sizeof t->s - t->len) n = sizeof t->s - t->len;
  memcpy(t->s + t->len, s, n);
  t->len += n;
}

static void put_str(number_text *t, const char *s) {
  put(t, s, strlen(s));
}

static void put_char(number_text *t, char c) {
  put(t, &c, 1);
}

/* v in decimal, at least min_digits digits (leading zeros). */
static void put_ull(number_text *t, unsigned long long v, size_t min_digits) {
  char digits[20];
  size_t n = 0;

  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0 || n < min_digits);
  while (n > 0) put_char(t, digits[--n]);
}

static void put_hex(number_text *t, unsigned long long v) {
  char digits[16];
  size_t n = 0;

  do {
    digits[n++] = "0123456789ABCDEF"[v & 0xFu];
    v >>= 4;
  } while (v != 0);
  while (n > 0) put_char(t, digits[--n]);
}

static unsigned long long magnitude_of(long long n) {
  return n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
}

/* n / 10^decimals with that many digits after the point: tenths 125 as "12.5", thousandths
 * 125 as "0.125". */
static void put_fixed(number_text *t, long long n, unsigned decimals) {
  unsigned long long magnitude = magnitude_of(n);
  unsigned long long scale = 1;
  unsigned i;

  for (i = 0; i < decimals; i++) scale *= 10;
  if (n < 0) put_char(t, '-');
  put_ull(t, magnitude / scale, 1);
  put_char(t, '.');
  put_ull(t, magnitude % scale, decimals);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted). */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d) {
  long long era;
  unsigned doe;
  unsigned yoe;
  unsigned doy;
  unsigned mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (long long)yoe + era * 400 + (*m <= 2);
}

/* ISO 8601 UTC with milliseconds. */
static void put_time(number_text *t, long long ms) {
  /* Floor division, with no negation that could overflow. */
  long long days = ms / 86400000 - (ms % 86400000 < 0);
  long long in_day = ms % 86400000 + (ms % 86400000 < 0 ? 86400000 : 0);
  long long year;
  unsigned month;
  unsigned day;

  civil_from_days(days, &year, &month, &day);
  if (year < 0) put_char(t, '-');
  put_ull(t, magnitude_of(year), 1);
  put_char(t, '-');
  put_ull(t, month, 2);
  put_char(t, '-');
  put_ull(t, day, 2);
  put_char(t, 'T');
  put_ull(t, (unsigned long long)(in_day / 3600000), 2);
  put_char(t, ':');
  put_ull(t, (unsigned long long)(in_day / 60000 % 60), 2);
  put_char(t, ':');
  put_ull(t, (unsigned long long)(in_day / 1000 % 60), 2);
  put_char(t, '.');
  put_ull(t, (unsigned long long)(in_day % 1000), 3);
  put_char(t, 'Z');
}

/* Task Manager's memory unit: MB of 1,048,576 bytes, rounded to one decimal. */
static void put_megabytes(number_text *t, unsigned long long bytes) {
  unsigned long long tenths =
      bytes <= (~0ull - 524288) / 10 ? (bytes * 10 + 524288) / 1048576 : bytes / 1048576 * 10;
  put_ull(t, tenths / 10, 1);
  put_char(t, '.');
  put_char(t, (char)('0' + tenths % 10));
  put_str(t, " MB");
}

static int is_table(int style) {
  return style == LA_STYLE_TABLE || style == LA_STYLE_EVENT_LINE;
}

/* A number of type in style. Counts, PIDs and byte sizes are never negative: read as unsigned,
 * a 1.0 list's values above LLONG_MAX (a size_t count, or a 64-bit unsigned long on LP64
 * hosts) stay exact. A signed integer (a screen coordinate) is written with its sign, the same
 * in every style. */
static void number_of(number_text *t, long long n, int type, int handle, int is_signed, int style) {
  if (is_signed && type == LISTAPPS_TYPE_INTEGER) {
    if (n < 0) put_char(t, '-');
    put_ull(t, magnitude_of(n), 1);
  } else if (style == LA_STYLE_PROMETHEUS) {
    if (type == LISTAPPS_TYPE_PERCENT)
      put_fixed(t, n < 0 ? 0 : n, 3); /* tenths of a percent are thousandths of one */
    else if (type == LISTAPPS_TYPE_TIME)
      put_fixed(t, n, 3); /* milliseconds as seconds */
    else if (type == LISTAPPS_TYPE_BOOLEAN)
      put_char(t, n != 0 ? '1' : '0');
    else
      put_ull(t, (unsigned long long)n, 1);
  } else if (handle) {
    put_str(t, "0x");
    put_hex(t, (unsigned long long)n);
  } else if (type == LISTAPPS_TYPE_TIME) {
    put_time(t, n);
  } else if (type == LISTAPPS_TYPE_BOOLEAN) {
    put_str(t, n != 0 ? (is_table(style) ? "Yes" : "true") : (is_table(style) ? "No" : "false"));
  } else if (type == LISTAPPS_TYPE_PERCENT) {
    put_fixed(t, n, 1);
    if (is_table(style)) put_char(t, '%');
  } else if (type == LISTAPPS_TYPE_BYTES && is_table(style)) {
    put_megabytes(t, (unsigned long long)n);
  } else if (type == LISTAPPS_TYPE_BYTES_PER_SECOND && is_table(style)) {
    /* Task Manager's Disk column: "0.1 MB/s". */
    put_megabytes(t, (unsigned long long)n);
    put_str(t, "/s");
  } else {
    put_ull(t, (unsigned long long)n, 1);
  }
}

/* A Prometheus label value: backslash, double quote and line feed escaped, any other UTF-8
 * kept (https://prometheus.io/docs/instrumenting/exposition_formats/). */
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

/* A CSV field, defused for spreadsheets when excel is set: the quote goes inside the field, so
 * the whole is quoted as one piece of text. */
static void append_csv_text(la_buffer *b, const char *s, size_t len, int excel) {
  la_buffer prefixed = {0};

  if (!excel || !la_csv_looks_like_formula(s, len)) {
    la_csv_append_field(b, s, len);
    return;
  }
  la_buffer_append_char(&prefixed, '\'');
  la_buffer_append(&prefixed, s, len);
  if (prefixed.err != 0) {
    if (b->err == 0) b->err = prefixed.err;
  } else {
    la_csv_append_field(b, prefixed.data, prefixed.len);
  }
  la_buffer_free(&prefixed);
}

static size_t text_of(la_buffer *b, const char *s, int style) {
  size_t len = strlen(s);
  size_t before;

  if (is_table(style))
    return b != NULL ? la_table_append_cell(b, s, len) : la_table_cell_width(s, len);
  if (b == NULL) {
    la_buffer scratch = {0};
    size_t n = text_of(&scratch, s, style);
    la_buffer_free(&scratch);
    return n;
  }
  before = b->len;
  if (style == LA_STYLE_JSON)
    la_json_append_string(b, s, len);
  else if (style == LA_STYLE_PROMETHEUS)
    append_label_value(b, s);
  else
    append_csv_text(b, s, len, style == LA_STYLE_CSV_EXCEL);
  return b->len - before;
}

static size_t absent_of(la_buffer *b, int style) {
  const char *text = style == LA_STYLE_JSON ? "null" : style == LA_STYLE_EVENT_LINE ? "-" : "";
  size_t len = strlen(text);

  if (b != NULL) la_buffer_append(b, text, len);
  return len;
}

static size_t render(la_buffer *b, const la_cell *c, int type, int handle, int is_signed,
                     int style) {
  number_text t;
  int quoted;

  if (c->state != LISTAPPS_VALUE_PRESENT) return absent_of(b, style);
  if (type == LISTAPPS_TYPE_STRING) return text_of(b, c->text != NULL ? c->text : "", style);
  t.len = 0;
  number_of(&t, c->number, type, handle, is_signed, style);
  /* JSON has no time or handle type: they go as strings, which hold nothing to escape. */
  quoted = style == LA_STYLE_JSON && (handle || type == LISTAPPS_TYPE_TIME);
  if (b != NULL) {
    if (quoted) la_buffer_append_char(b, '"');
    la_buffer_append(b, t.s, t.len);
    if (quoted) la_buffer_append_char(b, '"');
  }
  return t.len + (quoted ? 2 : 0);
}

size_t la_render_value(la_buffer *b, const la_cell *c, int field, int style) {
  const la_field_def *def = la_field_def_of(field);
  int type = def != NULL ? def->info.type : LISTAPPS_TYPE_INTEGER;

  return render(b, c, type, field == LISTAPPS_FIELD_HWND,
                def != NULL && (def->render & LA_RENDER_SIGNED) != 0, style);
}

size_t la_render_typed(la_buffer *b, const la_cell *c, int type, int style) {
  return render(b, c, type, 0, 0, style);
}

la_cell la_text_cell(const char *text) {
  la_cell c = {LISTAPPS_VALUE_PRESENT, text, 0};
  return c;
}

la_cell la_number_cell(long long number) {
  la_cell c = {LISTAPPS_VALUE_PRESENT, NULL, number};
  return c;
}

void la_append_time(la_buffer *b, long long ms) {
  number_text t;

  t.len = 0;
  put_time(&t, ms);
  la_buffer_append(b, t.s, t.len);
}
