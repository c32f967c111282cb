/*
 * The form of a Windows path, read from its text alone: whether it names a file on a drive
 * letter, on another machine (UNC, the MUP device, a network redirector), or something else
 * (a device, a volume GUID path, a relative path). An elevated or SYSTEM listing opens files
 * of other users' processes only on a local drive letter (src/win/file_read.c); these pure
 * functions decide the form, the Win32 side asks the drive's type and the opened handle's
 * final path. Paths are UTF-16 code units, as Windows gives them.
 */
#ifndef LA_PATH_FORM_H
#define LA_PATH_FORM_H

#include <stddef.h>
#include <stdint.h>

typedef enum la_path_form {
  LA_PATH_OTHER,   /* relative, a device, a volume GUID path, anything not below */
  LA_PATH_DRIVE,   /* X:\..., \\?\X:\..., \\.\X:\..., \??\X:\... */
  LA_PATH_NETWORK  /* \\host\share, \\?\UNC\, \\.\UNC\, \??\UNC\, \Device\Mup\, a redirector */
} la_path_form;

/* The form of path[0..count) (Win32 or NT form, '\\' or '/' as separators, any case). For
 * LA_PATH_DRIVE *letter is the drive letter, upper-case; else 0. letter may be NULL. */
la_path_form la_path_form_of(const uint16_t *path, size_t count, uint16_t *letter);

#endif
