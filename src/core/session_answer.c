/* A sessions listing's helper answer: written, read strictly, merged. See session_answer.h. */
#include "core/session_answer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pid_map.h"
#include "core/text.h"
#include "core/utf.h"

#define HEADER "listapps-session 1\n"

/* A growing text; err is set once memory ran out, and later appends do nothing. */
typedef struct text_out {
  char *data;
  size_t len;
  size_t cap;
  int err;
} text_out;

static void put(text_out *t, const char *s, size_t n) {
  if (t->err) return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap == 0 ? 4096 : t->cap;
    char *grown;
    while (cap < t->len + n + 1) cap *= 2;
    grown = realloc(t->data, cap);
    if (grown == NULL) {
      t->err = 1;
      return;
    }
    t->data = grown;
    t->cap = cap;
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
  t->data[t->len] = '\0';
}

static void put_str(text_out *t, const char *s) {
  put(t, s, strlen(s));
}

static void put_hex_text(text_out *t, const char *s) {
  size_t i;

  if (s == NULL) {
    put(t, "-", 1);
    return;
  }
  for (i = 0; s[i] != '\0'; i++) {
    char pair[2];
    pair[0] = la_hex_digit((unsigned char)s[i] >> 4, 0);
    pair[1] = la_hex_digit((unsigned char)s[i] & 0xF, 0);
    put(t, pair, 2);
  }
}

int la_session_answer_write(const la_window *windows, size_t count, unsigned long shell_pid,
                            char **text, size_t *len) {
  text_out t = {NULL, 0, 0, 0};
  char number[64];
  size_t i;

  *text = NULL;
  *len = 0;
  put_str(&t, HEADER);
  snprintf(number, sizeof number, "shell %lu\n", shell_pid);
  put_str(&t, number);
  for (i = 0; i < count; i++) {
    snprintf(number, sizeof number, "window %llx %lu %d ",
             (unsigned long long)windows[i].hwnd, windows[i].pid, windows[i].hung ? 1 : 0);
    put_str(&t, number);
    put_hex_text(&t, windows[i].class_name);
    put(&t, " ", 1);
    put_hex_text(&t, windows[i].title);
    put(&t, "\n", 1);
  }
  snprintf(number, sizeof number, "end %lu\n", (unsigned long)count);
  put_str(&t, number);
  if (t.err) {
    free(t.data);
    return LISTAPPS_ENOMEM;
  }
  *text = t.data;
  *len = t.len;
  return 0;
}

/* The reader's position: the text, where the current line starts, its number. */
typedef struct reader {
  const char *text;
  size_t len;
  size_t at;
  size_t line_no;
  const char *line; /* the current line, without its LF */
  size_t line_len;
  size_t word; /* where the next word of the line starts */
} reader;

/* Takes the next line. Returns 0 when there is none (no LF before the end). */
static int next_line(reader *r) {
  const char *lf;

  /* A missing line is counted too, so a problem names the line that should have come. */
  r->line_no++;
  if (r->at >= r->len) return 0;
  lf = memchr(r->text + r->at, '\n', r->len - r->at);
  if (lf == NULL) return 0;
  r->line = r->text + r->at;
  r->line_len = (size_t)(lf - r->line);
  r->at += r->line_len + 1;
  r->word = 0;
  return 1;
}

/* The next word of the line (words are separated by exactly one space). */
static int next_word(reader *r, const char **w, size_t *n) {
  size_t start = r->word;
  size_t end = start;

  if (start > r->line_len) return 0;
  while (end < r->line_len && r->line[end] != ' ') end++;
  if (end == start) return 0;
  *w = r->line + start;
  *n = end - start;
  r->word = end + 1;
  return 1;
}

static int at_line_end(const reader *r) {
  return r->word > r->line_len;
}

static int word_is(reader *r, const char *expected) {
  const char *w;
  size_t n;
  return next_word(r, &w, &n) && n == strlen(expected) && memcmp(w, expected, n) == 0;
}

