/*
 * app-keymap.h - the default key bindings, as data.
 */
#ifndef MMHEX_APP_KEYMAP_H
#define MMHEX_APP_KEYMAP_H

#include "app-state.h"

/* Return the action bound to key, or NULL. */
const struct app_action *app_keymap_lookup(int key);

/* Bind key to the action named action over the built-in table, or unbind
 * it (action NULL), for the rest of the process (a config file's "bind"
 * and "unbind").  Returns 0, or -1 for an unknown action or too many. */
int app_keymap_bind(int key, const char *action);

/* Check that every binding names an action; -1 with *cause if not. */
int app_keymap_check(char **cause);

/* Write the keys bound to action into buf ("Up k"); returns the length. */
size_t app_keymap_keys(const struct app_action *action, char *buf,
    size_t len);

/* The name of a key for the help screen ("Up", "C-x", "q"). */
const char *app_keymap_key_name(int key, char *buf, size_t len);

#endif
