/*
 * yankfmt.c - the register formats of yank.h as a filter, for
 * tests/test-yank.sh to compare with xxd, base64 and Python.
 *
 *   yankfmt FORMAT [-b] [-s STEP] [-n NAME] [-o OFFSET] <BYTES >TEXT
 *   yankfmt parse <TEXT >BYTES
 *   yankfmt osc52 <BYTES >SEQUENCE
 *
 * FORMAT is hex, hex-spaced, c, base64, base64-lines, python or xxd.
 * The bytes are read through a yank_read_fn over standard input held in
 * memory; -b collects the text in a buffer sink (else the sink is
 * stdout); -s steps the job STEP bytes at a time.  Exit status 0, or 1
 * with the message on standard error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yank.h"

/* Read all of standard input. */
static unsigned char *
slurp(size_t *len)
{
	unsigned char *buf = NULL, *bigger;
	size_t room = 0, got;

	*len = 0;
	for (;;) {
		if (*len == room) {
			room = room == 0 ? 65536 : room * 2;
			bigger = realloc(buf, room);
			if (bigger == NULL) {
				free(buf);
				return NULL;
			}
			buf = bigger;
		}
		got = fread(buf + *len, 1, room - *len, stdin);
		*len += got;
		if (got == 0)
			break;
	}
	return buf;
}

/* The read callback: arg is the input. */
static int
read_input(void *arg, uint64_t offset, unsigned char *buf, size_t len,
    char **cause)
{
	(void)cause;
	memcpy(buf, (unsigned char *)arg + offset, len);
	return 0;
}

static const char *const names[] = {
	"hex", "hex-spaced", "c", "base64", "base64-lines", "python", "xxd"
};

int
main(int argc, char **argv)
{
	struct yank_options opt = { NULL, 0 };
	struct yank_sink sink;
	struct yank_job *job;
	unsigned char *in, *bytes;
	uint64_t step = 0;
	size_t len, n, i;
	char *cause = NULL, *seq;
	int c, use_buffer = 0, fmt = -1, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: yankfmt FORMAT|parse|osc52 ...\n");
		return 2;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(argv[1], names[i]) == 0)
			fmt = (int)i;
	optind = 2;
	while ((c = getopt(argc, argv, "bs:n:o:")) != -1) {
		switch (c) {
		case 'b': use_buffer = 1; break;
		case 's': step = strtoull(optarg, NULL, 0); break;
		case 'n': opt.name = optarg; break;
		case 'o': opt.dump_offset = strtoull(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	in = slurp(&len);
	if (in == NULL) {
		perror("yankfmt");
		return 1;
	}
	if (strcmp(argv[1], "parse") == 0) {
		if (yank_parse_hex((char *)in, len, &bytes, &n, &cause) != 0) {
			fprintf(stderr, "yankfmt: %s\n", cause);
			return 1;
		}
		fwrite(bytes, 1, n, stdout);
		free(bytes);
		free(in);
		return 0;
	}
	if (strcmp(argv[1], "osc52") == 0) {
		seq = yank_osc52(in, len, &n, &cause);
		if (seq == NULL) {
			fprintf(stderr, "yankfmt: %s\n", cause);
			return 1;
		}
		fwrite(seq, 1, n, stdout);
		free(seq);
		free(in);
		return 0;
	}
	if (fmt == -1) {
		fprintf(stderr, "yankfmt: unknown format %s\n", argv[1]);
		return 2;
	}
	if (use_buffer)
		yank_sink_buffer(&sink, 0);
	else
		yank_sink_file(&sink, stdout);
	job = yank_start((enum yank_format)fmt, &opt, read_input, in, 0, len,
	    &sink);
	if (job == NULL) {
		perror("yankfmt");
		return 1;
	}
	while ((rc = yank_step(job, step, &cause)) == 1)
		/* nothing */;
	yank_free(job);
	if (rc != 0) {
		fprintf(stderr, "yankfmt: %s\n", cause);
		return 1;
	}
	if (use_buffer)
		fwrite(sink.text != NULL ? sink.text : "", 1, sink.len, stdout);
	yank_sink_free(&sink);
	free(in);
	return fflush(stdout) == 0 ? 0 : 1;
}
