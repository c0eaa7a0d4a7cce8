# SPDX-License-Identifier: GPL-2.0
# TAP helpers of the guest-side test scripts (busybox ash; sourced as
# /lib/vm-tap.sh, which tests/vm/boot.sh puts into every VM).  The script
# prints its own plan and ends with: [ "$fails" -eq 0 ]

n=0
fails=0

# ok STATUS DESCRIPTION: one test, passed when STATUS is 0.
ok()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}
