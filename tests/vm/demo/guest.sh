#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo` (busybox ash): load the module, start the
# daemon havege-hwrngd, show that the hw_random core lists "havege", select it, read
# from /dev/hwrng, then stop everything.  Each step is shown with the
# command it runs; the exit status is non-zero if any step failed.

HWRNG=/sys/class/misc/hw_random
DAEMON=/payload/havege-hwrngd
failed=0

heading()
{
	echo
	echo "=== $* ==="
}

# run CMD...: show a command, run it, remember a failure.
run()
{
	echo "# $*"
	if ! eval "$*"; then
		echo "!!! FAILED: $*"
		failed=1
	fi
}

# check DESCRIPTION CMD...: a condition that must hold.
check()
{
	desc=$1
	shift
	if eval "$*"; then
		echo "--> ok: $desc"
	else
		echo "!!! FAILED: $desc"
		failed=1
	fi
}

# wait_listed YES|NO: wait up to ~5 s for havege to (dis)appear.
# shellcheck disable=SC2317 # called through check/eval
wait_listed()
{
	i=0
	while [ "$i" -lt 50 ]; do
		if grep -qw havege "$HWRNG/rng_available" 2>/dev/null; then
			[ "$1" = YES ] && return 0
		else
			[ "$1" = NO ] && return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

heading "Kernel"
run "uname -r"

heading "1. Load havege_hwrng.ko"
run "insmod $HAVEGE_KO"
run "ls -l /dev/havege_hwrng"

heading "2. Start the daemon: start-up tests, prefill, register"
$DAEMON -F --log=stderr -p /tmp/havege-hwrngd.pid \
	--status-file=/tmp/havege-hwrngd.status >/tmp/feeder.log 2>&1 &
feeder=$!
echo "# $DAEMON -F --log=stderr &   (pid $feeder)"
check "havege registered with the hw_random core" wait_listed YES

heading "3. Sources known to the hw_random core"
run "cat $HWRNG/rng_available"
check "rng_available lists havege" "grep -qw havege $HWRNG/rng_available"

heading "4. Select havege"
run "echo havege > $HWRNG/rng_current"
run "cat $HWRNG/rng_current"
check "rng_current is havege" "[ \"\$(cat $HWRNG/rng_current)\" = havege ]"

heading "5. Read 64 bytes from /dev/hwrng"
run "head -c 64 /dev/hwrng > /tmp/bytes"
run "od -An -tx1 /tmp/bytes"
check "64 bytes read" "[ \$(wc -c < /tmp/bytes) -eq 64 ]"

heading "6. Counters (havege-hwrngd --status)"
run "$DAEMON --status -p /tmp/havege-hwrngd.pid --status-file=/tmp/havege-hwrngd.status"

heading "7. Module counters in sysfs"
for f in /sys/class/misc/havege_hwrng/*; do
	case ${f##*/} in dev | uevent) continue ;; esac
	[ -f "$f" ] && [ -r "$f" ] && echo "${f##*/}: $(cat "$f" 2>/dev/null)"
done

heading "8. Stop the daemon (SIGTERM): the source is withdrawn"
run "kill -TERM $feeder"
wait "$feeder"
echo "# havege-hwrngd exited with status $?; its log:"
sed 's/^/    /' /tmp/feeder.log
check "havege gone from rng_available" wait_listed NO
run "cat $HWRNG/rng_available"
run "rmmod havege_hwrng"

heading "Result"
if [ "$failed" -eq 0 ]; then
	echo "demo: all steps succeeded"
else
	echo "demo: SOME STEPS FAILED"
fi
exit "$failed"
