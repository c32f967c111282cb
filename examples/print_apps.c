/*
 * A program that uses the listapps library as any caller would: through <listapps.h> alone,
 * linked as listapps::listapps from find_package(listapps).
 *
 * It prints each App's name and PID, then the same list as JSON.
 */
#include <stdio.h>

#include <listapps.h>

int main(void) {
  listapps_list list;
  char *json = NULL;
  size_t json_len = 0;
  size_t i;
  int err;

  err = listapps_list_apps(LISTAPPS_LIST_DEFAULT, &list);
  if (err != LISTAPPS_OK) {
    fprintf(stderr, "print_apps: %s\n", listapps_strerror(err));
    return 1;
  }
  printf("%lu apps (listapps %s)\n", (unsigned long)list.count, listapps_version());
  for (i = 0; i < list.count; i++) {
    const listapps_app *app = &list.apps[i];
    /* Strings are UTF-8; path and description may be NULL. */
    printf("%-40s %8lu  %s\n", app->name, app->pid, app->path != NULL ? app->path : "-");
  }
  err = listapps_format(&list, LISTAPPS_FORMAT_JSON, 0, &json, &json_len);
  listapps_free_list(&list);
  if (err != LISTAPPS_OK) {
    fprintf(stderr, "print_apps: %s\n", listapps_strerror(err));
    return 1;
  }
  fwrite(json, 1, json_len, stdout);
  listapps_free_text(json);
  return 0;
}
