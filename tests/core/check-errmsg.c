/*
 * check-errmsg.c - tests for the error messages of the core (errmsg.h).
 *
 * The texts are compared exactly; every call is also made with a NULL
 * cause and with the allocation of the message failing (allocfail.h):
 * errno must then still be the error reported, and *cause NULL.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "allocfail.h"
#include "errmsg.h"
#include "suites.h"

START_TEST(test_errno)
{
	char *cause = NULL;

	errno = EIO;
	ck_assert_int_eq(errmsg_errno(&cause, "cannot save (%s)", "fsync"),
	    -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_str_eq(cause, "cannot save (fsync): Input/output error");
	free(cause);

	/* No cause wanted: errno kept all the same. */
	errno = ENOSPC;
	ck_assert_int_eq(errmsg_errno(NULL, "cannot write"), -1);
	ck_assert_int_eq(errno, ENOSPC);

	/* A long message is not cut. */
	errno = EIO;
	errmsg_errno(&cause, "%0600d", 7);
	ck_assert_uint_eq(strlen(cause), 600 + strlen(": Input/output "
	    "error"));
	free(cause);
}
END_TEST

START_TEST(test_set)
{
	char *cause = NULL;

	errno = 0;
	ck_assert_int_eq(errmsg_set(&cause, EAGAIN, "%d byte%s", 2, "s"),
	    -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_str_eq(cause, "2 bytes");
	free(cause);

	ck_assert_int_eq(errmsg_set(NULL, ERANGE, "x"), -1);
	ck_assert_int_eq(errno, ERANGE);
}
END_TEST

START_TEST(test_file)
{
	char *cause = NULL;

	ck_assert_int_eq(errmsg_file(&cause, "dir/a.bin", ENOENT, "%s",
	    strerror(ENOENT)), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(cause, "dir/a.bin: No such file or directory");
	free(cause);

	/* The name reaches no terminal raw. */
	errmsg_file(&cause, "a\033[2Jb", EINVAL, "bad");
	ck_assert_ptr_null(strchr(cause, '\033'));
	ck_assert_str_eq(cause + strlen(cause) - 5, ": bad");
	free(cause);

	errmsg_file(&cause, NULL, EINVAL, "bad");
	ck_assert_str_eq(cause, "?: bad");
	free(cause);
}
END_TEST

START_TEST(test_format_and_show)
{
	char *text = errmsg_format("%s-%d", "a", 1);

	ck_assert_str_eq(text, "a-1");
	ck_assert_str_eq(errmsg_show(text, "fallback"), "a-1");
	free(text);
	ck_assert_str_eq(errmsg_show(NULL, "save failed"), "save failed");
	ck_assert_str_eq(errmsg_show(NULL, NULL), "out of memory");
}
END_TEST

/* Out of memory for the message: *cause NULL, errno still the error. */
START_TEST(test_no_memory)
{
	char *cause = (char *)"stale", *text;
	unsigned long failed;

	errno = EIO;
	allocfail_arm(0, ALLOCFAIL_ALL);
	errmsg_errno(&cause, "cannot write");
	failed = allocfail_disarm();
	ck_assert_uint_eq(failed, 1);
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(errno, EIO);

	cause = (char *)"stale";
	allocfail_arm(0, ALLOCFAIL_ALL);
	errmsg_set(&cause, EAGAIN, "conflict");
	allocfail_disarm();
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(errno, EAGAIN);

	cause = (char *)"stale";
	allocfail_arm(0, ALLOCFAIL_ALL);
	errmsg_file(&cause, "f", ESTALE, "replaced");
	allocfail_disarm();
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(errno, ESTALE);

	allocfail_arm(0, ALLOCFAIL_ALL);
	text = errmsg_format("x");
	allocfail_disarm();
	ck_assert_ptr_null(text);
	ck_assert_int_eq(errno, ENOMEM);

	/* What the caller shows then. */
	ck_assert_str_eq(errmsg_show(cause, strerror(ESTALE)),
	    strerror(ESTALE));
}
END_TEST

Suite *
errmsg_suite(void)
{
	Suite *s = suite_create("errmsg");
	TCase *tc = tcase_create("errmsg");

	tcase_add_test(tc, test_errno);
	tcase_add_test(tc, test_set);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_format_and_show);
	tcase_add_test(tc, test_no_memory);
	suite_add_tcase(s, tc);
	return s;
}
