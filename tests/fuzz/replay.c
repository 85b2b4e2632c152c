/*
 * replay.c - run a fuzz target over saved inputs, without libFuzzer.
 *
 * Linked with one target (a file defining LLVMFuzzerTestOneInput), it
 * feeds it each file named on the command line and each file inside each
 * directory named there (sorted by name, not recursing, skipping names
 * that start with '.'), so make check replays the corpus on any compiler.
 * A broken invariant aborts the process; anything the replayer cannot
 * read is an error, and so is running no input at all, so that a missing
 * corpus does not pass quietly.
 *
 * Exit status: 0 when every input ran, 1 on a read error, 2 on a usage
 * error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs run so far. */
static unsigned long replay_count;

/* Read the whole file at path into a malloc'd buffer; -1 on error. */
static int
replay_read(const char *path, uint8_t **bytes, size_t *len)
{
	FILE *f;
	uint8_t *buf = NULL, *bigger;
	size_t used = 0, room = 0, got;
	int ret = -1;

	f = fopen(path, "rb");
	if (f == NULL)
		goto out;
	for (;;) {
		if (used == room) {
			room = room == 0 ? 4096 : room * 2;
			bigger = realloc(buf, room);
			if (bigger == NULL)
				goto out;
			buf = bigger;
		}
		got = fread(buf + used, 1, room - used, f);
		used += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		errno = EIO;
		goto out;
	}
	*bytes = buf;
	*len = used;
	buf = NULL;
	ret = 0;
out:
	if (f != NULL)
		fclose(f);
	free(buf);
	return ret;
}

/* Run the target on the file at path. */
static int
replay_file(const char *path)
{
	uint8_t *bytes;
	size_t len;

	if (replay_read(path, &bytes, &len) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	LLVMFuzzerTestOneInput(bytes, len);
	free(bytes);
	replay_count++;
	return 0;
}

/* Skip names that start with '.'. */
static int
replay_visible(const struct dirent *entry)
{
	return entry->d_name[0] != '.';
}

/* Run the target on each file in the directory at path. */
static int
replay_directory(const char *path)
{
	struct dirent **entries;
	struct stat sb;
	char *file;
	size_t size;
	int n, i, ret = 0;

	n = scandir(path, &entries, replay_visible, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		size = strlen(path) + strlen(entries[i]->d_name) + 2;
		file = malloc(size);
		if (file == NULL) {
			fprintf(stderr, "replay: %s\n", strerror(errno));
			ret = -1;
		} else {
			snprintf(file, size, "%s/%s", path,
			    entries[i]->d_name);
			/* Subdirectories are left alone, not recursed into. */
			if (stat(file, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
				if (replay_file(file) != 0)
					ret = -1;
			}
			free(file);
		}
		free(entries[i]);
	}
	free(entries);
	return ret;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			status = 1;
		} else if (S_ISDIR(sb.st_mode)) {
			if (replay_directory(argv[i]) != 0)
				status = 1;
		} else if (replay_file(argv[i]) != 0)
			status = 1;
	}
	if (replay_count == 0) {
		fprintf(stderr, "replay: no input to run\n");
		status = 1;
	}
	printf("replay: %lu inputs run\n", replay_count);
	return status;
}
