/*
 * The part of process_info.c that the tests reach directly: the bounds of a
 * ProcessCommandLineInformation reply. The rest of process_info.c is declared in win/facts.h.
 */
#ifndef LA_WIN_PROCESS_INFO_H
#define LA_WIN_PROCESS_INFO_H

#include <stddef.h>
#include <stdint.h>

/* Where the command line lies in a ProcessCommandLineInformation reply: reply_len bytes at
 * reply (its address), a UNICODE_STRING (USHORT Length, USHORT MaximumLength, padding, a
 * 64-bit Buffer pointer) followed by the text. Returns 1 and sets *offset (bytes from reply)
 * and *count (UTF-16 units) when the string's Buffer and Length lie within the reply, after
 * the header, and Length is even; 0 otherwise (a reply the system did not lay out so is not
 * read). */
int la_command_line_in_reply(const void *reply, size_t reply_len, size_t *offset, size_t *count);

#endif
