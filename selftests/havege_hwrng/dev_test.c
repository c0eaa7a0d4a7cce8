// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/havege_hwrng as a device: node, single opener, privileges (at open
 * and on every write, REGISTER and WITHDRAW), FIFO write/poll semantics and
 * ioctl argument checking.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "proc.h"
#include "stream.h"
#include "sys.h"

FIXTURE(dev) {
	int fd;
	pid_t child;
};

FIXTURE_SETUP(dev)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(dev)
{
	proc_kill_wait(self->child);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(dev, node_mode)
{
	struct stat st;

	ASSERT_EQ(0, stat(HAVEGE_HWRNG_DEVICE, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
}

TEST_F(dev, second_open_busy)
{
	int fd2;

	EXPECT_EQ(-EBUSY, dev_open(0));
	EXPECT_EQ(-EBUSY, dev_open(O_NONBLOCK));
	/* released on close: the next opener gets in */
	close(self->fd);
	self->fd = -1;
	fd2 = dev_open(O_NONBLOCK);
	ASSERT_LE(0, fd2) TH_LOG("reopen: %s", strerror(-fd2));
	self->fd = fd2;
}

TEST_F(dev, stats_initial)
{
	struct havege_hwrng_stats st;
	unsigned long param, sysval;

	ASSERT_EQ(0, dev_stats(self->fd, &st));
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED, st.state);
	EXPECT_EQ(0, st.fifo_level);
	EXPECT_LE(256, st.fifo_size);
	EXPECT_EQ(0, st.fifo_size & (st.fifo_size - 1));
	EXPECT_TRUE(dev_stats_consistent(&st));
	/* the read-only parameter reports the real (rounded) size */
	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/fifo_size", &param));
	EXPECT_EQ(param, st.fifo_size);
	/* the sysfs counters agree with GET_STATS while nothing moves */
	ASSERT_EQ(0, sys_stat("bytes_in", &sysval));
	EXPECT_EQ(st.bytes_in, sysval);
	ASSERT_EQ(0, sys_stat("registrations", &sysval));
	EXPECT_EQ(st.registrations, sysval);
	ASSERT_EQ(0, sys_stat("withdrawals", &sysval));
	EXPECT_EQ(st.withdrawals, sysval);
	ASSERT_EQ(0, sys_stat("state", &sysval));
	EXPECT_EQ(st.state, sysval);
	ASSERT_EQ(0, sys_stat("quality", &sysval));
	EXPECT_EQ(st.quality, sysval);
	ASSERT_EQ(0, sys_stat("declared_quality", &sysval));
	EXPECT_EQ(st.declared_quality, sysval);
	/* registered at most with what was declared */
	EXPECT_LE(st.quality, st.declared_quality);
}

/* Fill the FIFO of an unregistered source; return the bytes accepted. */
static long fill_fifo(int fd, uint64_t *pos)
{
	return dev_write_stream(fd, stream_key(8), pos, 1U << 24);
}

TEST_F(dev, nonblock_write_full_eagain)
{
	struct havege_hwrng_stats st0, st1;
	uint64_t pos = 0;
	uint8_t byte = 0;
	long n;

	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	n = fill_fifo(self->fd, &pos);
	ASSERT_LT(0, n) TH_LOG("write: %s", strerror((int)-n));
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	/* unregistered: nothing is consumed, so exactly one FIFO's worth */
	EXPECT_EQ(st1.fifo_size, (uint64_t)n);
	EXPECT_EQ(st1.fifo_size, st1.fifo_level);
	EXPECT_EQ(st0.bytes_in + (uint64_t)n, st1.bytes_in);
	EXPECT_EQ(-1, write(self->fd, &byte, 1));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_TRUE(dev_stats_consistent(&st1));
}

TEST_F(dev, write_zero_and_bad_pointer)
{
	/* volatile: keep the compiler from rejecting the bad pointer */
	const void *volatile bad = (const void *)8;
	struct havege_hwrng_stats st0, st1;

	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	EXPECT_EQ(0, write(self->fd, "", 0));
	EXPECT_EQ(-1, write(self->fd, bad, 16));
	EXPECT_EQ(EFAULT, errno);
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(st0.bytes_in, st1.bytes_in);
	EXPECT_EQ(0, st1.fifo_level);
}

TEST_F(dev, poll_pollout)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLOUT };
	uint8_t buf[512];
	uint64_t pos = 0;
	int hw;

	/* empty FIFO: writable at once */
	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_TRUE(pfd.revents & POLLOUT);
	ASSERT_LT(0, fill_fifo(self->fd, &pos));
	/* full FIFO: not writable */
	EXPECT_EQ(0, poll(&pfd, 1, 100));
	/* a consumer makes room and wakes the poller */
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	hw = open(DEV_HWRNG, O_RDONLY);
	ASSERT_LE(0, hw);
	EXPECT_LT(0, read(hw, buf, sizeof(buf)));
	close(hw);
	ASSERT_EQ(1, poll(&pfd, 1, 2000));
	EXPECT_TRUE(pfd.revents & POLLOUT);
	EXPECT_EQ(0, dev_withdraw(self->fd));
}

