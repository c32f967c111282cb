/*
 * A packaged (UWP) app's display name, from its AppxManifest.xml. Pure text functions; the
 * Win32 side (win_package.c) finds the package and its manifest.
 */
#ifndef LA_PACKAGE_MANIFEST_H
#define LA_PACKAGE_MANIFEST_H

#include <stddef.h>

/* The text of the first <DisplayName> inside <Properties> of an AppxManifest.xml, with XML
 * character references and the five predefined entities decoded and white space trimmed.
 * Returns a malloc'd UTF-8 string, or NULL when there is none (or memory runs out). */
char *la_manifest_display_name(const char *xml, size_t len);

/* When display_name is a resource reference ("ms-resource:..."), the indirect string that
 * SHLoadIndirectString resolves: "@{<full name>?ms-resource://<package name>/Resources/<id>}"
 * (or the path the reference gives). Returns a malloc'd string, or NULL when display_name is
 * plain text or memory runs out. full_name is the package full name, "<name>_<version>_...". */
char *la_package_resource_reference(const char *full_name, const char *display_name);

#endif
