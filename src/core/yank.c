/*
 * yank.c - registers as text: bytes formatted for the clipboard or a
 * file (hex, C, base64, Python, xxd), OSC 52, and hex text pasted back.
 *
 * A job reads its range a chunk at a time, formats each chunk into an
 * output buffer sized for the widest format (at most YANK_EXPAND bytes
 * of text a byte, plus a line), and writes that to the sink.  Every chunk
 * but the last is a multiple of 48 bytes, so a chunk never ends inside a
 * base64 triple, a 12-byte C line or a 16-byte xxd line; what does cross
 * chunks (the base64 column, the C byte count, the hex separator) is kept
 * in the job.  The Python format reads the range twice: the first pass
 * only looks for quotes, as repr() chooses its quote from the whole value.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "errmsg.h"
#include "hexdigit.h"
#include "sanitize.h"
#include "yank.h"

_Static_assert(YANK_CHUNK >= 48 && YANK_CHUNK % 48 == 0,
    "YANK_CHUNK must be a positive multiple of 48");

/* Most bytes of text one input byte becomes ("0x7f, " and a share of
 * the line break; xxd's widest line is DUMP_LINE_MAX for 16 bytes). */
#define YANK_EXPAND 7

/* Bytes of a C line, base64 line length. */
#define YANK_C_LINE 12
#define YANK_B64_LINE 76

/* Longest text quoted in a parse error. */
#define YANK_QUOTE_MAX 24

static const char yank_digits[] = "0123456789abcdef";
static const char yank_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Where a job is. */
enum yank_phase {
	YANK_SCAN,		/* Python: looking for quotes */
	YANK_HEAD,		/* the text before the bytes */
	YANK_BODY,		/* the bytes */
	YANK_TAIL,		/* the text after the bytes */
	YANK_DONE,
	YANK_FAILED
};

struct yank_job {
	enum yank_format fmt;
	enum yank_phase phase;
	yank_read_fn read;
	void *arg;
	uint64_t start;		/* first byte of the range */
	uint64_t len;		/* bytes in the range */
	uint64_t pos;		/* bytes of the range done in this pass */
	uint64_t scanned;	/* bytes looked at by the Python scan */
	uint64_t dump_offset;	/* YANK_XXD: offset printed for byte 0 */
	char *name;		/* YANK_C: mangled name, or NULL */
	int has_single;		/* Python: a ' seen */
	int has_double;		/* Python: a " seen */
	char quote;		/* Python: the quote chosen */
	unsigned column;	/* base64 lines: characters on this line */
	unsigned char *chunk;	/* YANK_CHUNK bytes read */
	char *out;		/* text of one chunk */
	struct yank_sink *sink;
};

void
yank_sink_file(struct yank_sink *sink, FILE *file)
{
	memset(sink, 0, sizeof *sink);
	sink->file = file;
}

void
yank_sink_buffer(struct yank_sink *sink, size_t limit)
{
	memset(sink, 0, sizeof *sink);
	sink->limit = limit;
}

char *
yank_sink_take(struct yank_sink *sink, size_t *len)
{
	char *text = sink->text;

	if (text == NULL) {
		text = malloc(1);
		if (text == NULL)
			return NULL;
		text[0] = '\0';
	}
	if (len != NULL)
		*len = sink->len;
	sink->text = NULL;
	sink->len = sink->room = 0;
	return text;
}

void
yank_sink_free(struct yank_sink *sink)
{
	if (sink->file != NULL)
		return;
	free(sink->text);
	sink->text = NULL;
	sink->len = sink->room = 0;
}

/* Append the n bytes at s to the sink. */
static int
yank_emit(struct yank_sink *sink, const char *s, size_t n, char **cause)
{
	size_t room;
	char *bigger;

	if (n == 0)
		return 0;
	if (sink->file != NULL) {
		if (fwrite(s, 1, n, sink->file) != n)
			return errmsg_errno(cause, "cannot write the copy");
		sink->len += n;
		return 0;
	}
	if (sink->limit != 0 && n > sink->limit - sink->len)
		return errmsg_set(cause, EFBIG, "the copy would be larger "
		    "than the limit of %zu bytes", sink->limit);
	if (sink->len + n + 1 > sink->room) {
		room = sink->room == 0 ? 4096 : sink->room;
		while (room < sink->len + n + 1)
			room *= 2;
		if (sink->limit != 0 && room > sink->limit + 1)
			room = sink->limit + 1;
		bigger = realloc(sink->text, room);
		if (bigger == NULL)
			return errmsg_errno(cause, "cannot hold the copy");
		sink->text = bigger;
		sink->room = room;
	}
	memcpy(sink->text + sink->len, s, n);
	sink->len += n;
	sink->text[sink->len] = '\0';
	return 0;
}

