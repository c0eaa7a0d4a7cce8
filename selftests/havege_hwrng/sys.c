// SPDX-License-Identifier: GPL-2.0
/*
 * Small sysfs/procfs accessors: rng_available, rng_current, the module's
 * counters and parameters, the kernel's taint flags.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys.h"

/**
 * sys_read() - read a small (sysfs) file, without its trailing newline
 * @path: file
 * @buf: destination, always NUL-terminated on success
 * @size: size of @buf
 *
 * Return: length read or -errno.
 */
int sys_read(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return (int)n;
}

/**
 * sys_write() - write a string to a (sysfs) file in one write()
 * @path: file
 * @str: text
 *
 * Return: 0 or -errno.
 */
int sys_write(const char *path, const char *str)
{
	size_t len = strlen(str);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, str, len);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

/**
 * sys_read_uint() - read an unsigned decimal value
 * @path: file
 * @val: result
 *
 * Return: 0 or -errno.
 */
int sys_read_uint(const char *path, unsigned long *val)
{
	char buf[64], *end;
	int n = sys_read(path, buf, sizeof(buf));

	if (n < 0)
		return n;
	errno = 0;
	*val = strtoul(buf, &end, 0);
	return errno || end == buf ? -EINVAL : 0;
}

/**
 * sys_has_word() - whether a whitespace-separated list contains @word
 * @text: list
 * @word: word
 *
 * Return: true if present.
 */
bool sys_has_word(const char *text, const char *word)
{
	size_t len = strlen(word);
	const char *p = text;

	while (*p) {
		size_t n;

		p += strspn(p, " \t\n");
		n = strcspn(p, " \t\n");
		if (n == len && !strncmp(p, word, len))
			return true;
		p += n;
	}
	return false;
}

/**
 * sys_rng_listed() - whether rng_available lists @name
 * @name: hwrng name
 *
 * A missing rng_available (5.10 before the first rng registers) counts as an
 * empty list.
 *
 * Return: 1 listed, 0 not listed, or -errno.
 */
int sys_rng_listed(const char *name)
{
	char buf[512];
	int n = sys_read(SYS_RNG_DIR "/rng_available", buf, sizeof(buf));

	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return n;
	return sys_has_word(buf, name);
}

/**
 * sys_rng_current() - read rng_current
 * @buf: destination
 * @size: size of @buf
 *
 * A missing attribute (5.10 before the first rng registers) reads as
 * "none", like the core's own answer when there is no current rng.
 *
 * Return: length or -errno.
 */
int sys_rng_current(char *buf, size_t size)
{
	int n = sys_read(SYS_RNG_DIR "/rng_current", buf, size);

	if (n != -ENOENT)
		return n;
	return snprintf(buf, size, "none");
}

/**
 * sys_stat() - read one counter of the module from sysfs
 * @name: attribute under /sys/class/misc/havege_hwrng (bytes_in, state...)
 * @val: result
 *
 * For when another process holds the device, so GET_STATS is unavailable.
 *
 * Return: 0 or -errno.
 */
int sys_stat(const char *name, unsigned long *val)
{
	char path[128];

	snprintf(path, sizeof(path), SYS_DEV_DIR "/%s", name);
	return sys_read_uint(path, val);
}

/**
 * sys_tainted_by_warn() - whether the kernel has logged a WARN (taint 'W')
 *
 * With panic_on_warn the VM dies instead; without it, this is how a test
 * notices that the kernel complained.
 *
 * Return: true if the TAINT_WARN bit (9) is set.
 */
bool sys_tainted_by_warn(void)
{
	unsigned long taint;

	if (sys_read_uint("/proc/sys/kernel/tainted", &taint))
		return false;
	return taint & (1UL << 9);
}
