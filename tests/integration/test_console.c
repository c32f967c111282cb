/*
 * What reaches a console never drives it: CSV and Prometheus text carry a title's bytes as they
 * are to a file or a pipe, but on a console each C0 control (but TAB, LF and a CR before an LF),
 * DEL and C1 control is shown as \xHH. listapps runs in a console of its own without a window
 * (CREATE_NO_WINDOW), inside cmd /c "... & pause" so that the console outlives it; the test
 * attaches to that console and reads its screen.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_run.h"
#include "suite.h"

/* The fixture's title: ESC [31m, BEL, C1 CSI, a lone CR. */
#define HOSTILE L"x%001b[31mred%0007bell%009bcsi%000dcr"

/* Reads the whole screen buffer of the console of process pid as UTF-16 (malloc'd, with its
 * rows joined); NULL when it cannot attach or read. */
static wchar_t *read_console_of(DWORD pid) {
  HANDLE out;
  CONSOLE_SCREEN_BUFFER_INFO info;
  wchar_t *text = NULL;
  DWORD got = 0;
  COORD origin = {0, 0};
  DWORD cells;

  FreeConsole();
  if (!AttachConsole(pid)) return NULL;
  out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    NULL, OPEN_EXISTING, 0, NULL);
  if (out != INVALID_HANDLE_VALUE && GetConsoleScreenBufferInfo(out, &info)) {
    cells = (DWORD)info.dwSize.X * (DWORD)info.dwSize.Y;
    text = calloc(cells + 1, sizeof *text);
    if (text != NULL && !ReadConsoleOutputCharacterW(out, text, cells, origin, &got)) {
      free(text);
      text = NULL;
    }
  }
  if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
  FreeConsole();
  return text;
}

START_TEST(test_csv_on_a_console_shows_controls_as_escapes) {
  const wchar_t *args[] = {L"visible:" HOSTILE};
  wchar_t *listapps = test_path_beside_self(L"listapps.exe");
  wchar_t command[1024];
  wchar_t pid_text[16];
  STARTUPINFOW si;
  PROCESS_INFORMATION pi;
  test_process fixture;
  wchar_t *screen = NULL;
  int tries;

  fixture_start(L"fixture_en.exe", args, 1, &fixture);
  swprintf(pid_text, 16, L"%lu", fixture.pid);
  swprintf(command, 1024, L"cmd.exe /c \"\"%ls\" --format csv --pid %ls & pause\"", listapps,
           pid_text);
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  ck_assert_msg(CreateProcessW(NULL, command, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si,
                               &pi),
                "CreateProcessW: %lu", GetLastError());
  /* Until the listing is on the screen (the pause then holds the console open). */
  for (tries = 0; tries < 100; tries++) {
    Sleep(100);
    free(screen);
    screen = read_console_of(pi.dwProcessId);
    if (screen != NULL && wcsstr(screen, pid_text) != NULL && wcsstr(screen, L"csi") != NULL)
      break;
  }
  TerminateProcess(pi.hProcess, 0);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  ck_assert_msg(screen != NULL && wcsstr(screen, L"csi") != NULL, "the listing never showed");
  /* The escapes, and none of the controls. */
  ck_assert_msg(wcsstr(screen, L"x\\x1B[31mred\\x07bell\\x9Bcsi\\x0Dcr") != NULL, "%ls", screen);
  ck_assert_ptr_null(wcschr(screen, 0x1B));
  ck_assert_ptr_null(wcschr(screen, 0x07));
  ck_assert_ptr_null(wcschr(screen, 0x9B));
  free(screen);
  free(listapps);
  fixture_stop(&fixture);
}
END_TEST

Suite *la_test_suite(void) {
  Suite *s = suite_create("console");
  TCase *tc = tcase_create("csv on a console");

  tcase_add_test(tc, test_csv_on_a_console_shows_controls_as_escapes);
  tcase_set_timeout(tc, 120);
  suite_add_tcase(s, tc);
  return s;
}
