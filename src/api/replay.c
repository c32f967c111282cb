/* listapps_snapshot_replay: the listing a recording's facts make, through the same rules as a
 * live one (api/request.c). Pure: no Win32, so it runs and is tested natively. */
#include <stddef.h>
#include <string.h>

#include "api/error_info.h"
#include "api/request.h"
#include "core/recording.h"

int listapps_snapshot_replay(const char *text, size_t len, const listapps_options *options,
                             listapps_snapshot **out, listapps_error_info *error) {
  la_error e = {LISTAPPS_OK, 0, NULL, {0}};
  la_recording_meta meta;
  la_facts facts;
  la_plan plan;
  la_request r;
  char problem[160];
  int err;

  if (out != NULL) *out = NULL;
  err = out == NULL || (text == NULL && len > 0) ? LISTAPPS_EINVAL : la_read_request(options, &r);
  /* A recording is one listing of what it recorded: no sessions to read, nothing to record. */
  if (err == 0 && (r.sessions.all || r.sessions.count > 0 || (r.flags & LISTAPPS_LIST_RECORD)))
    err = LISTAPPS_EINVAL;
  if (err != 0) {
    la_fail(&e, err, NULL, 0);
    la_error_export(&e, error);
    return err;
  }
  err = la_recording_read(text != NULL ? text : "", len, &facts, &meta, problem, sizeof problem);
  if (err == LISTAPPS_EINVAL) err = la_fail_detail(&e, LISTAPPS_ERECORDING, NULL, 0, "%s", problem);
  if (err == LISTAPPS_ENOMEM) la_fail_nomem(&e);
  /* A listing of every process needs facts only such a listing gathers (every process's path,
   * the services, the system folders): a recording without them cannot give it. */
  if (err == 0 && (r.flags & LISTAPPS_LIST_ALL) && !(meta.flags & LISTAPPS_LIST_ALL)) {
    la_facts_free(&facts);
    err = la_fail_detail(&e, LISTAPPS_ERECORDING, NULL, 0,
                         "recorded without --all (LISTAPPS_LIST_ALL): it cannot list every "
                         "process; record with --all");
  }
  /* The App in front needs the foreground window, which only a listing that asked read. */
  if (err == 0 && (r.flags & LISTAPPS_LIST_FOREGROUND) && !facts.foreground.read) {
    la_facts_free(&facts);
    err = la_fail_detail(&e, LISTAPPS_ERECORDING, NULL, 0,
                         "recorded without the foreground window: it cannot say which App is in "
                         "front; record with --foreground or --columns foreground");
  }
  /* A private recording holds no title, command line or user: its listing is private too. */
  if (err == 0 && meta.private_text) r.flags |= LISTAPPS_LIST_PRIVATE;
  if (err == 0) facts.private_mode = (r.flags & LISTAPPS_LIST_PRIVATE) != 0;
  la_recording_meta_free(&meta);
  if (err == 0 && (la_plan_apps(&facts, &plan) != 0 || la_plan_groups(&facts, &plan) != 0)) {
    la_plan_free(&plan);
    la_facts_free(&facts);
    err = la_fail_nomem(&e);
  }
  if (err == 0) err = la_make_snapshot(&facts, &plan, &r, out, &e);
  la_error_export(&e, error);
  return err;
}
