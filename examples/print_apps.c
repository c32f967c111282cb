/*
 * A program that uses the listapps library as any caller would: through <listapps.h> alone,
 * linked as listapps::listapps from find_package(listapps).
 *
 * It takes a snapshot, prints each App's name, PID, publisher and windows through the
 * accessors, then streams the same snapshot as JSON to stdout through a sink.
 */
#include <stdio.h>

#include <listapps.h>

/* listapps_write hands its text over in pieces; this sink writes them to a FILE. */
static int to_file(void *context, const char *data, size_t len) {
  return fwrite(data, 1, len, (FILE *)context) == len ? 0 : 1;
}

int main(void) {
  const int fields[] = {LISTAPPS_FIELD_NAME, LISTAPPS_FIELD_PID, LISTAPPS_FIELD_PUBLISHER,
                        LISTAPPS_FIELD_TITLE};
  listapps_options options = LISTAPPS_OPTIONS_INIT;
  listapps_write_options json = LISTAPPS_WRITE_OPTIONS_INIT;
  listapps_error_info error = LISTAPPS_ERROR_INFO_INIT;
  listapps_snapshot *apps = NULL;
  char message[256];
  size_t row;
  int err;

  options.fields = fields; /* what we will read: Publisher is gathered only when asked for */
  options.field_count = sizeof fields / sizeof fields[0];
  err = listapps_snapshot_take(&options, &apps, &error);
  if (err != LISTAPPS_OK) {
    listapps_error_message(&error, message, sizeof message);
    fprintf(stderr, "print_apps: %s\n", message);
    return 1;
  }
  printf("%lu apps (listapps %s)\n", (unsigned long)listapps_snapshot_count(apps),
         listapps_version());
  for (row = 0; row < listapps_snapshot_count(apps); row++) {
    const char *name = NULL;
    const char *publisher = NULL;
    long long pid = 0;
    size_t w;

    /* Each getter returns the value's state; only a PRESENT value is set. */
    listapps_snapshot_get_string(apps, row, LISTAPPS_FIELD_NAME, &name);
    listapps_snapshot_get_integer(apps, row, LISTAPPS_FIELD_PID, &pid);
    if (listapps_snapshot_get_string(apps, row, LISTAPPS_FIELD_PUBLISHER, &publisher) !=
        LISTAPPS_VALUE_PRESENT)
      publisher = "-";
    printf("%-40s %8lld  %s\n", name, pid, publisher);
    for (w = 0; w < listapps_snapshot_window_count(apps, row); w++) {
      const char *title = NULL;
      listapps_snapshot_get_window_string(apps, row, w, LISTAPPS_FIELD_TITLE, &title);
      printf("    %s\n", title);
    }
  }
  json.format = LISTAPPS_FORMAT_JSON;
  json.fields = fields;
  json.field_count = sizeof fields / sizeof fields[0];
  err = listapps_write(apps, &json, to_file, stdout);
  listapps_snapshot_free(apps);
  if (err != LISTAPPS_OK) {
    fprintf(stderr, "print_apps: %s\n", listapps_strerror(err));
    return 1;
  }
  return 0;
}