/* Return name spelled as xxd -i spells it, or NULL (errno ENOMEM). */
static char *
yank_mangle(const char *name)
{
	char *out, *p;
	unsigned char c;

	out = malloc(strlen(name) + 3);
	if (out == NULL)
		return NULL;
	p = out;
	if (name[0] >= '0' && name[0] <= '9') {
		*p++ = '_';
		*p++ = '_';
	}
	for (; *name != '\0'; name++) {
		c = (unsigned char)*name;
		*p++ = (char)(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    (c >= '0' && c <= '9') ? c : '_');
	}
	*p = '\0';
	return out;
}

struct yank_job *
yank_start(enum yank_format fmt, const struct yank_options *opt,
    yank_read_fn read, void *arg, uint64_t start, uint64_t len,
    struct yank_sink *sink)
{
	struct yank_job *job;

	if (read == NULL || sink == NULL || (unsigned)fmt > YANK_XXD) {
		errno = EINVAL;
		return NULL;
	}
	job = calloc(1, sizeof *job);
	if (job == NULL)
		return NULL;
	job->fmt = fmt;
	job->read = read;
	job->arg = arg;
	job->start = start;
	job->len = len;
	job->sink = sink;
	job->phase = fmt == YANK_PYTHON ? YANK_SCAN : YANK_HEAD;
	if (opt != NULL) {
		job->dump_offset = opt->dump_offset;
		if (fmt == YANK_C && opt->name != NULL) {
			job->name = yank_mangle(opt->name);
			if (job->name == NULL)
				goto fail;
		}
	}
	job->chunk = malloc(YANK_CHUNK);
	job->out = malloc((size_t)YANK_CHUNK * YANK_EXPAND + DUMP_LINE_MAX);
	if (job->chunk == NULL || job->out == NULL)
		goto fail;
	return job;
fail:
	yank_free(job);
	errno = ENOMEM;
	return NULL;
}

void
yank_free(struct yank_job *job)
{
	if (job == NULL)
		return;
	free(job->name);
	free(job->chunk);
	free(job->out);
	free(job);
}

uint64_t
yank_progress(const struct yank_job *job)
{
	return job->scanned + job->pos;
}

/* Format n bytes as hex into out; return the end. */
static char *
yank_hex(struct yank_job *job, const unsigned char *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (job->fmt == YANK_HEX_SPACED && job->pos + i > 0)
			*out++ = ' ';
		*out++ = yank_digits[b[i] >> 4];
		*out++ = yank_digits[b[i] & 15];
	}
	return out;
}

/* Format n bytes as xxd -i byte lines into out; return the end. */
static char *
yank_c(struct yank_job *job, const unsigned char *b, size_t n, char *out)
{
	uint64_t at;
	size_t i;

	for (i = 0; i < n; i++) {
		at = job->pos + i;
		if (at % YANK_C_LINE == 0) {
			if (at > 0) {
				*out++ = ',';
				*out++ = '\n';
			}
			*out++ = ' ';
			*out++ = ' ';
		} else {
			*out++ = ',';
			*out++ = ' ';
		}
		*out++ = '0';
		*out++ = 'x';
		*out++ = yank_digits[b[i] >> 4];
		*out++ = yank_digits[b[i] & 15];
	}
	return out;
}

/* Put one base64 character, breaking lines for YANK_BASE64_LINES. */
static char *
yank_b64_put(struct yank_job *job, char *out, char c)
{
	*out++ = c;
	if (job->fmt == YANK_BASE64_LINES && ++job->column == YANK_B64_LINE) {
		*out++ = '\n';
		job->column = 0;
	}
	return out;
}

/* Format n bytes as base64 into out; return the end.  Only the last
 * chunk of a range may hold a number of bytes that is not a multiple
 * of 3. */
