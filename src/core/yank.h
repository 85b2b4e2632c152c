/*
 * yank.h - registers as text: bytes formatted for the clipboard or a
 * file, the OSC 52 clipboard sequence, and hex text pasted back.
 *
 * Formats (each exactly what the named tool prints for the same bytes):
 *
 *   YANK_HEX          "deadbeef": two lowercase digits a byte, nothing
 *                     else, no newline (xxd -p without its line breaks).
 *   YANK_HEX_SPACED   "de ad be ef": one space between bytes, no newline.
 *   YANK_C            what `xxd -i` prints.  With options.name set, as
 *                     `xxd -i -n NAME` prints a file: the declaration
 *                     "unsigned char NAME[] = {", the bytes, "};" and
 *                     "unsigned int NAME_len = N;" (N in full, even past
 *                     2^32, where xxd itself would wrap).  NAME is
 *                     spelled as xxd spells it: every character that is
 *                     not an ASCII letter or digit becomes '_', and a
 *                     leading digit gets "__" in front.  With no name, as
 *                     `xxd -i` prints standard input: the byte lines only.
 *                     Byte lines hold 12 bytes: "  0x7f, 0x45, ...".
 *   YANK_BASE64       what `base64 -w 0` prints: one line, no newline.
 *   YANK_BASE64_LINES what `base64` prints: 76 columns a line, every line
 *                     (the last one too) ending in '\n'.
 *   YANK_PYTHON       what Python's repr(bytes) prints: b'...' (b"..."
 *                     when the bytes hold a ' and no "), with \\, \t, \n,
 *                     \r, the quote, and \xNN for bytes outside
 *                     0x20..0x7e.  No newline.  This is the one format
 *                     that reads the bytes twice (first to choose the
 *                     quote).
 *   YANK_XXD          what `xxd` prints (dump.h's lines): with
 *                     options.dump_offset 0 as `xxd` prints the bytes
 *                     alone; with the selection's start, as
 *                     `xxd -s START -l LEN FILE` prints them.
 *
 * Formatting is streamed: the bytes are read a chunk (YANK_CHUNK) at a
 * time through a read callback, formatted, and written to a sink, either
 * a FILE * or a growing buffer with a size limit, so a multi-gigabyte
 * selection costs a chunk of memory, not its size.  A yank job is a
 * resumable state object: yank_step() does a bounded amount of work and
 * returns, so the main loop can show progress and take Esc between
 * steps.  yank_bytes() runs a whole buffer in one call.
 */
#ifndef MMHEX_YANK_H
#define MMHEX_YANK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum yank_format {
	YANK_HEX,
	YANK_HEX_SPACED,
	YANK_C,
	YANK_BASE64,
	YANK_BASE64_LINES,
	YANK_PYTHON,
	YANK_XXD
};

/* Bytes read from the source per chunk: a multiple of 3 (base64), 12 (C
 * lines) and 16 (xxd lines), so no chunk ends inside a group.  Test
 * builds may shrink it (any multiple of 48). */
#ifndef YANK_CHUNK
#define YANK_CHUNK (48u * 1024u)
#endif

/* The most base64 an OSC 52 sequence carries: xterm's default limit
 * (its maximum selection length) and about what tmux, kitty and foot
 * accept; 75000 bytes of payload. */
#define YANK_OSC52_MAX 100000u

/* What a format needs beyond the bytes. */
struct yank_options {
	const char *name;	/* YANK_C: the array's name, or NULL */
	uint64_t dump_offset;	/* YANK_XXD: offset printed for byte 0 */
};

/*
 * Where formatted text goes.  Set it up with yank_sink_file() or
 * yank_sink_buffer(); the fields are for reading afterwards.
 */
struct yank_sink {
	FILE *file;		/* write here, when not NULL */
	char *text;		/* else: the text so far, NUL-terminated
				 * (NULL until the first byte) */
	size_t len;		/* bytes in text (or written to file) */
	size_t room;		/* bytes allocated at text */
	size_t limit;		/* most bytes text may hold; 0: no limit */
};

/* Send formatted text to file (which stays the caller's: not closed,
 * not flushed). */
void yank_sink_file(struct yank_sink *sink, FILE *file);

/* Collect formatted text in a buffer of at most limit bytes (0: no
 * limit).  Free it with yank_sink_free(), or take it over with
 * yank_sink_take(). */
void yank_sink_buffer(struct yank_sink *sink, size_t limit);

/* Return the collected text (NUL-terminated, "" when empty; caller
 * frees), its length in *len if len is not NULL, and empty the sink.
 * NULL with errno ENOMEM. */
char *yank_sink_take(struct yank_sink *sink, size_t *len);

/* Free a buffer sink's text.  A file sink is left alone. */
void yank_sink_free(struct yank_sink *sink);