TEST_F(dev, blocking_write_waits_for_room)
{
	struct havege_hwrng_stats st;
	uint8_t buf[4096];
	uint64_t pos = 0;
	int status, hw, i;

	ASSERT_LT(0, fill_fifo(self->fd, &pos));
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, 0));
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child) {
		stream_fill(stream_key(8), pos, buf, 1024);
		_exit(write(self->fd, buf, 1024) > 0 ? 0 : 1);
	}
	/* still blocked while nobody consumes */
	EXPECT_EQ(-ETIMEDOUT, proc_wait_exit(self->child, 300, NULL));
	ASSERT_EQ(0, dev_stats(self->fd, &st));
	EXPECT_EQ(st.fifo_size, st.fifo_level);
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	hw = open(DEV_HWRNG, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, hw);
	for (i = 0; i < 8; i++)
		(void)!read(hw, buf, sizeof(buf));
	close(hw);
	ASSERT_EQ(0, proc_wait_exit(self->child, 3000, &status));
	self->child = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(0, dev_withdraw(self->fd));
}

TEST_F(dev, double_register_ealready)
{
	struct havege_hwrng_stats st0, st1;
	uint64_t pos = 0;

	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(12), &pos));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	EXPECT_EQ(-EALREADY, dev_register(self->fd));
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(st0.registrations + 1, st1.registrations);
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED | HAVEGE_HWRNG_STATE_REGISTERED,
		  st1.state);
	EXPECT_EQ(0, dev_withdraw(self->fd));
}

/* Table of ioctls that must be refused without changing anything. */
enum bad_arg {
	ARG_VALID, ARG_FLAGS, ARG_HIGHBIT, ARG_QUALITY_0, ARG_QUALITY_1025,
	ARG_QUALITY_MAXU32, ARG_BADPTR,
};

FIXTURE(badioctl) {
	int fd;
};

FIXTURE_VARIANT(badioctl) {
	unsigned long cmd;
	enum bad_arg arg;
	int err;
};

FIXTURE_VARIANT_ADD(badioctl, unknown_nr) {
	.cmd = _IO(HAVEGE_HWRNG_IOC_MAGIC, 0x7f), .err = ENOTTY,
};

FIXTURE_VARIANT_ADD(badioctl, foreign_magic) {
	.cmd = _IO('x', 1), .err = ENOTTY,
};

FIXTURE_VARIANT_ADD(badioctl, register_wrong_size) {
	.cmd = _IOW(HAVEGE_HWRNG_IOC_MAGIC, 1, __u32), .err = ENOTTY,
};

FIXTURE_VARIANT_ADD(badioctl, register_flags) {
	.cmd = HAVEGE_HWRNG_IOC_REGISTER, .arg = ARG_FLAGS, .err = EINVAL,
};

