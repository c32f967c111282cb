/*
 * A window to list: the README's demo starts it so that listapps has something to show on a
 * machine with no desktop apps (such as Wine with its null display driver).
 *
 * Usage: demo_window [SECONDS]   (closes itself after SECONDS, default 60)
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>

static LRESULT CALLBACK demo_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg == WM_TIMER || msg == WM_CLOSE) {
    DestroyWindow(hwnd);
    return 0;
  }
  if (msg == WM_DESTROY) {
    PostQuitMessage(0);
    return 0;
  }
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv) {
  WNDCLASSW wc = {0};
  HWND hwnd;
  MSG msg;
  long seconds = argc > 1 ? wcstol(argv[1], NULL, 10) : 60;

  if (seconds <= 0) seconds = 60;
  wc.lpfnWndProc = demo_proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = L"listapps_demo";
  if (!RegisterClassW(&wc)) return 1;
  hwnd = CreateWindowExW(0, wc.lpszClassName, L"listapps demo \x2014 hello \x2713",
                         WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT, 480, 240, NULL, NULL,
                         wc.hInstance, NULL);
  if (hwnd == NULL) return 1;
  ShowWindow(hwnd, SW_SHOWNORMAL);
  SetTimer(hwnd, 1, (UINT)seconds * 1000u, NULL);
  while (GetMessageW(&msg, NULL, 0, 0) > 0) {
    TranslateMessage(&msg);
    DispatchMessageW(&msg);
  }
  return 0;
}