static char *
yank_base64(struct yank_job *job, const unsigned char *b, size_t n,
    char *out)
{
	size_t i;
	unsigned v;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (unsigned)b[i] << 16 | (unsigned)b[i + 1] << 8 | b[i + 2];
		out = yank_b64_put(job, out, yank_b64[v >> 18]);
		out = yank_b64_put(job, out, yank_b64[(v >> 12) & 63]);
		out = yank_b64_put(job, out, yank_b64[(v >> 6) & 63]);
		out = yank_b64_put(job, out, yank_b64[v & 63]);
	}
	if (i < n) {
		v = (unsigned)b[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)b[i + 1] << 8;
		out = yank_b64_put(job, out, yank_b64[v >> 18]);
		out = yank_b64_put(job, out, yank_b64[(v >> 12) & 63]);
		out = yank_b64_put(job, out, i + 1 < n ?
		    yank_b64[(v >> 6) & 63] : '=');
		out = yank_b64_put(job, out, '=');
	}
	return out;
}

/* Format n bytes as the inside of a Python bytes literal; return the
 * end. */
static char *
yank_python(struct yank_job *job, const unsigned char *b, size_t n,
    char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] == '\\' || b[i] == (unsigned char)job->quote) {
			*out++ = '\\';
			*out++ = (char)b[i];
		} else if (b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			*out++ = '\\';
			*out++ = b[i] == '\t' ? 't' : b[i] == '\n' ? 'n' : 'r';
		} else if (b[i] < 0x20 || b[i] >= 0x7f) {
			*out++ = '\\';
			*out++ = 'x';
			*out++ = yank_digits[b[i] >> 4];
			*out++ = yank_digits[b[i] & 15];
		} else
			*out++ = (char)b[i];
	}
	return out;
}

/* Format n bytes as xxd lines into out; return the end. */
static char *
yank_xxd(struct yank_job *job, const unsigned char *b, size_t n, char *out)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < 16 ? n - i : 16;
		out += dump_format_line(out, job->dump_offset + job->pos + i,
		    b + i, k);
	}
	return out;
}

/* Format the n bytes just read. */
static int
yank_body(struct yank_job *job, size_t n, char **cause)
{
	const unsigned char *b = job->chunk;
	char *end = job->out;

	switch (job->fmt) {
	case YANK_HEX:
	case YANK_HEX_SPACED:
		end = yank_hex(job, b, n, end);
		break;
	case YANK_C:
		end = yank_c(job, b, n, end);
		break;
	case YANK_BASE64:
	case YANK_BASE64_LINES:
		end = yank_base64(job, b, n, end);
		break;
	case YANK_PYTHON:
		end = yank_python(job, b, n, end);
		break;
	case YANK_XXD:
		end = yank_xxd(job, b, n, end);
		break;
	}
	return yank_emit(job->sink, job->out, (size_t)(end - job->out), cause);
}

/* Write the text before the bytes. */
static int
yank_head(struct yank_job *job, char **cause)
{
	char *text;
	int ret;

	if (job->fmt == YANK_PYTHON) {
		job->quote = job->has_single && !job->has_double ? '"' : '\'';
		text = job->quote == '"' ? "b\"" : "b'";
		return yank_emit(job->sink, text, 2, cause);
	}
	if (job->fmt != YANK_C || job->name == NULL)
		return 0;
	text = errmsg_format("unsigned char %s[] = {\n", job->name);
	if (text == NULL)
		return errmsg_errno(cause, "cannot format the copy");
	ret = yank_emit(job->sink, text, strlen(text), cause);
	free(text);
	return ret;
}

/* Write the text after the bytes. */
static int
yank_tail(struct yank_job *job, char **cause)
{
	char *text;
	int ret;

	switch (job->fmt) {
	case YANK_PYTHON:
		return yank_emit(job->sink, &job->quote, 1, cause);
	case YANK_BASE64_LINES:
		return job->column > 0 ? yank_emit(job->sink, "\n", 1, cause) :
		    0;
	case YANK_C:
		if (job->len > 0 && yank_emit(job->sink, "\n", 1, cause) != 0)
			return -1;
		if (job->name == NULL)
			return 0;
		text = errmsg_format("};\nunsigned int %s_len = %" PRIu64
		    ";\n", job->name, job->len);
		if (text == NULL)
			return errmsg_errno(cause, "cannot format the copy");
		ret = yank_emit(job->sink, text, strlen(text), cause);
		free(text);
		return ret;
	default:
		return 0;
	}
}

