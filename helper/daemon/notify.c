// SPDX-License-Identifier: GPL-2.0
/*
 * notify.c: the service manager notification protocol is tiny: send
 * "KEY=VALUE\n..." as one datagram to $NOTIFY_SOCKET.  A path starting
 * with '@' names a socket in the abstract namespace (leading NUL byte).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "notify.h"

static int notify_addr(const char *name, struct sockaddr_un *sa,
		       socklen_t *ret_len)
{
	size_t len = strlen(name);

	if ((name[0] != '/' && name[0] != '@') || len < 2)
		return -EINVAL;
	if (len > sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, name, len);
	if (name[0] == '@')
		sa->sun_path[0] = '\0';
	/* abstract names are not NUL-terminated: pass the exact length */
	*ret_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
			       (name[0] == '/'));
	return 0;
}

/**
 * notify_send() - send one notification to the service manager
 * @socket_name: value of $NOTIFY_SOCKET (NULL or "" = not supervised)
 * @message: e.g. "READY=1\nSTATUS=feeding the module"
 *
 * Return: 1 if sent, 0 if there is no socket, or a negative errno.
 */
int notify_send(const char *socket_name, const char *message)
{
	struct sockaddr_un sa;
	socklen_t salen;
	ssize_t n;
	int fd, r;

	if (!socket_name || !socket_name[0])
		return 0;
	r = notify_addr(socket_name, &sa, &salen);
	if (r)
		return r;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = sendto(fd, message, strlen(message), MSG_NOSIGNAL,
		   (struct sockaddr *)&sa, salen);
	r = n < 0 ? -errno : 1;
	(void)close(fd);
	return r;
}
