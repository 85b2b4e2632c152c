/*
 * inspect-int.h - what the inspector's decoders (inspect.c) share with
 * its encoders (inspect-encode.c); not for other modules.
 */
#ifndef MMHEX_INSPECT_INT_H
#define MMHEX_INSPECT_INT_H

#include <stdint.h>

#include "inspect.h"

typedef unsigned __int128 inspect_u128;
typedef __int128 inspect_i128;

/* Seconds from the epochs of FILETIME (1601), HFS+ (1904) and NTP (1900)
 * to the Unix epoch (1970). */
#define INSPECT_FILETIME_EPOCH	INT64_C(11644473600)
#define INSPECT_HFS_EPOCH	INT64_C(2082844800)
#define INSPECT_NTP_EPOCH	INT64_C(2208988800)

/* Return the width in bytes of a fixed-width kind, 0 for LEB128, UTF-8
 * and UTF-16 (their length depends on the bytes). */
unsigned inspect_width(enum inspect_kind kind);

/* Return 1 for a signed integer kind. */
int inspect_is_signed(enum inspect_kind kind);

/* Write v in decimal into out (at least 41 bytes; 42 with a sign);
 * the first returns the length. */
size_t inspect_format_u128(inspect_u128 v, char *out);
void inspect_format_i128(inspect_i128 v, char *out);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t inspect_days_from_civil(int64_t y, unsigned m, unsigned d);
void inspect_civil_from_days(int64_t days, int64_t *y, unsigned *m,
    unsigned *d);

/* Return the days in month m (1..12) of year y. */
unsigned inspect_month_days(int64_t y, unsigned m);

#endif
