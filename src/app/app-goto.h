/*
 * app-goto.h - the goto prompt: an offset expression, or in the text
 * view a line number.
 */
#ifndef MMHEX_APP_GOTO_H
#define MMHEX_APP_GOTO_H

#include "app-state.h"

/* Open the goto prompt. */
void app_goto_open(struct app *app);

#endif
