/*
 * spool.c - standard input copied into a temporary file (spool.h).
 *
 * The thread polls the input and a pipe of its own: spool_free() writes
 * to that pipe, so a thread blocked on a silent input ends at once,
 * without pthread_cancel().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "errmsg.h"
#include "spool.h"

#define SPOOL_CHUNK	(256u * 1024u)

struct spool {
	int in;			/* the input, owned */
	int fd;			/* the temporary file */
	int stop[2];		/* spool_free() writes to stop[1] */
	pthread_t thread;
	int joined;		/* the thread has been joined */
	uint64_t bytes;		/* copied so far (atomic) */
	int state;		/* 0 copying, 1 ended, -1 failed (atomic) */
	int error;		/* errno of the failure */
};

/* Make an unlinked temporary file: O_TMPFILE in $TMPDIR or /tmp, else
 * a memfd.  Returns its descriptor, or -1 with errno. */
static int
spool_file(void)
{
	const char *dirs[2] = { getenv("TMPDIR"), "/tmp" };
	unsigned i;
	int fd;

	for (i = 0; i < 2; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		fd = open(dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		if (fd != -1)
			return fd;
	}
	return memfd_create("mmhex-stdin", MFD_CLOEXEC);
}

/* Write all n bytes of buf to fd; 0, or -1 with errno. */
static int
spool_write(int fd, const unsigned char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, buf, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static void *
spool_run(void *arg)
{
	struct spool *s = arg;
	struct pollfd pfd[2] = {
		{ .fd = s->in, .events = POLLIN },
		{ .fd = s->stop[0], .events = POLLIN },
	};
	unsigned char *buf = malloc(SPOOL_CHUNK);
	int state = 1, error = 0;
	ssize_t got;

	if (buf == NULL) {
		state = -1;
		error = ENOMEM;
		goto out;
	}
	for (;;) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			state = -1;
			error = errno;
			break;
		}
		if (pfd[1].revents != 0) {
			state = 1;	/* asked to stop */
			break;
		}
		got = read(s->in, buf, SPOOL_CHUNK);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got == -1 || (got > 0 && spool_write(s->fd, buf,
		    (size_t)got) == -1)) {
			state = -1;
			error = errno;
			break;
		}
		if (got == 0)
			break;		/* the end of the input */
		__atomic_add_fetch(&s->bytes, (uint64_t)got,
		    __ATOMIC_RELEASE);
	}
out:
	free(buf);
	s->error = error;
	__atomic_store_n(&s->state, state, __ATOMIC_RELEASE);
	return NULL;
}

struct spool *
spool_start(int in_fd, char **cause)
{
	struct spool *s = calloc(1, sizeof *s);

	if (s == NULL) {
		errmsg_errno(cause, "cannot read standard input");
		close(in_fd);
		return NULL;
	}
	s->in = in_fd;
	s->stop[0] = s->stop[1] = -1;
	if ((s->fd = spool_file()) == -1) {
		errmsg_errno(cause, "cannot make a temporary file for standard "
		    "input");
		goto fail;
	}
	if (pipe2(s->stop, O_CLOEXEC) == -1 ||
	    (errno = pthread_create(&s->thread, NULL, spool_run, s)) != 0) {
		errmsg_errno(cause, "cannot read standard input");
		goto fail;
	}
	return s;
fail:
	close(s->in);
	if (s->fd != -1)
		close(s->fd);
	if (s->stop[0] != -1) {
		close(s->stop[0]);
		close(s->stop[1]);
	}
	free(s);
	return NULL;
}

int
spool_fd(const struct spool *s)
{
	return s->fd;
}

uint64_t
spool_bytes(const struct spool *s)
{
	return __atomic_load_n(&s->bytes, __ATOMIC_ACQUIRE);
}

int
spool_state(const struct spool *s, int *errnum)
{
	int state = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);

	if (state == -1 && errnum != NULL)
		*errnum = s->error;
	return state;
}

int
spool_wait(struct spool *s)
{
	int state;

	/* The thread ends at the end of the input: join it. */
	if (!s->joined) {
		pthread_join(s->thread, NULL);
		s->joined = 1;
	}
	state = spool_state(s, &errno);
	return state == -1 ? -1 : 0;
}

void
spool_free(struct spool *s)
{
	char c = 0;

	if (s == NULL)
		return;
	if (!s->joined) {
		while (write(s->stop[1], &c, 1) == -1 && errno == EINTR)
			;
		pthread_join(s->thread, NULL);
	}
	close(s->in);
	close(s->fd);
	close(s->stop[0]);
	close(s->stop[1]);
	free(s);
}
