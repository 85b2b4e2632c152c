/*
 * check-watch.c - tests for change detection between frames (watch.h).
 */
#include <check.h>
#include <string.h>

#include "suites.h"
#include "watch.h"

START_TEST(test_first_frame_changes_nothing)
{
	struct watch *w = watch_new();
	unsigned char bytes[16] = "0123456789abcdef", marks[16];

	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(watch_frame(w, 0, bytes, 16, 1000), 0);
	ck_assert_int_eq(watch_marks(w, 1000, marks, 16), 0);
	ck_assert_uint_eq(watch_last_change(w), 0);
	watch_free(w);
}
END_TEST

START_TEST(test_changed_bytes_marked_then_fade)
{
	struct watch *w = watch_new();
	unsigned char bytes[16] = "0123456789abcdef", marks[16];
	size_t i;

	watch_frame(w, 100, bytes, 16, 1000);
	bytes[3] = 'X';
	bytes[15] = 'Y';
	ck_assert_int_eq(watch_frame(w, 100, bytes, 16, 1100), 2);
	ck_assert_uint_eq(watch_last_change(w), 1100);
	ck_assert_int_eq(watch_marks(w, 1100, marks, 16), 1);
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(marks[i], i == 3 || i == 15);
	/* Unchanged frames keep the stamps until they fade. */
	ck_assert_int_eq(watch_frame(w, 100, bytes, 16, 1200), 0);
	ck_assert_int_eq(watch_marks(w, 1100 + WATCH_FADE_MS - 1, marks, 16),
	    1);
	ck_assert_int_eq(marks[3], 1);
	ck_assert_int_eq(watch_marks(w, 1100 + WATCH_FADE_MS, marks, 16), 0);
	ck_assert_int_eq(marks[3], 0);
	watch_free(w);
}
END_TEST

START_TEST(test_scrolled_window_keeps_offsets)
{
	struct watch *w = watch_new();
	unsigned char file[64], marks[32];
	size_t i;

	for (i = 0; i < sizeof file; i++)
		file[i] = (unsigned char)i;
	watch_frame(w, 0, file, 32, 1000);
	/* Scroll by 16 bytes: offsets 16..31 were on screen, 32..47 not. */
	file[20] = 0xff;
	file[40] = 0xff;
	ck_assert_int_eq(watch_frame(w, 16, file + 16, 32, 1100), 1);
	watch_marks(w, 1100, marks, 32);
	for (i = 0; i < 32; i++)
		ck_assert_int_eq(marks[i], i == 4);
	/* Scroll back: offset 20 keeps its stamp, 40 is news no more. */
	ck_assert_int_eq(watch_frame(w, 0, file, 32, 1200), 0);
	watch_marks(w, 1200, marks, 32);
	for (i = 0; i < 32; i++)
		ck_assert_int_eq(marks[i], i == 20);
	watch_free(w);
}
END_TEST

START_TEST(test_reset_forgets)
{
	struct watch *w = watch_new();
	unsigned char bytes[8] = "abcdefgh", marks[8];

	watch_frame(w, 0, bytes, 8, 1000);
	bytes[0] = 'Z';
	watch_reset(w);
	ck_assert_int_eq(watch_frame(w, 0, bytes, 8, 1100), 0);
	ck_assert_int_eq(watch_marks(w, 1100, marks, 8), 0);
	watch_free(w);
}
END_TEST

START_TEST(test_shorter_frame)
{
	struct watch *w = watch_new();
	unsigned char bytes[8] = "abcdefgh", marks[8];

	watch_frame(w, 0, bytes, 8, 1000);
	bytes[1] = 'Q';
	/* The file shrank to 4 bytes: only those are compared. */
	ck_assert_int_eq(watch_frame(w, 0, bytes, 4, 1100), 1);
	memset(marks, 9, sizeof marks);
	watch_marks(w, 1100, marks, 8);
	ck_assert_int_eq(marks[1], 1);
	ck_assert_int_eq(marks[5], 0);	/* past the frame: never marked */
	watch_free(w);
}
END_TEST

Suite *
watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc, test_first_frame_changes_nothing);
	tcase_add_test(tc, test_changed_bytes_marked_then_fade);
	tcase_add_test(tc, test_scrolled_window_keeps_offsets);
	tcase_add_test(tc, test_reset_forgets);
	tcase_add_test(tc, test_shorter_frame);
	suite_add_tcase(s, tc);
	return s;
}
