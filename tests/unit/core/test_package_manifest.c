/* A packaged app's display name from bytes any package can ship (issue 23): invalid UTF-8 and
 * control characters never reach a row raw. */
#include <stdlib.h>
#include <string.h>

#include "core/package_manifest.h"
#include "suite.h"

/* The display name of a manifest whose <DisplayName> holds text (len bytes). */
static char *name_of(const char *text, size_t len) {
  static const char before[] = "<Package><Properties><DisplayName>";
  static const char after[] = "</DisplayName></Properties></Package>";
  size_t total = sizeof before - 1 + len + sizeof after - 1;
  char *xml = malloc(total);
  char *name = (char *)1;

  ck_assert_ptr_nonnull(xml);
  memcpy(xml, before, sizeof before - 1);
  memcpy(xml + sizeof before - 1, text, len);
  memcpy(xml + sizeof before - 1 + len, after, sizeof after - 1);
  ck_assert_int_eq(la_manifest_display_name(xml, total, &name), 0);
  free(xml);
  return name;
}

START_TEST(test_invalid_utf8_becomes_replacement) {
  char *name = name_of("Caf\xE9 \xFF\xFE", 7);

  ck_assert_str_eq(name, "Caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD");
  free(name);
}
END_TEST

START_TEST(test_controls_are_escaped) {
  /* Raw and as character references: ESC (a terminal's escape), BEL, a line break inside the
   * name, DEL and the C1 CSI (U+009B). White space at the edges is trimmed first. */
  static const char text[] = " \tA\x1B[2J&#7;B\nC&#x7F;&#155;D\r\n";
  char *name = name_of(text, sizeof text - 1);

  ck_assert_str_eq(name, "A\\x1B[2J\\x07B\\x0AC\\x7F\\x9BD");
  free(name);
}
END_TEST

START_TEST(test_plain_name_is_unchanged) {
  static const char text[] = "Rechner &amp; Co \xE2\x84\xA2 \\d";
  char *name = name_of(text, sizeof text - 1);

  ck_assert_str_eq(name, "Rechner & Co \xE2\x84\xA2 \\d");
  free(name);
}
END_TEST

START_TEST(test_only_controls_is_still_a_name) {
  /* U+0001 is not white space: the name is its escape, not blank. */
  char *name = name_of("&#1;", 4);

  ck_assert_str_eq(name, "\\x01");
  free(name);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("package_manifest");
  TCase *hostile = tcase_create("hostile bytes");
  TCase *plain = tcase_create("plain names");

  tcase_add_test(hostile, test_invalid_utf8_becomes_replacement);
  tcase_add_test(hostile, test_controls_are_escaped);
  tcase_add_test(hostile, test_only_controls_is_still_a_name);
  tcase_add_test(plain, test_plain_name_is_unchanged);
  suite_add_tcase(s, hostile);
  suite_add_tcase(s, plain);
  return s;
}
