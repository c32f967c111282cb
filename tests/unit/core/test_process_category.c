/* Task Manager's categories, service-host names, package display names. */
#include <stdlib.h>
#include <string.h>

#include "listapps.h"
#include "core/package_manifest.h"
#include "core/process_category.h"
#include "suite.h"

static la_category_facts facts(const char *image, const char *path) {
  la_category_facts f = {
      0, 0, 1234, 888, 1, image, path, "C:\\Windows\\system32", "C:\\Windows", "C:\\Program Files"};
  return f;
}

START_TEST(test_app_group_comes_first) {
  la_category_facts f = facts("svchost.exe", "C:\\Windows\\System32\\svchost.exe");
  f.in_app_group = 1;
  f.is_critical = 1;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_APP);
}
END_TEST

START_TEST(test_system_images_in_system_dir) {
  /* Task Manager's list (Windows Admin Center's copy) and 1.0's two more. */
  static const char *const names[] = {
      "smss.exe",     "CSRSS.EXE",   "wininit.exe",     "services.exe", "lsass.exe",
      "winlogon.exe", "svchost.exe", "fontdrvhost.exe", "dwm.exe",      "conhost.exe",
      "LsaIso.exe",   "sihost.exe",  "TaskEng.exe",     "taskhost.exe"};
  size_t i;

  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[128] = "c:\\windows\\SYSTEM32\\";
    la_category_facts f;
    strcat(path, names[i]);
    f = facts(names[i], path);
    ck_assert_msg(la_process_category(&f) == LISTAPPS_CATEGORY_WINDOWS, "%s", names[i]);
  }
}
END_TEST

START_TEST(test_stray_system_name_is_background) {
  la_category_facts f = facts("svchost.exe", "C:\\Users\\x\\Downloads\\svchost.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("svchost.exe", "C:\\Windows\\system32\\sub\\svchost.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  /* Hidden path (access denied): the name is trusted. */
  f = facts("svchost.exe", NULL);
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
}
END_TEST

START_TEST(test_new_system_names_elsewhere_are_background) {
  static const char *const names[] = {"sihost.exe", "taskeng.exe", "taskhost.exe"};
  size_t i;

  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[128] = "C:\\Users\\x\\";
    la_category_facts f;
    strcat(path, names[i]);
    f = facts(names[i], path);
    ck_assert_msg(la_process_category(&f) == LISTAPPS_CATEGORY_BACKGROUND, "%s", names[i]);
    /* Hidden path: the name is trusted, as for 1.0's names. */
    f = facts(names[i], NULL);
    ck_assert_msg(la_process_category(&f) == LISTAPPS_CATEGORY_WINDOWS, "%s", names[i]);
  }
}
END_TEST

