/*
 * watch.h - which visible bytes another process changed, and when.
 *
 * The front end hands every frame's copy of the visible window to
 * watch_frame(); bytes that differ from the previous frame at the same
 * file offset are stamped with the time.  watch_marks() then says which
 * bytes changed within the fade period, so the screen can highlight them
 * and let the highlight fade.  Only the visible window is ever compared:
 * watching costs one small memcmp a tick, whatever the file's size.
 */
#ifndef MMHEX_WATCH_H
#define MMHEX_WATCH_H

#include <stddef.h>
#include <stdint.h>

/* How long a changed byte stays highlighted. */
#define WATCH_FADE_MS 2000

struct watch;

/* Return a new watch, or NULL with errno ENOMEM. */
struct watch *watch_new(void);

/* Free a watch.  NULL is allowed. */
void watch_free(struct watch *w);

/*
 * Take the frame of n bytes at file offset offset, seen at now_ms.  Bytes
 * at offsets the previous frame also showed, and that differ from it, are
 * stamped as changed at now_ms; stamps of bytes still on screen are kept,
 * others dropped.  Returns the number of bytes that changed in this frame,
 * or -1 with errno ENOMEM (the watch then forgets its history).
 */
long watch_frame(struct watch *w, uint64_t offset, const unsigned char *bytes,
    size_t n, uint64_t now_ms);

/* Set marks[i] (for the n bytes of the last frame) to 1 for bytes changed
 * less than WATCH_FADE_MS before now_ms, else 0.  Returns whether any byte
 * is still highlighted (the caller keeps redrawing while it fades). */
int watch_marks(const struct watch *w, uint64_t now_ms, unsigned char *marks,
    size_t n);

/* Return when the last change was seen (0: never). */
uint64_t watch_last_change(const struct watch *w);

/* Forget the previous frame (after an edit of our own, or a reopen), so
 * the next frame changes nothing. */
void watch_reset(struct watch *w);

#endif
