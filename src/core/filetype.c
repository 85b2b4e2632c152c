/*
 * filetype.c - what kind of file this is, in libmagic's words.
 *
 * libmagic reads either a descriptor of a regular file (the viewer's:
 * with read(2), never a mapping, so it cannot fault on a file that
 * shrinks, and a regular file cannot block it as a FIFO would) or a
 * copy of bytes handed over.  Its answer is untrusted text (it quotes
 * strings out of the file) and is sanitised before use.
 */
#include <dlfcn.h>
#include <errno.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errmsg.h"
#include "filetype.h"
#include "sanitize.h"

/*
 * libmagic, loaded on first use: linking it loads it and its compression
 * libraries at every start, before the first screen, which it is never
 * needed for.
 */
static struct {
	magic_t (*open)(int);
	int (*load)(magic_t, const char *);
	const char *(*buffer)(magic_t, const void *, size_t);
	const char *(*descriptor)(magic_t, int);
	const char *(*error)(magic_t);
	void (*close)(magic_t);
	int loaded;
} lm;

/* Open libmagic and find its functions.  Returns 0, or -1 with *cause. */
static int
filetype_load(char **cause)
{
	void *lib;

	if (lm.loaded)
		return 0;
	lib = dlopen(MAGIC_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL)
		return errmsg_set(cause, errno, "cannot load libmagic: %s",
		    dlerror());
	/* POSIX: a function pointer travels through dlsym's void *. */
	*(void **)&lm.open = dlsym(lib, "magic_open");
	*(void **)&lm.load = dlsym(lib, "magic_load");
	*(void **)&lm.buffer = dlsym(lib, "magic_buffer");
	*(void **)&lm.descriptor = dlsym(lib, "magic_descriptor");
	*(void **)&lm.error = dlsym(lib, "magic_error");
	*(void **)&lm.close = dlsym(lib, "magic_close");
	if (lm.open == NULL || lm.load == NULL || lm.buffer == NULL ||
	    lm.descriptor == NULL || lm.error == NULL || lm.close == NULL) {
		dlclose(lib);
		return errmsg_set(cause, errno, "libmagic lacks a function");
	}
	lm.loaded = 1;
	return 0;
}

/* Set *cause to "what: " and what libmagic said went wrong, or else
 * the errno (ENOMEM when there is none). */
static void
filetype_cause(char **cause, const char *what, magic_t cookie)
{
	const char *why = cookie != NULL ? lm.error(cookie) : NULL;
	int errnum = errno != 0 ? errno : ENOMEM;

	errmsg_set(cause, errnum, "%s: %s", what, errmsg_show(why,
	    strerror(errnum)));
}

/*
 * Describe bytes that are the whole file as file(1) describes a file.
 * Rules that read from the end (gzip's size, ...) and the ELF header walk
 * need a descriptor, which lm.buffer() lacks; an anonymous memory file
 * holding the copy gives libmagic one without going near the file itself.
 * Returns NULL when that cannot be done.
 */
static const char *
filetype_whole(magic_t cookie, const void *buf, size_t len)
{
#ifdef MFD_CLOEXEC
	const char *answer = NULL, *p = buf;
	size_t left = len;
	ssize_t done;
	int fd;

	if ((fd = memfd_create("mmhex-filetype", MFD_CLOEXEC)) == -1)
		return NULL;
	/* Not executable, as lm.buffer() assumes: ELF answers depend on
	 * the mode ("pie executable" or "shared object"). */
	(void)fchmod(fd, 0600);
	for (; left > 0; left -= (size_t)done, p += done) {
		if ((done = write(fd, p, left)) <= 0)
			goto out;
	}
	if (lseek(fd, 0, SEEK_SET) == 0)
		answer = lm.descriptor(cookie, fd);
out:
	close(fd);
	return answer;
#else
	(void)cookie;
	(void)buf;
	(void)len;
	return NULL;
#endif
}

/* Open libmagic with its database; NULL with *cause set. */
static magic_t
filetype_open(char **cause)
{
	magic_t cookie;

	if (filetype_load(cause) == -1)
		return NULL;
	cookie = lm.open(MAGIC_NONE | MAGIC_ERROR);
	if (cookie == NULL) {
		filetype_cause(cause, "libmagic", NULL);
		return NULL;
	}
	if (lm.load(cookie, NULL) == -1) {
		filetype_cause(cause, "libmagic: cannot load its database",
		    cookie);
		lm.close(cookie);
		return NULL;
	}
	return cookie;
}

/* Return a sanitised copy of libmagic's answer, or NULL with *cause. */
static char *
filetype_answer(magic_t cookie, const char *answer, char **cause)
{
	char *result;

	if (answer == NULL) {
		filetype_cause(cause, "libmagic", cookie);
		return NULL;
	}
	result = sanitize_string(answer);
	if (result == NULL)
		filetype_cause(cause, "libmagic", NULL);
	return result;
}

/* A block device: libmagic's descriptor call names only the device
 * ("block special"); what is on it is in its first bytes, as `file -s`
 * reads them. */
static char *
filetype_device(int fd, char **cause)
{
	unsigned char *buf = malloc(FILETYPE_BYTES);
	ssize_t got;
	char *result;

	if (buf == NULL) {
		errmsg_set(cause, ENOMEM, "%s", strerror(ENOMEM));
		return NULL;
	}
	if ((got = pread(fd, buf, FILETYPE_BYTES, 0)) < 0) {
		errmsg_errno(cause, "cannot read the device");
		free(buf);
		return NULL;
	}
	result = filetype_describe(buf, (size_t)got, cause);
	free(buf);
	return result;
}

char *
filetype_describe_fd(int fd, char **cause)
{
	magic_t cookie;
	struct stat st;
	const char *answer;
	char *result;
	off_t pos;

	if (cause != NULL)
		*cause = NULL;
	if (fstat(fd, &st) == -1) {
		errmsg_errno(cause, "cannot measure the file");
		return NULL;
	}
	if (S_ISBLK(st.st_mode))
		return filetype_device(fd, cause);
	if (!S_ISREG(st.st_mode)) {
		errmsg_set(cause, EINVAL, "not a regular file");
		return NULL;
	}
	if ((cookie = filetype_open(cause)) == NULL)
		return NULL;
	/* libmagic reads from the offset it finds (and puts it back). */
	pos = lseek(fd, 0, SEEK_CUR);
	if (pos != 0)
		lseek(fd, 0, SEEK_SET);
	answer = lm.descriptor(cookie, fd);
	if (pos > 0)
		lseek(fd, pos, SEEK_SET);
	result = filetype_answer(cookie, answer, cause);
	lm.close(cookie);
	return result;
}

char *
filetype_describe(const void *buf, size_t len, char **cause)
{
	magic_t cookie;
	const char *answer;
	char *result;

	if (cause != NULL)
		*cause = NULL;
	if ((cookie = filetype_open(cause)) == NULL)
		return NULL;
	/* Fewer bytes than FILETYPE_BYTES are the whole file. */
	answer = NULL;
	if (len > 0 && len < FILETYPE_BYTES)
		answer = filetype_whole(cookie, buf, len);
	/* lm.buffer() wants a non-NULL buffer even for no bytes. */
	if (answer == NULL)
		answer = lm.buffer(cookie, len > 0 ? buf : "", len);
	result = filetype_answer(cookie, answer, cause);
	lm.close(cookie);
	return result;
}