START_TEST(test_defender_images) {
  la_category_facts f = facts("MsMpEng.exe", "C:\\Program Files\\Windows Defender\\MsMpEng.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f = facts("NisSrv.exe", "c:\\program files\\windows defender\\NISSRV.EXE");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f.program_files_dir = "C:\\Program Files\\";
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  /* Elsewhere, including the platform folder newer Defender updates run from: by path, these
   * are not the list's entries. */
  f = facts("MsMpEng.exe", "C:\\Program Files (x86)\\Windows Defender\\MsMpEng.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("MsMpEng.exe", "C:\\Program Files\\Windows Defender\\x\\MsMpEng.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("MsMpEng.exe",
            "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.1\\MsMpEng.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("MsMpEng.exe", "C:\\Program Files\\Windows DefenderX\\MsMpEng.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("MsMpEng.exe", "C:\\Program Files\\Windows Defender\\MsMpEng.exe");
  f.program_files_dir = NULL;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  /* In the system directory they are not on the list either. */
  f = facts("MsMpEng.exe", "C:\\Windows\\system32\\MsMpEng.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("MsMpEng.exe", NULL);
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
}
END_TEST

START_TEST(test_explorer_is_an_app_first) {
  la_category_facts f = facts("explorer.exe", "C:\\WINDOWS\\Explorer.EXE");
  /* A folder window makes it an App: the App test comes first. */
  f.in_app_group = 1;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_APP);
  f.in_app_group = 0;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  /* Only %windir%\explorer.exe: Wine runs its desktop from the system directory. */
  f = facts("explorer.exe", "C:\\windows\\system32\\explorer.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("explorer.exe", "C:\\Windows\\SysWOW64\\explorer.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("explorer.exe", "D:\\Tools\\explorer.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts("explorer.exe", "C:\\Windows\\explorer.exe");
  f.windows_dir = NULL;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f.windows_dir = "C:\\Windows\\";
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
}
END_TEST

START_TEST(test_shell_image_and_path) {
  ck_assert_int_eq(la_may_be_shell_image("explorer.exe"), 1);
  ck_assert_int_eq(la_may_be_shell_image("EXPLORER.EXE"), 1);
  ck_assert_int_eq(la_may_be_shell_image("explorer"), 0);
  ck_assert_int_eq(la_may_be_shell_image("iexplorer.exe"), 0);
  ck_assert_int_eq(la_may_be_shell_image(NULL), 0);
  ck_assert_int_eq(la_is_shell_path("C:\\Windows\\explorer.exe", "c:\\windows"), 1);
  ck_assert_int_eq(la_is_shell_path("c:\\windows\\EXPLORER.EXE", "C:\\Windows\\"), 1);
  /* Windows installed at the root of a drive: the directory is "C:". */
  ck_assert_int_eq(la_is_shell_path("C:\\explorer.exe", "C:"), 1);
  ck_assert_int_eq(la_is_shell_path("C:\\Windows\\System32\\explorer.exe", "C:\\Windows"), 0);
  ck_assert_int_eq(la_is_shell_path("C:\\Windows\\notepad.exe", "C:\\Windows"), 0);
  ck_assert_int_eq(la_is_shell_path("C:\\Windows\\explorer.exe", NULL), 0);
  ck_assert_int_eq(la_is_shell_path(NULL, "C:\\Windows"), 0);
}
END_TEST

START_TEST(test_critical_and_kernel_processes) {
  la_category_facts f = facts("myservice.exe", "C:\\Program Files\\x\\myservice.exe");
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f.is_critical = 1;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f = facts("[System Process]", NULL);
  f.pid = 0;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f = facts("System", NULL);
  f.pid = 4;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f = facts("Registry", NULL);
  f.parent_pid = 4;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f = facts("Memory Compression", NULL);
  f.parent_pid = 4;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_WINDOWS);
  f = facts("Registry", "C:\\Temp\\Registry"); /* a file called Registry is not the kernel's */
  f.parent_pid = 4;
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
  f = facts(NULL, NULL);
  ck_assert_int_eq(la_process_category(&f), LISTAPPS_CATEGORY_BACKGROUND);
}
END_TEST

START_TEST(test_path_in_dir) {
  ck_assert_int_eq(la_path_in_dir("C:\\Windows\\System32\\a.exe", "c:\\windows\\system32"), 1);
  ck_assert_int_eq(la_path_in_dir("C:\\Windows\\System32\\a.exe", "c:\\windows\\system32\\"), 1);
  ck_assert_int_eq(la_path_in_dir("C:\\Windows\\System32x\\a.exe", "c:\\windows\\system32"), 0);
  ck_assert_int_eq(la_path_in_dir("a.exe", "c:\\windows\\system32"), 0);
  ck_assert_int_eq(la_path_in_dir("C:\\a.exe", ""), 0);
}
END_TEST

START_TEST(test_service_host_names) {
  const char *one[] = {"Remote Procedure Call (RPC)"};
  const char *three[] = {"DCOM Server", "RPC Endpoint Mapper", "Power"};
  char *name;

  ck_assert_ptr_null(la_service_host_name(one, 0));
  name = la_service_host_name(one, 1);
  ck_assert_str_eq(name, "Service Host: Remote Procedure Call (RPC)");
  free(name);
  name = la_service_host_name(three, 3);
  ck_assert_str_eq(name, "Service Host: DCOM Server (+2 more)");
  free(name);
}
END_TEST

START_TEST(test_manifest_display_name) {
  static const char manifest[] =
      "<?xml version=\"1.0\"?><Package><Identity Name=\"x\"/>"
      "<Applications><Application><uap:VisualElements DisplayName=\"wrong\"/></Application>"
      "</Applications><Properties>\n  <DisplayName> Caf&#xE9; &amp; Bar &#8482; </DisplayName>"
      "<PublisherDisplayName>P</PublisherDisplayName></Properties></Package>";
  static const char no_props[] = "<Package><DisplayName>Nope</DisplayName></Package>";
  static const char empty[] = "<Properties><DisplayName>  </DisplayName></Properties>";
  static const char unclosed[] = "<Properties><DisplayName>Half";
  static const char bad_refs[] = "<Properties><DisplayName>a&#xD800;b&zz;</DisplayName>";
  char *name = NULL;

  ck_assert_int_eq(la_manifest_display_name(manifest, sizeof manifest - 1, &name), 0);
  ck_assert_ptr_nonnull(name);
  ck_assert_str_eq(name, "Caf\xC3\xA9 & Bar \xE2\x84\xA2");
  free(name);
  ck_assert_int_eq(la_manifest_display_name(no_props, sizeof no_props - 1, &name), 0);
  ck_assert_ptr_null(name);
  ck_assert_int_eq(la_manifest_display_name(empty, sizeof empty - 1, &name), 0);
  ck_assert_ptr_null(name);
  ck_assert_int_eq(la_manifest_display_name(unclosed, sizeof unclosed - 1, &name), 0);
  ck_assert_ptr_null(name);
  /* Bad references stay as written. */
  ck_assert_int_eq(la_manifest_display_name(bad_refs, sizeof bad_refs - 1, &name), 0);
  ck_assert_str_eq(name, "a&#xD800;b&zz;");
  free(name);
}
END_TEST

START_TEST(test_package_resource_reference) {
  const char *full = "Microsoft.WindowsCalculator_11.2307.4.0_x64__8wekyb3d8bbwe";
  char *ref;

  ck_assert_int_eq(la_package_resource_reference(full, "Calculator", &ref), 0);
  ck_assert_ptr_null(ref);
  ck_assert_int_eq(la_package_resource_reference(full, "ms-resource:AppStoreName", &ref), 0);
  ck_assert_str_eq(ref,
                   "@{Microsoft.WindowsCalculator_11.2307.4.0_x64__8wekyb3d8bbwe?"
                   "ms-resource://Microsoft.WindowsCalculator/Resources/AppStoreName}");
  free(ref);
  ck_assert_int_eq(la_package_resource_reference(full, "ms-resource:/Strings/Name", &ref), 0);
  ck_assert_str_eq(ref,
                   "@{Microsoft.WindowsCalculator_11.2307.4.0_x64__8wekyb3d8bbwe?"
                   "ms-resource://Microsoft.WindowsCalculator/Strings/Name}");
  free(ref);
  ck_assert_int_eq(la_package_resource_reference(full, "ms-resource://Other/Resources/N", &ref), 0);
  ck_assert_str_eq(ref,
                   "@{Microsoft.WindowsCalculator_11.2307.4.0_x64__8wekyb3d8bbwe?"
                   "ms-resource://Other/Resources/N}");
  free(ref);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("process_category");
  TCase *categories = tcase_create("categories");
  TCase *names = tcase_create("names");

  tcase_add_test(categories, test_stray_system_name_is_background);
  tcase_add_test(categories, test_app_group_comes_first);
  tcase_add_test(categories, test_system_images_in_system_dir);
  tcase_add_test(categories, test_new_system_names_elsewhere_are_background);
  tcase_add_test(categories, test_defender_images);
  tcase_add_test(categories, test_explorer_is_an_app_first);
  tcase_add_test(categories, test_shell_image_and_path);
  tcase_add_test(categories, test_critical_and_kernel_processes);
  tcase_add_test(categories, test_path_in_dir);
  tcase_add_test(names, test_service_host_names);
  tcase_add_test(names, test_manifest_display_name);
  tcase_add_test(names, test_package_resource_reference);
  suite_add_tcase(s, categories);
  suite_add_tcase(s, names);
  return s;
}
