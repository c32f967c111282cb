/*
 * fuzz_recording - a recording (core/recording.h), the file --replay reads: a user's bug report,
 * or a file from anywhere, so it is read as hostile text.
 *
 * Properties, for any bytes:
 *  - la_recording_read reads only its len bytes (an exact-size copy: ASan sees any read past
 *    it), and either refuses the text with one non-empty line and empty facts, or gives facts
 *    within the caps;
 *  - facts it takes make rows through the same rules as a live listing (la_assemble, default
 *    and --all), whatever the parent links (cycles, self-parents, missing parents), with every
 *    row's Name set and its group's first PID its own;
 *  - facts it takes, written again (la_recording_write), are read back to the same counts.
 * No leak (LeakSanitizer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/assemble.h"
#include "core/recording.h"
#include "fuzz_common.h"

static void check_rows(la_facts *f, unsigned flags) {
  la_rows rows = {0};
  size_t i;

  if (la_assemble(f, flags, &rows) != 0) return;
  for (i = 0; i < rows.count; i++) {
    const la_row *r = &rows.items[i];
    FUZZ_CHECK(r->values[LISTAPPS_FIELD_NAME].state == LISTAPPS_VALUE_PRESENT, "row %zu unnamed",
               i);
    FUZZ_CHECK(r->member_count == 0 || r->member_pids[0] ==
                                           (unsigned long)r->values[LISTAPPS_FIELD_PID].number,
               "row %zu: its group does not start with it", i);
  }
  la_rows_free(&rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size > 0 ? size : 1);
  char problem[160];
  la_recording_meta meta;
  la_recording_meta again_meta;
  la_facts f;
  la_facts again;
  char *written = NULL;
  size_t written_len = 0;
  int rc;

  if (text == NULL) return 0;
  if (size > 0) memcpy(text, data, size);
  rc = la_recording_read(text, size, &f, &meta, problem, sizeof problem);
  free(text);
  if (rc == LISTAPPS_ENOMEM) return 0;
  if (rc != 0) {
    FUZZ_CHECK(rc == LISTAPPS_EINVAL, "read gave %d", rc);
    FUZZ_CHECK(problem[0] != '\0' && strchr(problem, '\n') == NULL, "problem '%s'", problem);
    FUZZ_CHECK(f.proc_count == 0 && f.raw_window_count == 0 && f.windows == NULL,
               "a refused recording holds facts");
    return 0;
  }
  FUZZ_CHECK(f.raw_window_count <= LA_RECORDING_MAX_ITEMS && f.proc_count <= LA_RECORDING_MAX_ITEMS,
             "over the caps");
  FUZZ_CHECK(f.window_count <= f.raw_window_count, "more windows than were met");
  /* Written again and read back: the same counts. */
  if (la_recording_write(&f, &meta, &written, &written_len) == 0) {
    rc = la_recording_read(written, written_len, &again, &again_meta, problem, sizeof problem);
    FUZZ_CHECK(rc == 0 || rc == LISTAPPS_ENOMEM, "a written recording is refused: %s", problem);
    if (rc == 0) {
      FUZZ_CHECK(again.raw_window_count == f.raw_window_count && again.proc_count == f.proc_count &&
                     again.window_count == f.window_count && again.version_count == f.version_count,
                 "read back to other counts");
      la_facts_free(&again);
      la_recording_meta_free(&again_meta);
    }
    free(written);
  }
  /* The rules over whatever it holds (la_assemble takes the windows: the --all pass replays). */
  {
    la_facts copy;
    la_recording_meta copy_meta;
    written = NULL;
    if (la_recording_write(&f, &meta, &written, &written_len) == 0 &&
        la_recording_read(written, written_len, &copy, &copy_meta, NULL, 0) == 0) {
      check_rows(&copy, LISTAPPS_LIST_ALL);
      la_facts_free(&copy);
      la_recording_meta_free(&copy_meta);
    }
    free(written);
  }
  check_rows(&f, 0);
  la_facts_free(&f);
  la_recording_meta_free(&meta);
  return 0;
}