FIXTURE_VARIANT_ADD(badioctl, register_quality_0) {
	.cmd = HAVEGE_HWRNG_IOC_REGISTER, .arg = ARG_QUALITY_0, .err = EINVAL,
};

FIXTURE_VARIANT_ADD(badioctl, register_quality_1025) {
	.cmd = HAVEGE_HWRNG_IOC_REGISTER, .arg = ARG_QUALITY_1025,
	.err = EINVAL,
};

FIXTURE_VARIANT_ADD(badioctl, register_quality_maxu32) {
	.cmd = HAVEGE_HWRNG_IOC_REGISTER, .arg = ARG_QUALITY_MAXU32,
	.err = EINVAL,
};

/* The numbers of the first ABI (type 0xB7, nsfs's) are not ours any more. */
FIXTURE_VARIANT_ADD(badioctl, old_register_0xb7) {
	.cmd = _IOW(0xB7, 1, struct havege_hwrng_register), .err = ENOTTY,
};

FIXTURE_VARIANT_ADD(badioctl, old_withdraw_0xb7) {
	.cmd = _IO(0xB7, 2), .err = ENOTTY,
};

FIXTURE_VARIANT_ADD(badioctl, register_high_flag) {
	.cmd = HAVEGE_HWRNG_IOC_REGISTER, .arg = ARG_HIGHBIT, .err = EINVAL,
};

FIXTURE_VARIANT_ADD(badioctl, register_bad_pointer) {
	.cmd = HAVEGE_HWRNG_IOC_REGISTER, .arg = ARG_BADPTR, .err = EFAULT,
};

FIXTURE_VARIANT_ADD(badioctl, stats_bad_pointer) {
	.cmd = HAVEGE_HWRNG_IOC_GET_STATS, .arg = ARG_BADPTR, .err = EFAULT,
};

FIXTURE_SETUP(badioctl)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(badioctl)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(badioctl, refused)
{
	struct havege_hwrng_register reg = { .quality = DEV_QUALITY };
	struct havege_hwrng_stats st0, st1;
	void *argp = &reg;

	if (variant->arg == ARG_FLAGS)
		reg.flags = 1;
	if (variant->arg == ARG_HIGHBIT)
		reg.flags = 0x80000000U;
	if (variant->arg == ARG_QUALITY_0)
		reg.quality = 0;
	if (variant->arg == ARG_QUALITY_1025)
		reg.quality = 1025;
	if (variant->arg == ARG_QUALITY_MAXU32)
		reg.quality = 0xffffffffU;
	if (variant->arg == ARG_BADPTR)
		argp = (void *)16;
	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	EXPECT_EQ(-1, ioctl(self->fd, variant->cmd, argp));
	EXPECT_EQ(variant->err, errno);
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(st0.registrations, st1.registrations);
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED, st1.state);
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
}

/* Opening needs CAP_SYS_ADMIN (and the 0600 node needs root). */
FIXTURE(unpriv) {
	pid_t child;
};

FIXTURE_VARIANT(unpriv) {
	bool setuid_nobody;	/* else: stay uid 0, drop CAP_SYS_ADMIN */
	int err1, err2;		/* acceptable errnos */
};

FIXTURE_VARIANT_ADD(unpriv, nobody) {
	.setuid_nobody = true, .err1 = EACCES, .err2 = EPERM,
};

FIXTURE_VARIANT_ADD(unpriv, root_without_sys_admin) {
	.setuid_nobody = false, .err1 = EPERM, .err2 = EPERM,
};

FIXTURE_SETUP(unpriv)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
}

