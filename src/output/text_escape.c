/* CSV fields, JSON strings and table cells. */
#include "output/text_escape.h"

#include "core/utf.h"

static int is_edge_space(char c) {
  return c == ' ' || c == '\t';
}

static int csv_needs_quotes(const char *s, size_t len) {
  size_t i;

  if (len == 0) return 0;
  if (is_edge_space(s[0]) || is_edge_space(s[len - 1])) return 1;
  for (i = 0; i < len; i++) {
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') return 1;
  }
  return 0;
}

void la_csv_append_field(la_buffer *b, const char *s, size_t len) {
  size_t i;
  size_t start;

  /* Like SQLite's output_csv: quote only when needed, so plain fields stay plain. Edge spaces
   * are quoted too because many readers trim unquoted fields. */
  if (!csv_needs_quotes(s, len)) {
    la_buffer_append(b, s, len);
    return;
  }
  la_buffer_append_char(b, '"');
  start = 0;
  for (i = 0; i < len; i++) {
    if (s[i] == '"') {
      la_buffer_append(b, s + start, i + 1 - start);
      la_buffer_append_char(b, '"');
      start = i + 1;
    }
  }
  la_buffer_append(b, s + start, len - start);
  la_buffer_append_char(b, '"');
}

int la_csv_looks_like_formula(const char *s, size_t len) {
  return len > 0 &&
         (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void la_json_append_string(la_buffer *b, const char *s, size_t len) {
  size_t i = 0;

  la_buffer_append_char(b, '"');
  while (i < len) {
    uint32_t cp;
    size_t n = la_utf8_decode(s + i, len - i, &cp);
    char utf8[4];

    switch (cp) {
      case '"':
        la_buffer_append(b, "\\\"", 2);
        break;
      case '\\':
        la_buffer_append(b, "\\\\", 2);
        break;
      case '\b':
        la_buffer_append(b, "\\b", 2);
        break;
      case '\f':
        la_buffer_append(b, "\\f", 2);
        break;
      case '\n':
        la_buffer_append(b, "\\n", 2);
        break;
      case '\r':
        la_buffer_append(b, "\\r", 2);
        break;
      case '\t':
        la_buffer_append(b, "\\t", 2);
        break;
      default:
        /* U+2028 and U+2029 are valid JSON but end a line in JavaScript source. */
        if (cp < 0x20u || cp == 0x7Fu || cp == 0x2028u || cp == 0x2029u)
          la_buffer_append_u_escape(b, cp);
        else
          la_buffer_append(b, utf8, la_utf8_encode(cp, utf8));
        break;
    }
    i += n;
  }
  la_buffer_append_char(b, '"');
}

int la_table_needs_escape(uint32_t cp) {
  return cp < 0x20u || (cp >= 0x7Fu && cp <= 0x9Fu) || (cp >= 0x202Au && cp <= 0x202Eu) ||
         (cp >= 0x2066u && cp <= 0x2069u) || cp == 0x200Eu || cp == 0x200Fu || cp == 0x061Cu ||
         cp == 0x2028u || cp == 0x2029u;
}

typedef struct la_range {
  uint32_t first;
  uint32_t last;
} la_range;

static int in_ranges(uint32_t cp, const la_range *r, size_t count) {
  size_t lo = 0;
  size_t hi = count;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cp < r[mid].first)
      hi = mid;
    else if (cp > r[mid].last)
      lo = mid + 1;
    else
      return 1;
  }
  return 0;
}

unsigned la_display_width(uint32_t cp) {
  /* A compact subset of Unicode's East Asian Width (W, F) and of the zero-width classes
   * (Mn, Me, Cf), enough for the scripts window titles use; sorted for the binary search. */
  static const la_range zero[] = {
      {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
      {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
      {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x20D0, 0x20FF},
      {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF}};
  static const la_range wide[] = {
      {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
      {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
      {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
      {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
      {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
      {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
      {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
      {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
      {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
      {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
      {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
      {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
      {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
      {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
      {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
      {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};

  if (in_ranges(cp, zero, sizeof zero / sizeof zero[0])) return 0;
  if (in_ranges(cp, wide, sizeof wide / sizeof wide[0])) return 2;
  return 1;
}

/* Writes one table cell, or only measures it when b is NULL. */
static size_t table_cell(la_buffer *b, const char *s, size_t len) {
  size_t width = 0;
  size_t i = 0;

  while (i < len) {
    uint32_t cp;
    size_t n = la_utf8_decode(s + i, len - i, &cp);

    if (la_table_needs_escape(cp)) {
      if (cp < 0x100u) {
        if (b != NULL) {
          la_buffer_append(b, "\\x", 2);
          la_buffer_append_hex(b, cp, 2, 0);
        }
        width += 4;
      } else {
        if (b != NULL) la_buffer_append_u_escape(b, cp);
        width += 6;
      }
    } else {
      char utf8[4];
      if (b != NULL) la_buffer_append(b, utf8, la_utf8_encode(cp, utf8));
      width += la_display_width(cp);
    }
    i += n;
  }
  return width;
}

size_t la_table_append_cell(la_buffer *b, const char *s, size_t len) {
  return table_cell(b, s, len);
}

size_t la_table_cell_width(const char *s, size_t len) {
  return table_cell(NULL, s, len);
}
