/*
 * sample.c - read a record twice and call it clean only when both
 * copies agree (sample.h).
 */
#include <string.h>

#include "sample.h"

/* Read exactly n bytes: 1, 0 when the file is shorter, -1 on error. */
static int
read_full(const struct textsrc *src, uint64_t offset, unsigned char *buf,
    size_t n)
{
	ssize_t got = src->read(src->ctx, offset, buf, n);

	if (got < 0)
		return -1;
	return (size_t)got == n;
}

int
sample_read(const struct textsrc *src, uint64_t offset, size_t n,
    unsigned char *record, unsigned char *scratch, unsigned tries,
    struct sample_count *count)
{
	int rc, result = SAMPLE_TORN;
	unsigned t;

	rc = read_full(src, offset, record, n);
	for (t = 0; rc == 1 && t < (tries > 0 ? tries : 1); t++) {
		rc = read_full(src, offset, scratch, n);
		if (rc != 1)
			break;
		if (memcmp(record, scratch, n) == 0) {
			result = SAMPLE_CLEAN;
			break;
		}
		memcpy(record, scratch, n);
	}
	if (rc == -1)
		return -1;
	if (rc == 0)
		result = SAMPLE_SHORT;
	if (count != NULL) {
		if (result == SAMPLE_CLEAN)
			count->clean++;
		else if (result == SAMPLE_TORN)
			count->torn++;
		else
			count->short_reads++;
	}
	return result;
}
