/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notify.h: sd_notify() without libsystemd: one datagram per message to
 * the AF_UNIX socket named by $NOTIFY_SOCKET ("@name" = abstract socket).
 */
#ifndef HWRNGD_NOTIFY_H
#define HWRNGD_NOTIFY_H

int notify_send(const char *socket_name, const char *message);

#endif /* HWRNGD_NOTIFY_H */
