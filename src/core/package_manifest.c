/* AppxManifest.xml display names. See package_manifest.h. */
#include "core/package_manifest.h"

#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "core/utf.h"

/* The first occurrence of needle in s[0..len), or NULL. */
static const char *find(const char *s, size_t len, const char *needle) {
  size_t n = strlen(needle);
  size_t i;

  for (i = 0; n <= len && i <= len - n; i++) {
    if (memcmp(s + i, needle, n) == 0) return s + i;
  }
  return NULL;
}

/* Decodes one entity starting at s[0] == '&' into out; returns bytes consumed, 0 if none. */
static size_t decode_entity(const char *s, size_t len, char *out, size_t *out_len) {
  static const struct {
    const char *name;
    char c;
  } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  size_t i;

  for (i = 0; i < sizeof named / sizeof named[0]; i++) {
    size_t n = strlen(named[i].name);
    if (n <= len && memcmp(s, named[i].name, n) == 0) {
      out[0] = named[i].c;
      *out_len = 1;
      return n;
    }
  }
  if (len > 3 && s[1] == '#') {
    int hex = s[2] == 'x';
    unsigned long cp = 0;
    size_t k = hex ? 3 : 2;
    size_t start = k;

    for (; k < len && k < start + 8 && s[k] != ';'; k++) {
      char c = s[k];
      int d = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16u : 10u) + (unsigned long)d;
    }
    if (k == start || k >= len || s[k] != ';' || cp == 0 || cp > 0x10FFFFul ||
        (cp >= 0xD800ul && cp <= 0xDFFFul))
      return 0;
    *out_len = la_utf8_encode((uint32_t)cp, out);
    return k + 1;
  }
  return 0;
}

int la_manifest_display_name(const char *xml, size_t len, char **name) {
  const char *props = find(xml, len, "<Properties");
  const char *open;
  const char *close;
  const char *text;
  size_t text_len;
  size_t start;
  size_t trimmed;
  char *out;
  size_t n = 0;
  size_t i;
  int err;

  *name = NULL;
  if (props == NULL) return 0;
  open = find(props, len - (size_t)(props - xml), "<DisplayName>");
  if (open == NULL) return 0;
  text = open + strlen("<DisplayName>");
  close = find(text, len - (size_t)(text - xml), "</DisplayName>");
  if (close == NULL) return 0;
  text_len = (size_t)(close - text);
  out = malloc(text_len + 1);
  if (out == NULL) return -1;
  for (i = 0; i < text_len;) {
    size_t produced = 0;
    size_t used = text[i] == '&' ? decode_entity(text + i, text_len - i, out + n, &produced) : 0;
    if (used == 0) {
      out[n++] = text[i++];
    } else {
      n += produced;
      i += used;
    }
  }
  /* A NUL byte (a damaged manifest) ends the name: it is a C string from here on. */
  {
    const char *nul = memchr(out, '\0', n);
    if (nul != NULL) n = (size_t)(nul - out);
  }
  la_trim(out, n, &start, &trimmed);
  if (trimmed == 0) {
    free(out);
    return 0;
  }
  /* Any package can ship any bytes here: the name enters a row as valid UTF-8 with its control
   * characters escaped, or one bad byte would make a consumer reject the whole output (a
   * Prometheus text file, for one). */
  err = la_utf8_clean_name(out + start, trimmed, name, NULL);
  free(out);
  return err;
}

int la_package_resource_reference(const char *full_name, const char *display_name,
                                  char **reference) {
  static const char scheme[] = "ms-resource:";
  const char *rest;
  size_t name_len;
  size_t size;
  char *out;

  *reference = NULL;
  if (strncmp(display_name, scheme, sizeof scheme - 1) != 0) return 0;
  rest = display_name + sizeof scheme - 1;
  name_len = strcspn(full_name, "_");
  size = strlen(full_name) + name_len + strlen(rest) + 64;
  out = malloc(size);
  if (out == NULL) return -1;
  strcpy(out, "@{");
  strcat(out, full_name);
  strcat(out, "?ms-resource:");
  if (strncmp(rest, "//", 2) != 0) {
    /* A relative reference names a string in the package's own Resources map. */
    strcat(out, "//");
    strncat(out, full_name, name_len);
    strcat(out, rest[0] == '/' ? "" : "/Resources/");
  }
  strcat(out, rest);
  strcat(out, "}");
  *reference = out;
  return 0;
}
