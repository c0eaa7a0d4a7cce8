#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the DKMS build on the newest Debian kernel (unstable), inside a
# Debian unstable chroot built with mmdebstrap from Debian packages: its
# dkms, its linux-headers-amd64 and the compiler those headers ask for
# (dkms exports CC from the kernel's CONFIG_CC_VERSION_TEXT).  The module
# sources are the havege-hwrng-dkms package's /usr/src tree (make
# dkms-install DESTDIR=...), copied in and run through dkms add, build and
# install exactly as the package's postinst would.
#   - the chroot has a kernel of the newest series (prints its release)
#   - dkms build -k <its release> succeeds
#   - dkms install puts a module with that release's vermagic in
#     updates/dkms
# The archive URI is the host's Debian one (from its apt sources), with
# suite "unstable".  Skipped when the archive cannot be reached.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/havege-dkms-sid.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")

if ! command -v mmdebstrap >/dev/null; then
	echo "1..0 # SKIP mmdebstrap not installed (make deps)"
	exit 0
fi

# The first Debian archive URI of the host (deb822 or one-line format).
debian_uri() {
	{
		sed -n 's/^URIs:[ \t]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | tr ' ' '\n' | grep -E '/debian/?$' | head -n 1
}

uri=$(debian_uri)
if [ -z "$uri" ]; then
	echo "1..0 # SKIP no Debian archive in the host's apt sources"
	exit 0
fi

if ! make --no-print-directory -C "$top" dkms-install DESTDIR="$tmp/stage" \
	>"$tmp/dkms-install.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - make dkms-install DESTDIR=... (stage the DKMS sources)"
	tail -n 20 "$tmp/dkms-install.log" | sed 's/^/# /'
	exit 1
fi

# Everything runs inside mmdebstrap's hooks (proc, sys and dev mounted):
# guest.sh does what the package's postinst does and leaves its results in
# /out, which is copied out for the checks below.
src=$tmp/stage/usr/src/havege-hwrng-$ver
cat >"$tmp/guest.sh" <<'SH'
#!/bin/sh
ver=$1
mkdir -p /out
release=$(ls /usr/src | sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' | sort -V | tail -n 1)
echo "$release" >/out/release
grep CONFIG_CC_VERSION_TEXT "/usr/src/linux-headers-$release/.config" >/out/cc
dkms add -m havege-hwrng -v "$ver" >/out/add.log 2>&1
dkms build -m havege-hwrng -v "$ver" -k "$release" >/out/build.log 2>&1
echo $? >/out/build.rc
cat "/var/lib/dkms/havege-hwrng/$ver/build/make.log" >>/out/build.log 2>/dev/null
dkms install -m havege-hwrng -v "$ver" -k "$release" >/out/install.log 2>&1
echo $? >/out/install.rc
modinfo -F vermagic "/lib/modules/$release/updates/dkms/"havege_hwrng.ko* \
	>/out/vermagic 2>&1
SH
mkdir -p "$tmp/out"
# The archive may be a frozen snapshot whose unstable Release has expired.
mmdebstrap --variant=apt --include=dkms,linux-headers-amd64 \
	--aptopt='Acquire::Check-Valid-Until "false"' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--customize-hook="copy-in $src /usr/src" \
	--customize-hook="copy-in $tmp/guest.sh /" \
	--customize-hook="chroot \"\$1\" sh /guest.sh '$ver'" \
	--customize-hook="sync-out /out $tmp/out" \
	unstable /dev/null "deb $uri unstable main" >"$tmp/mmdebstrap.log" 2>&1
mrc=$?
if [ ! -s "$tmp/out/release" ]; then
	echo "1..0 # SKIP unstable chroot not built (mmdebstrap exit $mrc)"
	tail -n 20 "$tmp/mmdebstrap.log" | sed 's/^/# /'
	exit 0
fi
release=$(cat "$tmp/out/release")

echo "1..3"
echo "# unstable kernel $release, $(cat "$tmp/out/cc")"
case $release in
[7-9].* | [1-9][0-9].*) echo "ok 1 - newest kernel series: $release" ;;
*) echo "not ok 1 - expected a 7.x or newer kernel, got $release" ;;
esac
if [ "$(cat "$tmp/out/build.rc")" = 0 ]; then
	echo "ok 2 - dkms build -k $release"
else
	echo "not ok 2 - dkms build -k $release"
	tail -n 40 "$tmp/out/build.log" | sed 's/^/# /'
fi
vm=$(cat "$tmp/out/vermagic")
case "$(cat "$tmp/out/install.rc") $vm" in
"0 $release "*) echo "ok 3 - dkms install: vermagic $vm" ;;
*)
	echo "not ok 3 - dkms install (vermagic '$vm')"
	sed 's/^/# /' "$tmp/out/install.log"
	;;
esac
