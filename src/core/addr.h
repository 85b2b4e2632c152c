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
 * '.' is the cursor, 'N%' is N percent of the file size.  Examples:
 * 0x1F00, 8000, +0x10, -512, 50%, end, end-16, 4k, 2M, 1G.
 */
#ifndef MMHEX_ADDR_H
#define MMHEX_ADDR_H

#include <stdint.h>

/*
 * Evaluate expr with the cursor at cursor in a file of size bytes.
 * The result must be a valid cursor position: an offset below size, or 0
 * for an empty file.  'end' as a whole expression means the last byte.
 * Returns 0 and stores the offset in *result, or -1 with *cause set to a
 * message the caller frees; *result is then untouched.
 */
int addr_parse(const char *expr, uint64_t cursor, uint64_t size,
    uint64_t *result, char **cause);

/*
 * Parse a plain non-negative number (decimal, 0x hex, with an optional
 * k/m/g/t unit) as used by command-line flags such as --seek and --len.
 * Returns 0 and stores the value, or -1 with *cause set.
 */
int addr_parse_number(const char *text, uint64_t *result, char **cause);

#endif
