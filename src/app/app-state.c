/*
 * app-state.c - what every module of the application uses: the message
 * on the last row, and the clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app-state.h"

void
app_message(struct app *app, uint8_t style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof app->message, fmt, ap);
	va_end(ap);
	app->message_style = style;
	/* Kept for the log (M), where a message too wide for the last row
	 * is read whole; the same message twice in a row is kept once. */
	if (app->message[0] == '\0' || (app->log_count > 0 &&
	    strcmp(app->log[(app->log_next + APP_LOG_MAX - 1) % APP_LOG_MAX],
	    app->message) == 0))
		return;
	memcpy(app->log[app->log_next], app->message, sizeof app->message);
	app->log_next = (app->log_next + 1) % APP_LOG_MAX;
	if (app->log_count < APP_LOG_MAX)
		app->log_count++;
}

uint64_t
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
