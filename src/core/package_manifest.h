/*
 * A packaged (UWP) app's display name, from its AppxManifest.xml. Pure text functions; the
 * Win32 side (win_package.c) finds the package and its manifest.
 */
#ifndef LA_PACKAGE_MANIFEST_H
#define LA_PACKAGE_MANIFEST_H

#include <stddef.h>

/* The text of the first <DisplayName> inside <Properties> of an AppxManifest.xml, with XML
 * character references and the five predefined entities decoded, white space trimmed, and then
 * made fit for a row (la_utf8_clean_name: invalid UTF-8 as U+FFFD, control characters as
 * \xHH), into *name: a malloc'd UTF-8 string, or NULL when there is none. A NUL byte ends the
 * text. Returns 0, or -1 when memory runs out (*name NULL then). */
int la_manifest_display_name(const char *xml, size_t len, char **name);

/* When display_name is a resource reference ("ms-resource:..."), the indirect string that
 * SHLoadIndirectString resolves into *reference: "@{<full name>?ms-resource://<package
 * name>/Resources/<id>}" (or the path the reference gives), malloc'd; NULL when display_name
 * is plain text. full_name is the package full name, "<name>_<version>_...". Returns 0, or -1
 * when memory runs out (*reference NULL then). */
int la_package_resource_reference(const char *full_name, const char *display_name,
                                  char **reference);

#endif