/* Read the next chunk; return its length in *n. */
static int
yank_read_chunk(struct yank_job *job, uint64_t pos, size_t *n,
    char **cause)
{
	*n = job->len - pos < YANK_CHUNK ? (size_t)(job->len - pos) :
	    YANK_CHUNK;
	if (job->read(job->arg, job->start + pos, job->chunk, *n, cause) != 0) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* Do one chunk's worth of work; return the input bytes it took. */
static int
yank_one(struct yank_job *job, uint64_t *took, char **cause)
{
	size_t n;

	*took = 0;
	switch (job->phase) {
	case YANK_SCAN:
		if (job->scanned == job->len) {
			job->phase = YANK_HEAD;
			return 0;
		}
		if (yank_read_chunk(job, job->scanned, &n, cause) != 0)
			return -1;
		if (memchr(job->chunk, '\'', n) != NULL)
			job->has_single = 1;
		if (memchr(job->chunk, '"', n) != NULL)
			job->has_double = 1;
		job->scanned += n;
		*took = n;
		return 0;
	case YANK_HEAD:
		if (yank_head(job, cause) != 0)
			return -1;
		job->phase = YANK_BODY;
		return 0;
	case YANK_BODY:
		if (job->pos == job->len) {
			job->phase = YANK_TAIL;
			return 0;
		}
		if (yank_read_chunk(job, job->pos, &n, cause) != 0 ||
		    yank_body(job, n, cause) != 0)
			return -1;
		job->pos += n;
		*took = n;
		return 0;
	case YANK_TAIL:
		if (yank_tail(job, cause) != 0)
			return -1;
		job->phase = YANK_DONE;
		return 0;
	default:
		return 0;
	}
}

int
yank_step(struct yank_job *job, uint64_t budget, char **cause)
{
	uint64_t done = 0, took;

	if (cause != NULL)
		*cause = NULL;
	while (job->phase != YANK_DONE && job->phase != YANK_FAILED) {
		if (budget != 0 && done >= budget)
			return 1;
		if (yank_one(job, &took, cause) != 0) {
			job->phase = YANK_FAILED;
			return -1;
		}
		done += took;
	}
	if (job->phase == YANK_FAILED) {
		errno = EINVAL;
		return errmsg_set(cause, EINVAL, "the copy failed already");
	}
	return 0;
}

/* The read callback of yank_bytes(): arg is the buffer. */
static int
yank_read_buffer(void *arg, uint64_t offset, unsigned char *buf, size_t len,
    char **cause)
{
	(void)cause;
	memcpy(buf, (const unsigned char *)arg + offset, len);
	return 0;
}

int
yank_bytes(enum yank_format fmt, const struct yank_options *opt,
    const void *bytes, size_t n, struct yank_sink *sink,
    char **cause)
{
	struct yank_job *job;
	int ret;

	if (cause != NULL)
		*cause = NULL;
	job = yank_start(fmt, opt, yank_read_buffer, (void *)bytes, 0, n,
	    sink);
	if (job == NULL)
		return errmsg_errno(cause, "cannot start the copy");
	ret = yank_step(job, 0, cause);
	yank_free(job);
	return ret;
}

uint64_t
yank_base64_size(uint64_t n)
{
	return n / 3 * 4 + (n % 3 != 0 ? 4 : 0);
}

int
yank_osc52_fits(uint64_t n)
{
	return yank_base64_size(n) <= YANK_OSC52_MAX;
}

char *
yank_osc52(const unsigned char *bytes, size_t n, size_t *len, char **cause)
{
	struct yank_sink sink;
	char *seq;

	if (cause != NULL)
		*cause = NULL;
	if (!yank_osc52_fits(n)) {
		errmsg_set(cause, EFBIG, "%zu bytes are too many for the "
		    "clipboard: OSC 52 takes at most %u bytes (%u of base64); "
		    "copy them to a file", n, YANK_OSC52_MAX / 4 * 3,
		    YANK_OSC52_MAX);
		return NULL;
	}
	yank_sink_buffer(&sink, 0);
	if (yank_emit(&sink, "\033]52;c;", 7, cause) != 0 ||
	    yank_bytes(YANK_BASE64, NULL, bytes, n, &sink, cause) != 0 ||
	    yank_emit(&sink, "\a", 1, cause) != 0) {
		yank_sink_free(&sink);
		return NULL;
	}
	seq = yank_sink_take(&sink, len);
	if (seq == NULL)
		errmsg_errno(cause, "cannot build the clipboard sequence");
	return seq;
}

/* ---- parsing hex text back --------------------------------------------- */

/* A parse in progress. */
struct yank_parse {
	const char *text;
	size_t len;
	unsigned char *out;	/* room for len / 2 + 1 bytes */
	size_t n;		/* bytes in out */
	char **cause;
};

/* Fail the parse at position at, quoting the n bytes there. */
static int
yank_parse_error(struct yank_parse *p, size_t at, size_t n, const char *why)
{
	const char *nl = memchr(p->text, '\n', p->len);
	size_t line = 1, i, start = 0;
	char *quoted, where[64];
	int ret;

	for (i = 0; i < at && i < p->len; i++)
		if (p->text[i] == '\n') {
			line++;
			start = i + 1;
		}
	/* "line N" only when the text has more than one line. */
	if (nl != NULL && nl + 1 < p->text + p->len)
		snprintf(where, sizeof where, "line %zu, column %zu", line,
		    at - start + 1);
	else
		snprintf(where, sizeof where, "column %zu", at - start + 1);
	if (n == 0)
		return errmsg_set(p->cause, EINVAL, "bad hex at %s: %s", where,
		    why);
	quoted = sanitize_quote(p->text + at, n, YANK_QUOTE_MAX);
	if (quoted == NULL)
		return errmsg_errno(p->cause, "cannot parse the hex");
	ret = errmsg_set(p->cause, EINVAL, "bad hex at %s: '%s' %s", where,
	    quoted, why);
	free(quoted);
	return ret;
}

/* Is c a blank (newlines included)? */
static int
yank_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Return the length of the token at i, up to a blank, a comma or end. */
static size_t
yank_token_len(const struct yank_parse *p, size_t i, size_t end)
{
	size_t n = 0;

	while (i + n < end && !yank_blank(p->text[i + n]) &&
	    p->text[i + n] != ',')
		n++;
	return n;
}

/* Are the n bytes at t all hex digits? */
static int
yank_all_hex(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hexdigit_value((unsigned char)t[i]) == -1)
			return 0;
	return 1;
}

