/*
 * script.h - headless scripts (mmhex -f SCRIPT FILE): parsed, not run.
 *
 * A script is a list of commands, one a line.  This module turns its
 * text into a list of struct script_cmd with their line numbers, or
 * refuses it with the first error; running the commands (through the
 * journal, all or nothing) is the caller's.
 *
 * Lines: words separated by blanks; a word that starts with '#' starts a
 * comment; blank lines are ignored; \r\n ends a line too.  A word in
 * "..." is text: \\ \" \n \r \t \0 and \xNN are escapes in it, anything
 * else after a backslash is an error.  A word in '...' is text as it
 * stands.  Commands:
 *
 *   goto ADDR              move the cursor: ADDR is a goto expression
 *                          (addr.h: 0x1f00, end-16, +4k, 50%); its words
 *                          are joined, so "goto end - 16" works
 *   select START END       select the bytes START to END, both included
 *   select START +LEN      select LEN (>= 1, addr_parse_number()) bytes
 *                          from START; START and END are goto
 *                          expressions, one word each
 *   fill PATTERN           fill the selection with PATTERN repeated (the
 *                          last copy cut at the selection's end)
 *   replace OLD NEW [all|COUNT] [selection|file]
 *                          replace OLD by NEW (the same length): every
 *                          match (all, the default) or the first COUNT
 *                          (>= 1), in the selection or the whole file;
 *                          the default is the selection when a select
 *                          came before, else the file
 *   paste BYTES            write BYTES over the bytes at the cursor
 *   save                   save the file (as w does)
 *
 * PATTERN, OLD and NEW are one word each: quoted text, or hex as
 * yank_parse_hex() takes it without blanks (deadbeef, 0xde,0xad,
 * \xde\xad).  BYTES is quoted text (one word) or hex as yank_parse_hex()
 * takes it, blanks allowed (de ad be ef).  Every byte string holds at
 * least one byte.
 *
 * Checked here: the syntax of every expression (evaluated with the
 * cursor at 0 in a file of 2^64 - 1 bytes: only EINVAL is an error, as
 * where an expression lands depends on the file and cursor at run
 * time); that fill and "replace ... selection" come after a select;
 * that OLD and NEW have one length.  Not checked here (the runner's):
 * that addresses lie in the file, that a selection's END is not before
 * its START, that a paste fits before the end.
 *
 * Errors read "SCRIPT:LINE: why", SCRIPT being the name given,
 * sanitised: "fix.mmh:3: fill: 'zz' is not hex or quoted text".
 */
#ifndef MMHEX_SCRIPT_H
#define MMHEX_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

/* Largest script read by script_load(). */
#define SCRIPT_FILE_MAX (16u * 1024u * 1024u)

enum script_op {
	SCRIPT_GOTO,
	SCRIPT_SELECT,
	SCRIPT_FILL,
	SCRIPT_REPLACE,
	SCRIPT_PASTE,
	SCRIPT_SAVE
};

enum script_scope {
	SCRIPT_IN_FILE,
	SCRIPT_IN_SELECTION
};

struct script_cmd {
	enum script_op op;
	unsigned line;			/* 1 for the first line */
	char *addr;			/* GOTO: the expression; SELECT: START */
	char *end;			/* SELECT: END (included), or NULL
					 * when length is used */
	uint64_t length;		/* SELECT with +LEN: LEN, >= 1 */
	unsigned char *bytes;		/* FILL pattern, PASTE bytes,
					 * REPLACE old */
	unsigned char *new_bytes;	/* REPLACE: the new bytes */
	size_t len;			/* bytes at bytes (and at new_bytes) */
	uint64_t count;			/* REPLACE: most matches; 0 = all */
	enum script_scope scope;	/* REPLACE */
};

struct script {
	struct script_cmd *cmds;	/* in script order */
	size_t n;
};

/*
 * Parse the len bytes at text (a whole script; a NUL byte is an error),
 * named name in messages, into *s.  Returns 0 with *s filled (free with
 * script_free(); an empty script has n 0), or -1 with errno EINVAL
 * (*cause: "NAME:LINE: why") or ENOMEM, *s empty.  cause may be NULL.
 */
int script_parse(const char *name, const char *text, size_t len,
    struct script *s, char **cause);

/* Read the script file at path and parse it, path naming it in
 * messages.  Returns 0, or -1 with errno and *cause set ("PATH: No such
 * file or directory", or what script_parse() says). */
int script_load(const char *path, struct script *s, char **cause);

/* Free what *s holds and empty it.  An empty script is allowed. */
void script_free(struct script *s);

#endif
