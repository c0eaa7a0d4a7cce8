// SPDX-License-Identifier: GPL-2.0
/*
 * Module loading and the environment check run by every fixture.  The
 * module file comes from $HAVEGE_KO (set by the VM harness), its parameters
 * from $HAVEGE_KO_PARAMS (default: none).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dev.h"
#include "sys.h"

/**
 * sys_module_loaded() - whether havege_hwrng is loaded
 *
 * Return: true if /sys/module/havege_hwrng exists.
 */
bool sys_module_loaded(void)
{
	return access("/sys/module/" SYS_MOD_NAME, F_OK) == 0;
}

/**
 * sys_wait_device() - wait until the device node appears or disappears
 * @present: wait for presence (true) or absence (false)
 * @timeout_ms: give up after this long
 *
 * Return: 0 or -ETIMEDOUT.
 */
int sys_wait_device(bool present, unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;

	for (;;) {
		bool there = access(HAVEGE_HWRNG_DEVICE, F_OK) == 0;

		if (there == present)
			return 0;
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(10);
	}
}

/**
 * sys_module_load_params() - finit_module($HAVEGE_KO, @params)
 * @params: the module's parameters ("" for none)
 *
 * Return: 0 (also when already loaded), -ENOENT without $HAVEGE_KO, or
 * -errno (finit_module()'s, or -ETIMEDOUT if the device never appeared).
 */
int sys_module_load_params(const char *params)
{
	const char *ko = getenv("HAVEGE_KO");
	int fd, err = 0;

	if (!ko || !*ko)
		return -ENOENT;
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, params, 0))
		err = errno == EEXIST ? 0 : -errno;
	close(fd);
	if (!err)
		err = sys_wait_device(true, 3000);
	return err;
}

/**
 * sys_module_load() - finit_module($HAVEGE_KO, $HAVEGE_KO_PARAMS)
 *
 * Return: 0 (also when already loaded), -ENOENT without $HAVEGE_KO, or
 * -errno.
 */
int sys_module_load(void)
{
	const char *params = getenv("HAVEGE_KO_PARAMS");

	return sys_module_load_params(params ? params : "");
}

/**
 * sys_module_unload() - delete_module("havege_hwrng", O_NONBLOCK)
 *
 * Return: 0 or -errno (-EWOULDBLOCK/-EBUSY while in use).
 */
int sys_module_unload(void)
{
	return syscall(SYS_delete_module, SYS_MOD_NAME, O_NONBLOCK) ?
	       -errno : 0;
}

static bool sys_has_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_SYS_ADMIN / 32].effective &
	       (1U << (CAP_SYS_ADMIN % 32));
}

/**
 * sys_env_check() - can the tests use the device?
 * @why: set to the reason when they cannot
 * @size: size of @why
 *
 * Needs root with CAP_SYS_ADMIN; loads the module from $HAVEGE_KO when the
 * device is missing.
 *
 * Return: 0 when usable, 1 when the tests must be skipped (not root, no
 * module available), else -errno (the module failed to load); @why says why.
 */
int sys_env_check(char *why, size_t size)
{
	int err;

	if (geteuid() != 0 || !sys_has_sys_admin()) {
		snprintf(why, size, "needs root with CAP_SYS_ADMIN");
		return 1;
	}
	if (access(HAVEGE_HWRNG_DEVICE, F_OK) == 0)
		return 0;
	err = sys_module_load();
	if (err == -ENOENT && !getenv("HAVEGE_KO")) {
		snprintf(why, size, "%s missing and $HAVEGE_KO not set",
			 HAVEGE_HWRNG_DEVICE);
		return 1;
	}
	if (err) {
		snprintf(why, size, "loading %s failed: %s",
			 getenv("HAVEGE_KO"), strerror(-err));
		return err;
	}
	return 0;
}
