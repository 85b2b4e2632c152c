/*
 * app-actions.h - the one action table: everything a user can do, by
 * name, with its help line (the key map binds keys to these names).
 */
#ifndef MMHEX_APP_ACTIONS_H
#define MMHEX_APP_ACTIONS_H

#include "app-state.h"

/* Return every action, in the help screen's order; *count is set. */
const struct app_action *app_actions(size_t *count);

/* Return the action called name, or NULL. */
const struct app_action *app_action_find(const char *name);

#endif
