/*
 * addr.h - goto expressions: where the user wants the cursor to go.
 *
 * Grammar (case-insensitive, blanks ignored between tokens):
 *
 *   expr   := [sign] term { ('+' | '-') term }
 *   sign   := '+' | '-'       relative to the cursor when leading
 *   term   := number [unit] | number '%' | 'end' | '$' | '.'
 *   number := decimal | 0x hex | hex with 'h' suffix
 *   unit   := 'k' | 'm' | 'g' | 't'   (binary: 1k = 1024)
 *
 * 'end' and '$' are the file size (so 'end-16' is 16 bytes before the end),
 * '.' is the cursor, 'N%' is N percent of the file size, rounded down.
 * Examples: 0x1F00, 8000, +0x10, -512, 50%, end, end-16, 4k, 2M, 1G.
 *
 * Details:
 * - Decimal never means octal: 0010 is ten.  A hex number with an 'h'
 *   suffix may start with a letter (1fh, ffh); without the suffix a word
 *   with hex letters in it is a bad number.  A unit follows the number
 *   (0x10k, 1fhk); it may not be combined with '%'.
 * - The terms may come in any order and an intermediate value may be
 *   negative ('16-32+end'); only the result must lie in the file.  The
 *   added terms (and the cursor of a relative expression) must sum to
 *   less than 2^64: nothing wraps around, an overflow is an error.
 * - An absolute expression that refers to the end ('end', '$' or a
 *   percentage) and comes out exactly at the file size means the last
 *   byte: 'end', '$', '100%', 'end+0' and '50%+50%' all go to size - 1.
 *   Any other result at or past the size is an error, as is a relative
 *   move past the last byte ('+16' on the last byte).
 */
#ifndef MMHEX_ADDR_H
#define MMHEX_ADDR_H

#include <stdint.h>

/*
 * Evaluate expr with the cursor at cursor in a file of size bytes.
 * The result must be a valid cursor position: an offset below size, or 0
 * for an empty file.  'end' as a whole expression means the last byte.
 * Returns 0 and stores the offset in *result (*cause is set to NULL), or
 * -1 with *cause set to a lowercase message the caller frees, such as
 * "bad number 'zz'" or "offset 0x1000 (4096) is past the end of the file
 * (size 100)"; *result is then untouched.  errno is EINVAL for a malformed
 * expression and ERANGE for an overflow or an offset outside the file,
 * also when the message could not be allocated (*cause is then NULL; see
 * errmsg.h).
 * cause may be NULL; a NULL expr is an empty expression.  Quoted user
 * text in messages is sanitised (sanitize.h).
 */
int addr_parse(const char *expr, uint64_t cursor, uint64_t size,
    uint64_t *result, char **cause);

/*
 * Parse a plain non-negative number (decimal, 0x hex, with an optional
 * k/m/g/t unit) as used by command-line flags such as --seek and --len.
 * Hex with an 'h' suffix is accepted too, and so are blanks around the
 * number; signs, 'end', '.', '%' and arithmetic are not.  Any value up to
 * 2^64 - 1 is accepted.  Returns 0 and stores the value, or -1 with *cause
 * set (and errno) as for addr_parse(); *result is then untouched.
 */
int addr_parse_number(const char *text, uint64_t *result, char **cause);

#endif
