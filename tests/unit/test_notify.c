// SPDX-License-Identifier: GPL-2.0
/*
 * test_notify.c: the sd_notify datagram protocol with real sockets, by
 * path and in the abstract namespace ("@name").
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "notify.h"

/* Binds a datagram socket to @name ("/path" or "@abstract"). */
static int bind_name(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	socklen_t salen;
	int fd;

	memcpy(sa.sun_path, name, len);
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, salen), 0);
	return fd;
}

static void expect(int fd, const char *msg)
{
	char buf[256];
	ssize_t n;

	n = recv(fd, buf, sizeof(buf) - 1, 0);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, msg);
}

static void test_path_socket(void **state)
{
	char path[64];
	int fd;

	(void)state;
	(void)snprintf(path, sizeof(path), "/tmp/hwrngd-notify-%ld",
		       (long)getpid());
	(void)unlink(path);
	fd = bind_name(path);
	assert_int_equal(notify_send(path, "READY=1\nSTATUS=x"), 1);
	expect(fd, "READY=1\nSTATUS=x");
	assert_int_equal(notify_send(path, "STOPPING=1"), 1);
	expect(fd, "STOPPING=1");
	close(fd);
	unlink(path);
	/* the manager went away */
	assert_int_equal(notify_send(path, "READY=1"), -ENOENT);
}

static void test_abstract_socket(void **state)
{
	char name[64];
	int fd;

	(void)state;
	(void)snprintf(name, sizeof(name), "@hwrngd-notify-%ld",
		       (long)getpid());
	fd = bind_name(name);
	assert_int_equal(notify_send(name, "READY=1"), 1);
	expect(fd, "READY=1");
	close(fd);
}

static void test_unsupervised_and_bad(void **state)
{
	char longname[200];

	(void)state;
	assert_int_equal(notify_send(NULL, "READY=1"), 0);
	assert_int_equal(notify_send("", "READY=1"), 0);
	assert_int_equal(notify_send("relative/path", "READY=1"), -EINVAL);
	assert_int_equal(notify_send("@", "READY=1"), -EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(notify_send(longname, "READY=1"), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_socket),
		cmocka_unit_test(test_abstract_socket),
		cmocka_unit_test(test_unsupervised_and_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
