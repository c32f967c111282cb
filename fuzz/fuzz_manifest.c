/*
 * fuzz_manifest - a packaged app's display name from its AppxManifest.xml (package_manifest.h).
 * The manifest is a file on disk that any package can ship, so it is read as untrusted text.
 * The input's first byte picks the check; the rest is its input.
 *
 * Properties:
 *  0 any bytes:    la_manifest_display_name reads only its len bytes and gives NULL or a
 *                  non-empty name that la_trim leaves whole, strictly valid UTF-8 without a
 *                  control character (C0, DEL, C1), at most four bytes per byte of the text
 *                  (a control byte becomes \xHH); without any '&' in the text, a name with no
 *                  U+FFFD and no backslash is a piece of it, verbatim;
 *  1 round trip:   a name written into a real-looking manifest, its characters as themselves,
 *                  as the five predefined entities or as decimal or hexadecimal character
 *                  references, comes back as the name trimmed and cleaned (NULL when it is
 *                  blank): each byte that starts no well-formed UTF-8 sequence as U+FFFD, each
 *                  control character as \xHH (issue 23);
 *  2 references:   la_package_resource_reference gives NULL for plain text and the documented
 *                  "@{<full name>?ms-resource://<package name>/Resources/<id>}" form (or the
 *                  path the reference gives) for an "ms-resource:" name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app_rules.h"
#include "fuzz_common.h"
#include "core/package_manifest.h"
#include "core/text.h"

/* The name as a row must show it, computed here independently of core/utf.c: each byte that
 * starts no well-formed sequence as U+FFFD, each C0, DEL or C1 control as \xHH (upper-case). */
static void add_clean(fuzz_text *t, const char *s, size_t len) {
  const uint8_t *u = (const uint8_t *)s;
  size_t i = 0;

  while (i < len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict(u + i, len - i, &cp);
    uint8_t utf8[4];
    if (n == 0) {
      cp = 0xFFFD;
      n = 1;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      char esc[8];
      snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
      fuzz_text_add_str(t, esc);
    } else {
      fuzz_text_add(t, utf8, fuzz_utf8_put(cp, utf8));
    }
    i += n;
  }
}

/* 1 when s holds no control character (s is valid UTF-8). */
static int has_no_control(const char *s, size_t len) {
  const uint8_t *u = (const uint8_t *)s;
  size_t i = 0;

  while (i < len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict(u + i, len - i, &cp);
    if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return 0;
    i += n;
  }
  return 1;
}

static void check_any(const uint8_t *data, size_t size) {
  /* An exact-size copy, so reading past the end is caught by ASan. */
  char *xml = malloc(size > 0 ? size : 1);
  char *name;
  size_t len;
  size_t start;
  size_t trimmed;

  if (xml == NULL) return;
  if (size > 0) memcpy(xml, data, size);
  FUZZ_CHECK(la_manifest_display_name(xml, size, &name) == 0, "out of memory for %zu bytes", size);
  if (name != NULL) {
    len = strlen(name);
    FUZZ_CHECK(len > 0 && len <= 4 * size, "name of %zu bytes from %zu", len, size);
    la_trim(name, len, &start, &trimmed);
    FUZZ_CHECK(start == 0 && trimmed == len, "name \"%s\" not trimmed", name);
    FUZZ_CHECK(fuzz_utf8_valid(name, len), "name \"%s\" is not valid UTF-8", name);
    FUZZ_CHECK(has_no_control(name, len), "name \"%s\" holds a control character", name);
    if (memchr(xml, '&', size) == NULL && strchr(name, '\\') == NULL &&
        strstr(name, "\xEF\xBF\xBD") == NULL) {
      int found = 0;
      size_t i;
      for (i = 0; i + len <= size && !found; i++) found = memcmp(xml + i, name, len) == 0;
      FUZZ_CHECK(found, "name \"%s\" is not in a text without references", name);
    }
  }
  free(name);
  free(xml);
}

/* Writes cp into t as a reference of the chosen kind: a predefined entity where there is one,
 * else a decimal or hexadecimal character reference (with leading zeros up to 8 digits). */