/* Parse a 0x token of n bytes at i (one or two digits). */
static int
yank_token_0x(struct yank_parse *p, size_t i, size_t n)
{
	const char *t = p->text + i;

	if (n == 2)
		return yank_parse_error(p, i, n, "has no digits after 0x");
	if (!yank_all_hex(t + 2, n - 2))
		return yank_parse_error(p, i, n, "is not hex");
	if (n > 4)
		return yank_parse_error(p, i, n, "is more than one byte");
	p->out[p->n++] = (unsigned char)(n == 3 ? hexdigit_value(t[2]) :
	    hexdigit_value(t[2]) << 4 | hexdigit_value(t[3]));
	return 0;
}

/* Parse a token of plain hex at i, n bytes long: a run of digit pairs,
 * 0xNN, or \xNN escapes run together. */
static int
yank_token(struct yank_parse *p, size_t i, size_t n)
{
	const char *t = p->text + i;
	size_t k;

	if (n >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
		return yank_token_0x(p, i, n);
	if (t[0] == '\\') {
		for (k = 0; k < n; k += 4)
			if (n - k < 4 || t[k] != '\\' || t[k + 1] != 'x' ||
			    !yank_all_hex(t + k + 2, 2))
				return yank_parse_error(p, i, n, "is not \\x "
				    "escapes of two hex digits");
		for (k = 0; k < n; k += 4)
			p->out[p->n++] = (unsigned char)
			    (hexdigit_value(t[k + 2]) << 4 |
			    hexdigit_value(t[k + 3]));
		return 0;
	}
	if (!yank_all_hex(t, n))
		return yank_parse_error(p, i, n, "is not hex");
	if (n % 2 != 0)
		return yank_parse_error(p, i, n, "has an odd number of hex "
		    "digits");
	for (k = 0; k < n; k += 2)
		p->out[p->n++] = (unsigned char)(hexdigit_value(t[k]) << 4 |
		    hexdigit_value(t[k + 1]));
	return 0;
}

/* Parse the tokens of [i, end). */
static int
yank_tokens(struct yank_parse *p, size_t i, size_t end)
{
	size_t n;

	while (i < end) {
		if (yank_blank(p->text[i]) || p->text[i] == ',') {
			i++;
			continue;
		}
		n = yank_token_len(p, i, end);
		if (yank_token(p, i, n) != 0)
			return -1;
		i += n;
	}
	return 0;
}

/*
 * If the line [i, end) is an xxd line ("OFFSET: groups  chars"), parse
 * its groups and return 1; return 0 if it is not one, -1 on a bad group.
 */
static int
yank_xxd_line(struct yank_parse *p, size_t i, size_t end)
{
	const char *t = p->text;
	size_t n;

	while (i < end && (t[i] == ' ' || t[i] == '\t'))
		i++;
	for (n = 0; i + n < end && hexdigit_value((unsigned char)t[i + n]) !=
	    -1; n++)
		/* nothing */;
	if (n == 0 || i + n == end || t[i + n] != ':' ||
	    (i + n + 1 < end && !yank_blank(t[i + n + 1])))
		return 0;
	i += n + 1;
	/* Groups apart by one space; two blanks start the characters. */
	while (i < end && t[i] == ' ') {
		if (i + 1 >= end || yank_blank(t[i + 1]))
			break;
		i++;
		n = 0;
		while (i + n < end && !yank_blank(t[i + n]))
			n++;
		if (yank_token(p, i, n) != 0)
			return -1;
		i += n;
	}
	return 1;
}

/* Check that [i, end) holds only characters of allowed (or blanks). */
static int
yank_only(struct yank_parse *p, size_t i, size_t end, const char *allowed,
    const char *why)
{
	unsigned char c;

	for (; i < end; i++) {
		c = (unsigned char)p->text[i];
		if (yank_blank((char)c) || ((c | 0x20) >= 'a' &&
		    (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
		    (c != '\0' && strchr(allowed, c) != NULL))
			continue;
		return yank_parse_error(p, i, 1, why);
	}
	return 0;
}

/* Could the n bytes at text be a C declaration (before its '{')? */
static int
yank_decl(const char *text, size_t n)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)text[i];
		if (!yank_blank((char)c) && !((c | 0x20) >= 'a' &&
		    (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') &&
		    strchr("_[]=*", c) == NULL)
			return 0;
	}
	return 1;
}

/* Parse C array text: a declaration, { bytes }, and a length line. */
static int
yank_c_text(struct yank_parse *p, size_t brace)
{
	const char *close;
	size_t i, n, k, end;
	unsigned value;

	close = memchr(p->text + brace, '}', p->len - brace);
	if (close == NULL)
		return yank_parse_error(p, p->len, 0, "no '}' closes the '{'");
	end = (size_t)(close - p->text);
	for (i = brace + 1; i < end; i += n) {
		if (yank_blank(p->text[i]) || p->text[i] == ',') {
			n = 1;
			continue;
		}
		n = yank_token_len(p, i, end);
		if (n >= 2 && p->text[i] == '0' && (p->text[i + 1] | 0x20) ==
		    'x') {
			if (yank_token_0x(p, i, n) != 0)
				return -1;
			continue;
		}
		value = 0;
		for (k = 0; k < n && k < 4 && p->text[i + k] >= '0' &&
		    p->text[i + k] <= '9'; k++)
			value = value * 10 + (unsigned)(p->text[i + k] - '0');
		if (k < n || value > 255)
			return yank_parse_error(p, i, n, "is not a byte "
			    "(0x00-0xff or 0-255)");
		p->out[p->n++] = (unsigned char)value;
	}
	return yank_only(p, end + 1, p->len, "_=;", "is not part of a C "
	    "declaration");
}

int
yank_parse_hex(const char *text, size_t len, unsigned char **bytes,
    size_t *n, char **cause)
{
	struct yank_parse p = { text, len, NULL, 0, cause };
	const char *brace, *nl;
	size_t i, end;
	int ret = -1, rc;

	*bytes = NULL;
	*n = 0;
	if (cause != NULL)
		*cause = NULL;
	if (text == NULL)
		p.text = text = "";
	p.out = malloc(len + 1);
	if (p.out == NULL)
		return errmsg_errno(cause, "cannot parse the hex");
	/* C array text when what comes before the first '{' could be a
	 * declaration (an xxd line may show a '{' among its characters). */
	brace = memchr(text, '{', len);
	if (brace != NULL && yank_decl(text, (size_t)(brace - text))) {
		if (yank_c_text(&p, (size_t)(brace - text)) != 0)
			goto out;
	} else {
		for (i = 0; i < len; i = end + 1) {
			nl = memchr(text + i, '\n', len - i);
			end = nl != NULL ? (size_t)(nl - text) : len;
			rc = yank_xxd_line(&p, i, end);
			if (rc == -1 || (rc == 0 && yank_tokens(&p, i, end) != 0))
				goto out;
		}
	}
	if (p.n == 0) {
		errmsg_set(cause, EINVAL, "no bytes in the text");
		goto out;
	}
	*bytes = p.out;
	*n = p.n;
	p.out = NULL;
	ret = 0;
out:
	free(p.out);
	return ret;
}