FIXTURE_TEARDOWN(unpriv)
{
	proc_kill_wait(self->child);
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	data[CAP_SYS_ADMIN / 32].permitted &= ~(1U << (CAP_SYS_ADMIN % 32));
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/* Child: drop privileges, try to open; exit code = errno (0: opened). */
static void unpriv_child(bool setuid_nobody)
{
	int fd;

	if (setuid_nobody) {
		if (setgid(65534) || setuid(65534))
			_exit(200);
	} else if (drop_sys_admin()) {
		_exit(201);
	}
	fd = dev_open(0);
	_exit(fd < 0 ? -fd : 0);
}

TEST_F(unpriv, open_refused)
{
	int status, code;

	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child)
		unpriv_child(variant->setuid_nobody);
	ASSERT_EQ(0, proc_wait_exit(self->child, 5000, &status));
	self->child = 0;
	ASSERT_TRUE(WIFEXITED(status));
	code = WEXITSTATUS(status);
	ASSERT_GT(200, code) TH_LOG("could not drop privileges (%d)", code);
	EXPECT_TRUE(code == variant->err1 || code == variant->err2)
		TH_LOG("open gave %s", code ? strerror(code) : "success");
	/* and the refused open left nothing attached */
	EXPECT_LE(0, code = dev_open(0));
	if (code >= 0)
		close(code);
}

/*
 * CAP_SYS_ADMIN is checked on every write(), REGISTER and WITHDRAW, not
 * only at open(): a descriptor in the hands of a task without it (the
 * opener after dropping it, or a task it was passed to over a Unix socket)
 * gets EPERM, and nothing is queued, registered or withdrawn.
 *
 * The task U holding the descriptor without the capability and the
 * privileged parent P talk over a socketpair: U says 'r' when ready, P
 * takes a snapshot of the counters (sysfs, readable by anyone) and says
 * 'g', U tries write, REGISTER and WITHDRAW and sends the three errnos, P
 * takes the second snapshot and says 'q', U exits.
 */
struct op_errs {
	int write_err;
	int register_err;
	int withdraw_err;
};

struct ctr_snap {
	unsigned long bytes_in, registrations, withdrawals, flushed, state;
};

FIXTURE(opcap) {
	int fd;
	int sk[2];
	pid_t child;
};

FIXTURE_VARIANT(opcap) {
	bool pass_to_nobody;	/* else: the opener drops CAP_SYS_ADMIN */
	bool registered;	/* registered (with bytes queued) beforehand */
};

FIXTURE_VARIANT_ADD(opcap, dropped_cap_unregistered) {
	.pass_to_nobody = false, .registered = false,
};

FIXTURE_VARIANT_ADD(opcap, dropped_cap_registered) {
	.pass_to_nobody = false, .registered = true,
};

FIXTURE_VARIANT_ADD(opcap, scm_rights_nobody_unregistered) {
	.pass_to_nobody = true, .registered = false,
};

FIXTURE_VARIANT_ADD(opcap, scm_rights_nobody_registered) {
	.pass_to_nobody = true, .registered = true,
};

FIXTURE_SETUP(opcap)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->fd = -1;
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				self->sk));
}

FIXTURE_TEARDOWN(opcap)
{
	proc_kill_wait(self->child);
	if (self->fd >= 0)
		close(self->fd);
	close(self->sk[0]);
	close(self->sk[1]);
}

static int send_fd(int sk, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 'f';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sk, &msg, 0) == 1 ? 0 : -errno;
}

static int recv_fd(int sk)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sk, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -errno;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EBADMSG;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

static bool sk_expect(int sk, char want)
{
	char c;

	return read(sk, &c, 1) == 1 && c == want;
}

static bool sk_say(int sk, char c)
{
	return write(sk, &c, 1) == 1;
}

/* Fill the FIFO with a little data and register (privileged). */
static int opcap_prepare(int fd)
{
	uint64_t pos = 0;
	long n = dev_write_stream(fd, stream_key(12), &pos, 4096);

	if (n != 4096)
		return n < 0 ? (int)n : -EIO;
	return dev_register_wait(fd, 5000);
}

