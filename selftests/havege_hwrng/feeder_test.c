// SPDX-License-Identifier: GPL-2.0
/*
 * havege_feeder, the program the demo runs: it registers the source and
 * serves its stream, prints its state, withdraws and exits 0 on SIGTERM;
 * --no-register never registers; --bytes N --exit-when-done leaves by
 * itself once its N bytes were consumed.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "proc.h"
#include "stream.h"
#include "sys.h"
#include "verify.h"

#define FEEDER_SEED	"9"

/* what the feeder printed so far */
struct feeder_out {
	int fd;			/* its stdout */
	char text[4096];
	size_t len;
};

FIXTURE(feeder) {
	pid_t pid;
	struct feeder_out o;
};

FIXTURE_VARIANT(feeder) {
	const char *args[4];	/* after --seed N */
	bool registers;
	bool exits_alone;
};

FIXTURE_VARIANT_ADD(feeder, default) {
	.args = { NULL }, .registers = true,
};

FIXTURE_VARIANT_ADD(feeder, no_register) {
	.args = { "--no-register", NULL }, .registers = false,
};

FIXTURE_VARIANT_ADD(feeder, bytes_exit_when_done) {
	.args = { "--bytes", "8192", "--exit-when-done", NULL },
	.registers = true, .exits_alone = true,
};

/*
 * Register once and empty the core's buffer.  The bytes queued first, of
 * another stream, go to the core's first reads or are thrown away here.
 */
static int drain_core(void)
{
	int fd = dev_open(O_NONBLOCK), err;
	uint64_t pos = 0;

	if (fd < 0)
		return fd;
	err = dev_prefill(fd, stream_key(strtoull(FEEDER_SEED, NULL, 0) + 1),
			  &pos);
	if (!err)
		err = dev_register_wait(fd, 5000);
	if (!err && dev_drain_hwrng() < 0)
		err = -EIO;
	close(fd);
	return err;
}

static pid_t spawn_feeder(const char *const *extra, int *out)
{
	char self[PATH_MAX], prog[PATH_MAX + 16];
	const char *argv[8] = { prog, "--seed", FEEDER_SEED };
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int p[2], i;
	pid_t pid;

	if (n < 0 || pipe2(p, O_CLOEXEC))
		return -errno;
	self[n] = '\0';
	snprintf(prog, sizeof(prog), "%s/havege_feeder", dirname(self));
	for (i = 0; extra[i] && i < 4; i++)
		argv[3 + i] = extra[i];
	pid = fork();
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	*out = p[0];
	return pid < 0 ? -errno : pid;
}

/* Read the feeder's output until @word shows up; 0 or -ETIMEDOUT/-EPIPE */
static int wait_output(struct feeder_out *o, const char *word,
		       unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = o->fd, .events = POLLIN };

	while (!strstr(o->text, word)) {
		uint64_t now = dev_now_ms();
		ssize_t r;

		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)(end - now)) <= 0)
			continue;
		r = read(o->fd, o->text + o->len, sizeof(o->text) - 1 - o->len);
		if (r <= 0)
			return -EPIPE;
		o->len += (size_t)r;
		o->text[o->len] = '\0';
	}
	return 0;
}

FIXTURE_SETUP(feeder)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->o.fd = -1;
	ASSERT_EQ(0, drain_core());
	self->pid = spawn_feeder(variant->args, &self->o.fd);
	ASSERT_LT(0, self->pid);
}

FIXTURE_TEARDOWN(feeder)
{
	proc_kill_wait(self->pid);
	if (self->o.fd >= 0)
		close(self->o.fd);
}

/* The first bytes /dev/hwrng serves are the feeder's stream, in order. */
static int first_bytes_ok(struct verify *v)
{
	uint8_t buf[4096];
	ssize_t r;
	int hw = open(DEV_HWRNG, O_RDONLY | O_NONBLOCK);

	if (hw < 0)
		return -errno;
	/* the FIFO is full: every chunk of this read is whole */
	r = read(hw, buf, sizeof(buf));
	close(hw);
	if (r <= 0)
		return r < 0 ? -errno : -EIO;
	verify_init(v, stream_key(strtoull(FEEDER_SEED, NULL, 0)), 0);
	if (verify_push(v, buf, (size_t)r) || verify_finish(v))
		return -EINVAL;
	return (int)r;
}

TEST_F(feeder, lifecycle)
{
	struct verify v;
	int status, n;

	ASSERT_EQ(0, wait_output(&self->o, "attached", 5000)) TH_LOG("%s", self->o.text);
	if (!variant->registers) {
		dev_sleep_ms(300);
		EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
	} else {
		ASSERT_EQ(0, wait_output(&self->o, "registered", 5000))
			TH_LOG("%s", self->o.text);
		EXPECT_EQ(1, sys_rng_listed(HAVEGE_HWRNG_NAME));
		n = first_bytes_ok(&v);
		EXPECT_LT(0, n) TH_LOG("%s", v.err);
	}
	if (variant->exits_alone) {
		/* its 8192 bytes: 4096 read above, the rest read here */
		EXPECT_LE(0, dev_drain_hwrng());
		ASSERT_EQ(0, wait_output(&self->o, "all bytes written", 5000));
	} else {
		ASSERT_EQ(0, kill(self->pid, SIGTERM));
	}
	ASSERT_EQ(0, proc_wait_exit(self->pid, 15000, &status))
		TH_LOG("%s", self->o.text);
	self->pid = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	(void)wait_output(&self->o, "withdrawn", 1000);
	EXPECT_NE(NULL, strstr(self->o.text, "withdrawn")) TH_LOG("%s", self->o.text);
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
}

TEST_HARNESS_MAIN
