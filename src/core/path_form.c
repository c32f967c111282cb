/* The form of a Windows path. See path_form.h. */
#include "core/path_form.h"

static int is_sep(uint16_t c) {
  return c == '\\' || c == '/';
}

static uint16_t upper_ascii(uint16_t c) {
  return c >= 'a' && c <= 'z' ? (uint16_t)(c - 'a' + 'A') : c;
}

/* 1 when path[at..count) starts with the ASCII text prefix, ignoring case, '/' matching '\\'. */
static int starts_with(const uint16_t *path, size_t count, size_t at, const char *prefix) {
  size_t i;

  for (i = 0; prefix[i] != '\0'; i++) {
    uint16_t want = (uint16_t)(unsigned char)prefix[i];
    uint16_t c;
    if (at + i >= count) return 0;
    c = path[at + i];
    if (want == '\\' ? !is_sep(c) : upper_ascii(c) != upper_ascii(want)) return 0;
  }
  return 1;
}

/* A drive letter and colon at path[at], then a separator or the end. */
static int drive_at(const uint16_t *path, size_t count, size_t at, uint16_t *letter) {
  uint16_t c;

  if (at + 1 >= count || path[at + 1] != ':') return 0;
  c = upper_ascii(path[at]);
  if (c < 'A' || c > 'Z') return 0;
  if (at + 2 < count && !is_sep(path[at + 2])) return 0;
  *letter = c;
  return 1;
}

/* NT device names of the network: the multiple UNC provider every UNC path goes through since
 * Windows Vista, and the redirectors older systems and mapped drives name directly. */
static int network_device_at(const uint16_t *path, size_t count, size_t at) {
  static const char *const devices[] = {"\\Device\\Mup\\", "\\Device\\LanmanRedirector\\",
                                        "\\Device\\WebDavRedirector\\", "\\Device\\RdpDr\\"};
  size_t i;

  for (i = 0; i < sizeof devices / sizeof devices[0]; i++)
    if (starts_with(path, count, at, devices[i])) return 1;
  return 0;
}

la_path_form la_path_form_of(const uint16_t *path, size_t count, uint16_t *letter) {
  uint16_t drive = 0;
  la_path_form form = LA_PATH_OTHER;

  if (drive_at(path, count, 0, &drive)) {
    form = LA_PATH_DRIVE;
  } else if (starts_with(path, count, 0, "\\\\?\\") || starts_with(path, count, 0, "\\\\.\\") ||
             starts_with(path, count, 0, "\\??\\")) {
    /* Win32 file and device namespaces, and the NT form of a DOS path. */
    if (starts_with(path, count, 4, "UNC\\"))
      form = LA_PATH_NETWORK;
    else if (drive_at(path, count, 4, &drive))
      form = LA_PATH_DRIVE;
    else if (starts_with(path, count, 4, "GLOBALROOT") && network_device_at(path, count, 14))
      form = LA_PATH_NETWORK;
  } else if (network_device_at(path, count, 0)) {
    form = LA_PATH_NETWORK;
  } else if (count >= 2 && is_sep(path[0]) && is_sep(path[1])) {
    /* \\host\share: any other path that starts with two separators goes to a server. */
    form = LA_PATH_NETWORK;
  }
  if (letter != NULL) *letter = form == LA_PATH_DRIVE ? drive : 0;
  return form;
}