static void add_reference(fuzz_text *t, uint32_t cp, uint8_t how) {
  static const struct {
    uint32_t cp;
    const char *text;
  } named[] = {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&apos;"}};
  char ref[32];
  size_t i;
  int digits;

  if ((how & 3) == 1) {
    for (i = 0; i < sizeof named / sizeof named[0]; i++) {
      if (named[i].cp == cp) {
        fuzz_text_add_str(t, named[i].text);
        return;
      }
    }
  }
  if (how & 2) {
    digits = snprintf(ref, sizeof ref, "%x", (unsigned)cp);
    snprintf(ref, sizeof ref, (how & 4) ? "&#x%0*x;" : "&#x%0*X;",
             digits + (int)((how >> 3) % (unsigned)(9 - digits)), (unsigned)cp);
  } else {
    digits = snprintf(ref, sizeof ref, "%u", (unsigned)cp);
    snprintf(ref, sizeof ref, "&#%0*u;", digits + (int)((how >> 3) % (unsigned)(9 - digits)),
             (unsigned)cp);
  }
  fuzz_text_add_str(t, ref);
}

static void check_round_trip(fuzz_input *in) {
  static const char real_before[] =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Package xmlns=\"http://schemas.microsoft."
      "com/appx/manifest/foundation/windows10\">\r\n  <Identity Name=\"Contoso.App\" "
      "Version=\"1.0.0.0\" />\r\n  <Properties>\r\n    <DisplayName>";
  static const char real_after[] =
      "</DisplayName>\r\n    <Logo>Assets\\Logo.png</Logo>\r\n  </Properties>\r\n  "
      "<Applications><Application Id=\"App\"><uap:VisualElements DisplayName=\"Other\" />"
      "</Application></Applications>\r\n</Package>\r\n";
  static const char publisher_before[] =
      "<Package><Properties><PublisherDisplayName>Contoso &amp; Co</PublisherDisplayName>"
      "<DisplayName>";
  static const char second_after[] =
      "</DisplayName><DisplayName>Second</DisplayName></Properties></Package>";
  static const char *const before[] = {real_before, publisher_before,
                                       "<Properties>\n<DisplayName>"};
  static const char *const after[] = {real_after, second_after, "</DisplayName>"};
  fuzz_text xml = {NULL, 0, 0, 0};
  fuzz_text want = {NULL, 0, 0, 0};
  size_t name_len = 0;
  char *name = fuzz_take_cstring(in, &name_len);
  uint8_t shape = fuzz_take_u8(in);
  char *got = NULL;
  size_t start;
  size_t trimmed;
  size_t i = 0;

  if (name == NULL) return;
  fuzz_text_add_str(&xml, before[shape % 3]);
  while (i < name_len) {
    uint32_t cp = 0;
    size_t n = fuzz_utf8_strict((const uint8_t *)name + i, name_len - i, &cp);
    uint8_t how = fuzz_take_u8(in);

    if (n == 0) {
      fuzz_text_add(&xml, name + i, 1); /* invalid UTF-8 passes through as bytes */
      i++;
      continue;
    }
    if (how == 0 && cp != '<' && cp != '&')
      fuzz_text_add(&xml, name + i, n);
    else
      add_reference(&xml, cp, how);
    i += n;
  }
  fuzz_text_add_str(&xml, after[(shape >> 2) % 3]);
  if (xml.oom) goto cleanup;

  FUZZ_CHECK(la_manifest_display_name(xml.data, xml.len, &got) == 0, "out of memory");
  la_trim(name, name_len, &start, &trimmed);
  add_clean(&want, name + start, trimmed);
  if (want.oom) goto cleanup;
  if (trimmed == 0) {
    FUZZ_CHECK(got == NULL, "blank name \"%s\" gave \"%s\" from:\n%s", name, got, xml.data);
  } else if (got != NULL) {
    FUZZ_CHECK(strcmp(got, want.data) == 0, "name \"%s\" came back as \"%s\", not \"%s\", from:\n%s",
               name, got, want.data, xml.data);
  } else {
    FUZZ_CHECK(0, "name \"%s\" not found in:\n%s", name, xml.data);
  }

cleanup:
  free(got);
  free(name);
  free(xml.data);
  free(want.data);
}

static void check_reference(fuzz_input *in) {
  static const char *const schemes[] = {"ms-resource:",
                                        "ms-resource://",
                                        "ms-resource:/",
                                        "ms-resource:///",
                                        "MS-RESOURCE:",
                                        "ms-resource",
                                        ""};
  char *full = fuzz_take_cstring(in, NULL);
  char *id = fuzz_take_cstring(in, NULL);
  const char *scheme = schemes[fuzz_take_below(in, sizeof schemes / sizeof schemes[0])];
  fuzz_text display = {NULL, 0, 0, 0};
  fuzz_text want = {NULL, 0, 0, 0};
  char *got = NULL;
  const char *rest;

  if (full == NULL || id == NULL) goto cleanup;
  fuzz_text_add_str(&display, scheme);
  fuzz_text_add_str(&display, id);
  if (display.oom) goto cleanup;
  FUZZ_CHECK(la_package_resource_reference(full, display.data, &got) == 0, "out of memory");
  if (strncmp(display.data, "ms-resource:", 12) != 0) {
    FUZZ_CHECK(got == NULL, "plain \"%s\" gave \"%s\"", display.data, got);
    goto cleanup;
  }
  if (got == NULL) goto cleanup; /* out of memory */
  rest = display.data + 12;
  fuzz_text_add_str(&want, "@{");
  fuzz_text_add_str(&want, full);
  fuzz_text_add_str(&want, "?ms-resource:");
  if (strncmp(rest, "//", 2) != 0) {
    fuzz_text_add_str(&want, "//");
    fuzz_text_add(&want, full, strcspn(full, "_"));
    if (rest[0] != '/') fuzz_text_add_str(&want, "/Resources/");
  }
  fuzz_text_add_str(&want, rest);
  fuzz_text_add_str(&want, "}");
  if (want.oom) goto cleanup;
  FUZZ_CHECK(strcmp(got, want.data) == 0, "\"%s\" for \"%s\" in %s, expected \"%s\"", got,
             display.data, full, want.data);

cleanup:
  free(got);
  free(full);
  free(id);
  free(display.data);
  free(want.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input in;

  if (size == 0) return 0;
  in.data = data + 1;
  in.len = size - 1;
  switch (data[0] % 3) {
    case 0:
      check_any(data + 1, size - 1);
      break;
    case 1:
      check_round_trip(&in);
      break;
    default:
      check_reference(&in);
      break;
  }
  return 0;
}