/* A number in base 10 or 16, of at most max_digits digits and at most max. */
static int read_number(reader *r, int base, size_t max_digits, unsigned long long max,
                       unsigned long long *value) {
  const char *w;
  size_t n;
  size_t i;
  unsigned long long v = 0;

  if (!next_word(r, &w, &n) || n > max_digits) return 0;
  for (i = 0; i < n; i++) {
    int d;
    if (w[i] >= '0' && w[i] <= '9')
      d = w[i] - '0';
    else if (base == 16 && w[i] >= 'a' && w[i] <= 'f')
      d = w[i] - 'a' + 10;
    else
      return 0;
    v = v * (unsigned long long)base + (unsigned long long)d;
  }
  if (v > max) return 0;
  *value = v;
  return 1;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Text as hexadecimal UTF-8 bytes: valid UTF-8 with no NUL, or "-" for none when allow_none.
 * Returns 1 and sets *out (malloc'd, NULL for none), 0 when the word is not such text, -1 when
 * memory ran out. */
static int read_text(reader *r, int allow_none, char **out) {
  const char *w;
  size_t n;
  size_t i;
  size_t at;
  char *s;

  *out = NULL;
  if (!next_word(r, &w, &n)) return 0;
  if (allow_none && n == 1 && w[0] == '-') return 1;
  if (n % 2 != 0) return 0;
  s = malloc(n / 2 + 1);
  if (s == NULL) return -1;
  for (i = 0; i < n / 2; i++) {
    int hi = hex_value(w[2 * i]);
    int lo = hex_value(w[2 * i + 1]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
      free(s);
      return 0;
    }
    s[i] = (char)(hi << 4 | lo);
  }
  s[n / 2] = '\0';
  /* Strict UTF-8: a helper of ours writes what la_utf16_to_utf8 made. */
  for (at = 0; at < n / 2;) {
    uint32_t cp;
    size_t used = la_utf8_decode(s + at, n / 2 - at, &cp);
    if (cp == LA_REPLACEMENT_CHAR &&
        !(used == 3 && memcmp(s + at, "\xEF\xBF\xBD", 3) == 0)) {
      free(s);
      return 0;
    }
    at += used;
  }
  *out = s;
  return 1;
}

static void say(char *problem, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void say(char *problem, size_t size, const char *fmt, ...) {
  va_list ap;

  if (problem == NULL || size == 0) return;
  va_start(ap, fmt);
  vsnprintf(problem, size, fmt, ap);
  va_end(ap);
}

static int push(la_session_answer *a, size_t *cap, const la_window *w) {
  if (a->window_count == *cap) {
    size_t grown_cap = *cap == 0 ? 64 : *cap * 2;
    la_window *grown = realloc(a->windows, grown_cap * sizeof *grown);
    if (grown == NULL) return LISTAPPS_ENOMEM;
    a->windows = grown;
    *cap = grown_cap;
  }
  a->windows[a->window_count++] = *w;
  return 0;
}

int la_session_answer_read(const char *text, size_t len, la_session_answer *out, char *problem,
                           size_t problem_size) {
  reader r;
  unsigned long long v;
  size_t cap = 0;
  int err = LISTAPPS_EINVAL;

  memset(out, 0, sizeof *out);
  memset(&r, 0, sizeof r);
  r.text = text;
  r.len = len;
  say(problem, problem_size, "%s", "");
  if (len > LA_SESSION_ANSWER_MAX_BYTES) {
    say(problem, problem_size, "the helper wrote more than %lu bytes",
        (unsigned long)LA_SESSION_ANSWER_MAX_BYTES);
    return LISTAPPS_EINVAL;
  }
  if (len == 0) {
    say(problem, problem_size, "the helper wrote nothing");
    return LISTAPPS_EINVAL;
  }
  if (!next_line(&r) || r.line_len + 1 != strlen(HEADER) ||
      memcmp(r.line, HEADER, r.line_len) != 0) {
    say(problem, problem_size, "the helper's answer does not start with \"listapps-session 1\"");
    return LISTAPPS_EINVAL;
  }
  if (!next_line(&r) || !word_is(&r, "shell") || !read_number(&r, 10, 10, 0xFFFFFFFFull, &v) ||
      !at_line_end(&r))
    goto bad_line;
  out->shell_pid = (unsigned long)v;
  for (;;) {
    la_window w;
    const char *word;
    size_t n;
    int got;

    if (!next_line(&r)) goto bad_line;
    if (!next_word(&r, &word, &n)) goto bad_line;
    if (n == 3 && memcmp(word, "end", 3) == 0) {
      if (!read_number(&r, 10, 10, LA_SESSION_ANSWER_MAX_WINDOWS, &v) || !at_line_end(&r) ||
          v != out->window_count)
        goto bad_line;
      if (r.at != r.len) {
        say(problem, problem_size, "the helper wrote more after its end line");
        goto fail;
      }
      return 0;
    }
    if (n != 6 || memcmp(word, "window", 6) != 0) goto bad_line;
    if (out->window_count == LA_SESSION_ANSWER_MAX_WINDOWS) {
      say(problem, problem_size, "the helper named more than %u windows",
          LA_SESSION_ANSWER_MAX_WINDOWS);
      goto fail;
    }
    memset(&w, 0, sizeof w);
    if (!read_number(&r, 16, 16, UINTPTR_MAX, &v) || v == 0) goto bad_line;
    w.hwnd = (uintptr_t)v;
    if (!read_number(&r, 10, 10, 0xFFFFFFFFull, &v)) goto bad_line;
    w.pid = (unsigned long)v;
    if (!read_number(&r, 10, 1, 1, &v)) goto bad_line;
    w.hung = (int)v;
    got = read_text(&r, 1, &w.class_name);
    if (got == 1) got = read_text(&r, 0, &w.title);
    if (got == 1 && !at_line_end(&r)) got = 0;
    if (got != 1 || push(out, &cap, &w) != 0) {
      free(w.class_name);
      free(w.title);
      if (got == -1 || got == 1) {
        err = LISTAPPS_ENOMEM;
        goto fail;
      }
      goto bad_line;
    }
  }

bad_line:
  say(problem, problem_size, "the helper's answer is malformed at line %lu",
      (unsigned long)r.line_no);
fail:
  la_session_answer_free(out);
  return err;
}

void la_session_answer_free(la_session_answer *answer) {
  size_t i;

  for (i = 0; answer->windows != NULL && i < answer->window_count; i++) {
    free(answer->windows[i].title);
    free(answer->windows[i].class_name);
  }
  free(answer->windows);
  memset(answer, 0, sizeof *answer);
}

int la_merge_session_windows(la_facts *f, unsigned long session_id, la_session_answer *answer,
                             size_t *dropped) {
  la_pid_map procs = {0};
  la_window *grown;
  size_t i;

  *dropped = 0;
  for (i = 0; i < f->proc_count; i++) {
    if (f->procs[i].in_snapshot && la_pid_map_put(&procs, f->procs[i].pid, i) != 0) {
      la_pid_map_free(&procs);
      return LISTAPPS_ENOMEM;
    }
  }
  grown = realloc(f->windows, (f->window_count + answer->window_count + 1) * sizeof *grown);
  if (grown == NULL) {
    la_pid_map_free(&procs);
    return LISTAPPS_ENOMEM;
  }
  f->windows = grown;
  for (i = 0; i < answer->window_count; i++) {
    la_window *w = &answer->windows[i];
    size_t at;
    /* The helper is the session's user's program: a window it names counts only for a process
     * the caller's own snapshot shows in that session. */
    if (la_pid_map_get(&procs, w->pid, &at) && f->procs[at].session_id == session_id) {
      f->windows[f->window_count++] = *w;
    } else {
      free(w->title);
      free(w->class_name);
      (*dropped)++;
    }
  }
  free(answer->windows);
  answer->windows = NULL;
  answer->window_count = 0;
  la_pid_map_free(&procs);
  return 0;
}