/* U: try the three operations; errno of each, 0 if it succeeded. */
static struct op_errs opcap_try(int fd)
{
	uint8_t buf[64] = { 0 };
	struct op_errs e = { 0 };

	if (write(fd, buf, sizeof(buf)) < 0)
		e.write_err = errno;
	e.register_err = -dev_register(fd);
	e.withdraw_err = -dev_withdraw(fd);
	return e;
}

/* U's side; exit code 0, or which step failed. */
static void opcap_child(int sk, bool pass_to_nobody, bool registered)
{
	struct op_errs e;
	int fd;

	if (pass_to_nobody) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(10);
		fd = recv_fd(sk);
		if (fd < 0)
			_exit(11);
	} else {
		fd = dev_open(O_NONBLOCK);
		if (fd < 0)
			_exit(12);
		if (registered && opcap_prepare(fd))
			_exit(13);
		if (drop_sys_admin())
			_exit(14);
	}
	if (!sk_say(sk, 'r') || !sk_expect(sk, 'g'))
		_exit(15);
	e = opcap_try(fd);
	if (write(sk, &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(16);
	_exit(sk_expect(sk, 'q') ? 0 : 17);
}

static void opcap_snap(struct __test_metadata *_metadata,
		       struct ctr_snap *c)
{
	ASSERT_EQ(0, sys_stat("bytes_in", &c->bytes_in));
	ASSERT_EQ(0, sys_stat("registrations", &c->registrations));
	ASSERT_EQ(0, sys_stat("withdrawals", &c->withdrawals));
	ASSERT_EQ(0, sys_stat("bytes_flushed", &c->flushed));
	ASSERT_EQ(0, sys_stat("state", &c->state));
}

TEST_F(opcap, eperm_changes_nothing)
{
	unsigned long want_state = HAVEGE_HWRNG_STATE_ATTACHED;
	struct ctr_snap c0, c1;
	struct op_errs e;
	int status;

	if (variant->registered)
		want_state |= HAVEGE_HWRNG_STATE_REGISTERED;
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child)
		opcap_child(self->sk[1], variant->pass_to_nobody,
			    variant->registered);
	if (variant->pass_to_nobody) {
		/* the child never had the descriptor: it gets it by message */
		self->fd = dev_open(O_NONBLOCK);
		ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
		if (variant->registered)
			ASSERT_EQ(0, opcap_prepare(self->fd));
		ASSERT_EQ(0, send_fd(self->sk[0], self->fd));
	}
	ASSERT_TRUE(sk_expect(self->sk[0], 'r'));
	opcap_snap(_metadata, &c0);
	EXPECT_EQ(want_state, c0.state);
	ASSERT_TRUE(sk_say(self->sk[0], 'g'));
	ASSERT_EQ((ssize_t)sizeof(e), read(self->sk[0], &e, sizeof(e)));
	opcap_snap(_metadata, &c1);
	EXPECT_EQ(EPERM, e.write_err) TH_LOG("write: %s", strerror(e.write_err));
	EXPECT_EQ(EPERM, e.register_err)
		TH_LOG("REGISTER: %s", strerror(e.register_err));
	EXPECT_EQ(EPERM, e.withdraw_err)
		TH_LOG("WITHDRAW: %s", strerror(e.withdraw_err));
	/* nothing queued, registered, withdrawn or flushed */
	EXPECT_EQ(c0.bytes_in, c1.bytes_in);
	EXPECT_EQ(c0.registrations, c1.registrations);
	EXPECT_EQ(c0.withdrawals, c1.withdrawals);
	EXPECT_EQ(c0.flushed, c1.flushed);
	EXPECT_EQ(want_state, c1.state);
	EXPECT_EQ(variant->registered ? 1 : 0,
		  sys_rng_listed(HAVEGE_HWRNG_NAME));
	ASSERT_TRUE(sk_say(self->sk[0], 'q'));
	ASSERT_EQ(0, proc_wait_exit(self->child, 5000, &status));
	self->child = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("child step %d failed", WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