/*
 * Read len bytes at offset into buf, all of them.  Returns 0, or -1 with
 * errno set and *cause (when cause is not NULL) a message the caller of
 * yank_step() receives (e.g. "the file shrank to 100 bytes").
 */
typedef int (*yank_read_fn)(void *arg, uint64_t offset, unsigned char *buf,
    size_t len, char **cause);

struct yank_job;

/*
 * Start formatting the len bytes at start (as read calls them) as fmt
 * into sink.  opt may be NULL (no name, dump offset 0); opt->name is
 * copied.  Nothing is read or written yet.  Returns the job, or NULL
 * with errno EINVAL (unknown format, NULL read or sink) or ENOMEM.
 */
struct yank_job *yank_start(enum yank_format fmt,
    const struct yank_options *opt, yank_read_fn read, void *arg,
    uint64_t start, uint64_t len, struct yank_sink *sink);

/*
 * Go on with job for at least budget bytes of input (0: to the end).
 * Returns 1 when there is more to do, 0 when the text is complete, or
 * -1 with errno and *cause set (caller frees; cause may be NULL): a read
 * failed (what it said), the sink's file could not be written
 * ("cannot write the copy: No space left on device"), or the buffer
 * would pass its limit (errno EFBIG: "the copy would be larger than the
 * limit of N bytes"; nothing is cut, the text so far stays in the sink
 * for the caller to drop).  After 0 or -1 further steps return the same.
 */
int yank_step(struct yank_job *job, uint64_t budget, char **cause);

/* Return how many of the bytes have been formatted so far (for
 * progress; YANK_PYTHON counts its first pass in too, so it reaches
 * 2 * len). */
uint64_t yank_progress(const struct yank_job *job);

/* Free job (the sink stays the caller's).  NULL is allowed. */
void yank_free(struct yank_job *job);

/* Format the n bytes at bytes (any bytes) in one call: yank_start() and yank_step()
 * to the end.  Returns 0 or -1 as yank_step() does. */
int yank_bytes(enum yank_format fmt, const struct yank_options *opt,
    const void *bytes, size_t n, struct yank_sink *sink,
    char **cause);

/* Return the length of the base64 of n bytes (no newlines). */
uint64_t yank_base64_size(uint64_t n);

/* Return whether n bytes fit in one OSC 52 sequence (their base64 is at
 * most YANK_OSC52_MAX bytes): check this before reading a selection. */
int yank_osc52_fits(uint64_t n);

/*
 * Build the OSC 52 sequence that puts the n bytes at bytes on the
 * terminal's clipboard: ESC ] 52 ; c ; BASE64 BEL.  Returns the
 * sequence (NUL-terminated; caller frees) and its length in *len, or
 * NULL with errno EFBIG and *cause "N bytes are too many for the
 * clipboard: OSC 52 takes at most 75000 bytes (100000 of base64); copy
 * them to a file" when they do not fit (never cut), or ENOMEM.
 * cause may be NULL.
 */
char *yank_osc52(const unsigned char *bytes, size_t n, size_t *len,
    char **cause);

/*
 * Parse pasted hex text (len bytes at text, which need not be
 * NUL-terminated) into bytes.  Accepted, each as the tools print it:
 *
 *   de ad be ef      pairs of hex digits, either case, separated by
 *   deadbeef         blanks, newlines or commas, or run together
 *   0xde, 0xad       0x followed by one or two digits
 *   \xde\xad         \x followed by exactly two digits, run together
 *   xxd dump lines   "00000010: dead beef  ....": an offset and ':',
 *                    then groups of digits until two blanks; the
 *                    character column and the offset are ignored
 *   C array text     what xxd -i prints: inside { }, 0x numbers or
 *                    decimal numbers 0-255; before the '{' only a
 *                    declaration (letters, digits, '_', blanks, '[', ']',
 *                    '=', '*'), after the '}' only letters, digits, '_',
 *                    blanks, '=' and ';' (the "NAME_len = N;" line)
 *
 * Forms may be mixed on a line and from line to line, except C array
 * text: a text whose part before its first '{' could be a declaration
 * is read as C array text throughout.  Anything else is refused
 * with its place: "bad hex at column 4: 'zz' is not hex" ("line 2,
 * column 4" when the text has several lines; columns count bytes from 1).
 * Returns 0 with *bytes (malloc'd, caller frees; never NULL) and *n >= 1,
 * or -1 with errno EINVAL (bad or empty text: "no bytes in the text")
 * or ENOMEM and *cause set (cause may be NULL); *bytes is then NULL.
 */
int yank_parse_hex(const char *text, size_t len, unsigned char **bytes,
    size_t *n, char **cause);

#endif
