/*
 * check-main.c - run every core Check suite.
 *
 * CK_FORK stays on (the default) so a crash in one test is reported as a
 * failure of that test, not of the runner.
 */
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(addr_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, diff_suite());
	srunner_add_suite(sr, bigedit_suite());
	srunner_add_suite(sr, dump_suite());
	srunner_add_suite(sr, edit_suite());
	srunner_add_suite(sr, errmsg_suite());
	srunner_add_suite(sr, filetype_suite());
	srunner_add_suite(sr, grid_suite());
	srunner_add_suite(sr, hexview_suite());
	srunner_add_suite(sr, inspect_suite());
	srunner_add_suite(sr, journal_suite());
	srunner_add_suite(sr, layout_suite());
	srunner_add_suite(sr, ledger_suite());
	srunner_add_suite(sr, lineindex_suite());
	srunner_add_suite(sr, map_suite());
	srunner_add_suite(sr, marks_suite());
	srunner_add_suite(sr, patch_suite());
	srunner_add_suite(sr, sanitize_suite());
	srunner_add_suite(sr, script_suite());
	srunner_add_suite(sr, watch_suite());
	srunner_add_suite(sr, search_suite());
	srunner_add_suite(sr, textview_suite());
	srunner_add_suite(sr, utf8_suite());
	srunner_add_suite(sr, yank_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
