/*
 * test_file.h - files the tests and the benchmark make and remove.
 */
#ifndef TEST_FILE_H
#define TEST_FILE_H

#include <wchar.h>

/* Deletes the file at path, trying again every 50 ms for up to timeout_ms while it cannot be
 * deleted: Windows holds the image of a process that has just exited a moment longer (Wine
 * does not), so a copy of a program deleted right after it ran may still be in use. Returns 0
 * once the file is gone (or if it was never there), else -1 with the last try's Win32 error as
 * the last error. */
int test_delete_file(const wchar_t *path, unsigned timeout_ms);

#endif
