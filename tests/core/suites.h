/* suites.h - the Check suites collected by check-main.c, one per core module. */
#ifndef MMHEX_SUITES_H
#define MMHEX_SUITES_H

#include <check.h>

Suite *addr_suite(void);
Suite *config_suite(void);
Suite *diff_suite(void);
Suite *bigedit_suite(void);
Suite *dump_suite(void);
Suite *edit_suite(void);
Suite *errmsg_suite(void);
Suite *filetype_suite(void);
Suite *grid_suite(void);
Suite *hexview_suite(void);
Suite *inspect_suite(void);
Suite *journal_suite(void);
Suite *layout_suite(void);
Suite *ledger_suite(void);
Suite *lineindex_suite(void);
Suite *map_suite(void);
Suite *marks_suite(void);
Suite *patch_suite(void);
Suite *sanitize_suite(void);
Suite *script_suite(void);
Suite *watch_suite(void);
Suite *search_suite(void);
Suite *textview_suite(void);
Suite *utf8_suite(void);
Suite *yank_suite(void);

#endif
