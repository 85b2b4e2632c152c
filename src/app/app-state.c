/*
 * app-state.c - what every module of the application uses: the message
 * on the last row, and the clock.
 */
#include <stdarg.h>
#include <stdio.h>
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
}

uint64_t
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
