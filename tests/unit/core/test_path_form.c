/* The form of a Windows path: a local drive letter, the network, or something else. */
#include <string.h>

#include "core/path_form.h"
#include "suite.h"

/* The form of an ASCII path, and its drive letter in *letter. */
static la_path_form form_of(const char *path, uint16_t *letter) {
  uint16_t units[128];
  size_t count = strlen(path);
  size_t i;

  ck_assert_uint_lt(count, 128);
  for (i = 0; i < count; i++) units[i] = (uint16_t)(unsigned char)path[i];
  return la_path_form_of(units, count, letter);
}

static void assert_form(const char *path, la_path_form form, char drive) {
  uint16_t letter = 0x1234;

  ck_assert_msg(form_of(path, &letter) == form, "%s: form %d, expected %d", path,
                (int)form_of(path, NULL), (int)form);
  ck_assert_msg(letter == (uint16_t)drive, "%s: letter %u, expected %u", path, (unsigned)letter,
                (unsigned)(unsigned char)drive);
}

START_TEST(test_network_paths) {
  assert_form("\\\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("//host/share/x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\/host\\share", LA_PATH_NETWORK, 0);
  assert_form("\\\\?\\UNC\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\\\?\\unc\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\\\.\\UNC\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\??\\UNC\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\Device\\Mup\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\device\\mup\\;Z:000000000001a2b3\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\Device\\LanmanRedirector\\;Z:0000\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\Device\\WebDavRedirector\\host\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\Device\\RdpDr\\;:1\\tsclient\\C\\x.exe", LA_PATH_NETWORK, 0);
  assert_form("\\\\?\\GLOBALROOT\\Device\\Mup\\host\\share\\x.exe", LA_PATH_NETWORK, 0);
  /* The shortest: two separators and a name. */
  assert_form("\\\\h", LA_PATH_NETWORK, 0);
}
END_TEST

START_TEST(test_drive_paths) {
  assert_form("C:\\Windows\\notepad.exe", LA_PATH_DRIVE, 'C');
  assert_form("c:/x.exe", LA_PATH_DRIVE, 'C');
  assert_form("Z:", LA_PATH_DRIVE, 'Z');
  assert_form("\\\\?\\D:\\x.exe", LA_PATH_DRIVE, 'D');
  assert_form("\\\\.\\e:\\x.exe", LA_PATH_DRIVE, 'E');
  assert_form("\\??\\C:\\x.exe", LA_PATH_DRIVE, 'C');
}
END_TEST

START_TEST(test_other_paths) {
  assert_form("", LA_PATH_OTHER, 0);
  assert_form("x.exe", LA_PATH_OTHER, 0);
  assert_form("\\x.exe", LA_PATH_OTHER, 0);
  assert_form("C:x.exe", LA_PATH_OTHER, 0); /* drive-relative: not a full path */
  assert_form("1:\\x.exe", LA_PATH_OTHER, 0);
  assert_form("\\\\?\\Volume{01234567-89ab-cdef-0123-456789abcdef}\\x.exe", LA_PATH_OTHER, 0);
  assert_form("\\\\.\\pipe\\listapps", LA_PATH_OTHER, 0);
  assert_form("\\\\?\\GLOBALROOT\\Device\\HarddiskVolume2\\x.exe", LA_PATH_OTHER, 0);
  assert_form("\\Device\\HarddiskVolume2\\Windows\\x.exe", LA_PATH_OTHER, 0);
  assert_form("\\Device\\Mupx\\host", LA_PATH_OTHER, 0);
  assert_form("\\\\?\\", LA_PATH_OTHER, 0);
  assert_form("\\\\?\\UN", LA_PATH_OTHER, 0);
}
END_TEST

START_TEST(test_letter_may_be_null) {
  ck_assert_int_eq(form_of("C:\\x", NULL), LA_PATH_DRIVE);
  ck_assert_int_eq(form_of("\\\\h\\s", NULL), LA_PATH_NETWORK);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("path_form");
  TCase *forms = tcase_create("forms");

  tcase_add_test(forms, test_other_paths);
  tcase_add_test(forms, test_network_paths);
  tcase_add_test(forms, test_drive_paths);
  tcase_add_test(forms, test_letter_may_be_null);
  suite_add_tcase(s, forms);
  return s;
}
