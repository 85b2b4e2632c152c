/*
 * fuzz-patch.c - libFuzzer target for the --patch spec parser (patch.h).
 *
 * Input layout: the whole input is the spec, cut at its first NUL.
 *
 * Each answer of patch_parse() is compared with a second, simpler reading
 * of the grammar in patch.h (split at the two colons, the offset through
 * addr_parse_number(), the hex fields split at blanks), so the two must
 * agree on whether the spec is good and, if so, on every byte.  Further
 * invariants: a parse that succeeds leaves no cause, old and new of one
 * length >= 1, an end that fits in 64 bits, a printable name, and a
 * description that patch_describe() spells exactly as "0xOFF: OLD -> NEW";
 * one that fails leaves a printable cause starting "bad patch '", errno
 * EINVAL or ERANGE, and nothing allocated in the patch; the answer does
 * not depend on whether a cause is asked for.  Any broken invariant calls
 * abort(), which libFuzzer and the replayer both report as a crash.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "patch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Abort unless text holds no control character (C0, DEL, C1). */
static void
fuzz_check_printable(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	for (; *p != '\0'; p++) {
		fuzz_check(*p >= 0x20 && *p != 0x7f);
		if (p[0] == 0xc2)
			fuzz_check(p[1] < 0x80 || p[1] > 0x9f);
	}
}

/* Return the value of hex digit c, or -1. */
static int
fuzz_hex_digit(char c)
{
	const char *digits = "0123456789abcdef", *d;

	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	d = c != '\0' ? strchr(digits, c) : NULL;
	return d != NULL ? (int)(d - digits) : -1;
}

/*
 * Decode the n bytes of hex at s into out (room for n / 2 bytes): blanks
 * separate runs of digits, and every run must be of even length.  Returns
 * the byte count, or -1 if the field is bad or empty.
 */
static long
fuzz_ref_hex(const char *s, size_t n, unsigned char *out)
{
	size_t i, run = 0;
	long count = 0;
	int hi = 0, d;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == ' ' || s[i] == '\t') {
			if (run % 2 != 0)
				return -1;
			run = 0;
			continue;
		}
		d = fuzz_hex_digit(s[i]);
		if (d == -1)
			return -1;
		if (run++ % 2 == 0)
			hi = d;
		else
			out[count++] = (unsigned char)(hi << 4 | d);
	}
	return count > 0 ? count : -1;
}

/* Read spec by the grammar of patch.h into the reference patch. */
static int
fuzz_reference(const char *spec, uint64_t *offset, unsigned char *old,
    unsigned char *new, size_t *len)
{
	const char *c1, *c2;
	char *text;
	long n_old, n_new;
	int rc;

	c1 = strchr(spec, ':');
	c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	if (c2 == NULL || strchr(c2 + 1, ':') != NULL)
		return -1;
	text = strndup(spec, (size_t)(c1 - spec));
	if (text == NULL)
		abort();
	rc = addr_parse_number(text, offset, NULL);
	free(text);
	if (rc != 0)
		return -1;
	n_old = fuzz_ref_hex(c1 + 1, (size_t)(c2 - c1 - 1), old);
	n_new = fuzz_ref_hex(c2 + 1, strlen(c2 + 1), new);
	if (n_old == -1 || n_new == -1 || n_old != n_new)
		return -1;
	if ((uint64_t)(n_old - 1) > UINT64_MAX - *offset)
		return -1;
	*len = (size_t)n_old;
	return 0;
}

/* Abort unless patch_describe() spells p as "0xOFF: OLD -> NEW". */
static void
fuzz_check_describe(const struct patch *p)
{
	char *line, *want, *w;
	size_t i;

	line = patch_describe(p);
	fuzz_check(line != NULL);
	want = malloc(4 * p->len + 32);
	fuzz_check(want != NULL);
	w = want + sprintf(want, "0x%" PRIx64 ": ", p->offset);
	for (i = 0; i < p->len; i++)
		w += sprintf(w, "%02x", p->old[i]);
	w += sprintf(w, " -> ");
	for (i = 0; i < p->len; i++)
		w += sprintf(w, "%02x", p->new[i]);
	fuzz_check(strcmp(line, want) == 0);
	free(want);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct patch p, quiet;
	unsigned char *ref_old, *ref_new;
	uint64_t ref_offset = 0;
	size_t ref_len = 0;
	char *spec, *cause = NULL;
	int rc, quiet_rc, ref_rc, errnum;

	spec = malloc(size + 1);
	ref_old = malloc(size / 2 + 1);
	ref_new = malloc(size / 2 + 1);
	if (spec == NULL || ref_old == NULL || ref_new == NULL)
		goto out;
	if (size > 0)
		memcpy(spec, data, size);
	spec[size] = '\0';

	errno = 0;
	rc = patch_parse(spec, &p, &cause);
	errnum = errno;
	fuzz_check(rc == 0 || rc == -1);
	if (rc == 0) {
		fuzz_check(cause == NULL);
		fuzz_check(p.len >= 1);
		fuzz_check(p.old != NULL && p.new != NULL && p.name != NULL);
		fuzz_check(p.len - 1 <= UINT64_MAX - p.offset);
		fuzz_check_printable(p.name);
		fuzz_check_describe(&p);
	} else {
		fuzz_check(cause != NULL);
		fuzz_check(strncmp(cause, "bad patch '", 11) == 0);
		fuzz_check(errnum == EINVAL || errnum == ERANGE);
		fuzz_check_printable(cause);
		fuzz_check(p.old == NULL && p.new == NULL && p.name == NULL);
		fuzz_check(p.len == 0);
	}
	free(cause);

	quiet_rc = patch_parse(spec, &quiet, NULL);
	fuzz_check(quiet_rc == rc);
	if (quiet_rc == 0) {
		fuzz_check(quiet.offset == p.offset && quiet.len == p.len);
		patch_free(&quiet);
	}

	ref_rc = fuzz_reference(spec, &ref_offset, ref_old, ref_new, &ref_len);
	fuzz_check(ref_rc == rc);
	if (rc == 0) {
		fuzz_check(ref_offset == p.offset && ref_len == p.len);
		fuzz_check(memcmp(ref_old, p.old, p.len) == 0);
		fuzz_check(memcmp(ref_new, p.new, p.len) == 0);
		patch_free(&p);
		fuzz_check(p.old == NULL && p.name == NULL);
	}
out:
	free(ref_new);
	free(ref_old);
	free(spec);
	return 0;
}
