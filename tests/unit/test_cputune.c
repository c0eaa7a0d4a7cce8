// SPDX-License-Identifier: GPL-2.0
/*
 * test_cputune.c: L1 cache tuning.  cpuid decoding on recorded register
 * values (Intel leaf 4, AMD 0x80000005), sysfs parsing on a fake tree in
 * a temporary directory, and the priority default < cpuid < sysfs <
 * option with the winning source reported for each value.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cputune.h"

/* A recorded cpuid: leaf/subleaf -> registers. */
struct cpuid_rec {
	uint32_t leaf, sub;
	struct cputune_regs r;
};

struct cpuid_dump {
	const struct cpuid_rec *recs;
	size_t n;
	unsigned int calls;
};

/* Vendor strings as cpuid leaf 0 returns them in EBX, EDX, ECX. */
#define INTEL_EBX 0x756e6547U	/* "Genu" */
#define INTEL_EDX 0x49656e69U	/* "ineI" */
#define INTEL_ECX 0x6c65746eU	/* "ntel" */
#define AMD_EBX 0x68747541U	/* "Auth" */
#define AMD_EDX 0x69746e65U	/* "enti" */
#define AMD_ECX 0x444d4163U	/* "cAMD" */

/* An Intel core: 48K 12-way L1D, 32K 8-way L1I, 1.25M L2, then the end. */
static const struct cpuid_rec intel_recs[] = {
	{ 0, 0, { 0x1b, INTEL_EBX, INTEL_ECX, INTEL_EDX } },
	{ 4, 0, { 0x1c004121, 0x02c0003f, 0x0000003f, 0 } },
	{ 4, 1, { 0x1c004122, 0x01c0003f, 0x0000003f, 0 } },
	{ 4, 2, { 0x1c004143, 0x0240003f, 0x000007ff, 0 } },
	{ 4, 3, { 0, 0, 0, 0 } },
};

/* A Zen core: 0x80000005 ECX/EDX = 32K 8-way 64-byte lines. */
static const struct cpuid_rec amd_recs[] = {
	{ 0, 0, { 0x10, AMD_EBX, AMD_ECX, AMD_EDX } },
	{ 0x80000000U, 0, { 0x80000021U, AMD_EBX, AMD_ECX, AMD_EDX } },
	{ 0x80000005U, 0, { 0xff40ff40U, 0xff40ff40U, 0x20080140U, 0x40040140U } },
};

static int cpuid_replay(void *ctx, uint32_t leaf, uint32_t sub,
			struct cputune_regs *out)
{
	struct cpuid_dump *d = ctx;
	size_t i;

	d->calls++;
	for (i = 0; i < d->n; i++) {
		if (d->recs[i].leaf == leaf && d->recs[i].sub == sub) {
			*out = d->recs[i].r;
			return 0;
		}
	}
	memset(out, 0, sizeof(*out));
	return 0;
}

static int cpuid_none(void *ctx, uint32_t leaf, uint32_t sub,
		      struct cputune_regs *out)
{
	(void)ctx;
	(void)leaf;
	(void)sub;
	(void)out;
	return -ENODEV;
}

static void test_decode_leaf4(void **state)
{
	struct cputune_cache c;

	(void)state;
	assert_int_equal(cputune_decode_leaf4(&intel_recs[1].r, &c), 0);
	assert_int_equal(c.level, 1);
	assert_int_equal(c.type, 1);
	assert_int_equal(c.bytes, 48 * 1024);	/* 12 * 1 * 64 * 64 */
	assert_int_equal(cputune_decode_leaf4(&intel_recs[2].r, &c), 0);
	assert_int_equal(c.type, 2);
	assert_int_equal(c.bytes, 32 * 1024);
	assert_int_equal(cputune_decode_leaf4(&intel_recs[3].r, &c), 0);
	assert_int_equal(c.level, 2);
	assert_int_equal(c.type, 3);
	assert_int_equal(c.bytes, 1280 * 1024);	/* 10 * 64 * 2048 */
	assert_int_equal(cputune_decode_leaf4(&intel_recs[4].r, &c), -ENOENT);
}

static void test_decode_amd(void **state)
{
	const struct cputune_regs k8 = { 0, 0, 0x40020140U, 0x40020140U };
	const struct cputune_regs none = { 0, 0, 0, 0 };
	uint32_t d, i;

	(void)state;
	assert_int_equal(cputune_decode_amd_l1(&amd_recs[2].r, &d, &i), 0);
	assert_int_equal(d, 32);
	assert_int_equal(i, 64);
	assert_int_equal(cputune_decode_amd_l1(&k8, &d, &i), 0);
	assert_int_equal(d, 64);
	assert_int_equal(i, 64);
	assert_int_equal(cputune_decode_amd_l1(&none, &d, &i), -ENOENT);
}

static void test_apply_cpuid(void **state)
{
	struct cpuid_dump intel = { intel_recs, 5, 0 };
	struct cpuid_dump amd = { amd_recs, 3, 0 };
	struct cputune t;

	(void)state;
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_cpuid(&t, cpuid_replay, &intel), 0);
	assert_int_equal(t.l1d.kib, 48);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_CPUID);
	assert_int_equal(t.l1i.kib, 32);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_CPUID);
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_cpuid(&t, cpuid_replay, &amd), 0);
	assert_int_equal(t.l1d.kib, 32);
	assert_int_equal(t.l1i.kib, 64);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_CPUID);
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_cpuid(&t, cpuid_none, NULL), -ENODEV);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_DEFAULT);
	assert_int_equal(t.l1d.kib, CPUTUNE_DEFAULT_L1D_KIB);
}

/* An Intel vendor whose leaf 4 lists nothing keeps the defaults. */
static void test_apply_cpuid_empty(void **state)
{
	static const struct cpuid_rec recs[] = {
		{ 0, 0, { 0x1b, INTEL_EBX, INTEL_ECX, INTEL_EDX } },
	};
	struct cpuid_dump d = { recs, 1, 0 };
	struct cputune t;

	(void)state;
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_cpuid(&t, cpuid_replay, &d), -ENOENT);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_DEFAULT);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_DEFAULT);
}

static void test_parse_size(void **state)
{
	static const struct {
		const char *text;
		int ret;
		uint32_t kib;
	} cases[] = {
		{ "32K", 0, 32 }, { "48K\n", 0, 48 }, { "1M", 0, 1024 },
		{ "2G", 0, 2U << 20 }, { "65536", 0, 64 }, { "32k", 0, 32 },
		{ "512", -EINVAL, 0 }, { "", -EINVAL, 0 }, { "K", -EINVAL, 0 },
		{ "-1K", -EINVAL, 0 }, { "12Q", -EINVAL, 0 },
		{ "32K junk", -EINVAL, 0 }, { "0K", -EINVAL, 0 },
	};
	uint32_t kib;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kib = 0;
		assert_int_equal(cputune_parse_size(cases[i].text, &kib),
				 cases[i].ret);
		if (!cases[i].ret)
			assert_int_equal(kib, cases[i].kib);
	}
}

struct tree {
	char root[64];
};

static void tree_put(const struct tree *t, const char *rel, const char *text)
{
	char path[256], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	for (slash = strchr(path + strlen(t->root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		(void)mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	strcpy(t->root, "/tmp/cputune-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static void put_index(const struct tree *t, unsigned int cpu, unsigned int i,
		      const char *level, const char *type, const char *size)
{
	char rel[96];

	snprintf(rel, sizeof(rel), "cpu%u/cache/index%u/level", cpu, i);
	tree_put(t, rel, level);
	snprintf(rel, sizeof(rel), "cpu%u/cache/index%u/type", cpu, i);
	tree_put(t, rel, type);
	snprintf(rel, sizeof(rel), "cpu%u/cache/index%u/size", cpu, i);
	tree_put(t, rel, size);
}

static void test_sysfs(void **state)
{
	struct tree *tr = *state;
	struct cputune t;

	put_index(tr, 0, 0, "1\n", "Data\n", "48K\n");
	put_index(tr, 0, 1, "1\n", "Instruction\n", "32K\n");
	put_index(tr, 0, 2, "2\n", "Unified\n", "1280K\n");
	put_index(tr, 1, 0, "1\n", "Data\n", "16K\n");
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_sysfs(&t, tr->root, 0), 0);
	assert_int_equal(t.l1d.kib, 48);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_SYSFS);
	assert_int_equal(t.l1i.kib, 32);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_SYSFS);
	/* cpu1 knows only its L1D: L1I keeps the earlier answer. */
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_sysfs(&t, tr->root, 1), 0);
	assert_int_equal(t.l1d.kib, 16);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_DEFAULT);
	assert_int_equal(cputune_apply_sysfs(&t, tr->root, 7), -ENOENT);
}

/* Malformed entries are skipped, a unified L1 sets both. */
static void test_sysfs_malformed(void **state)
{
	struct tree *tr = *state;
	struct cputune t;

	put_index(tr, 0, 0, "1\n", "Data\n", "lots\n");
	put_index(tr, 0, 1, "1\n", "Unified\n", "64K\n");
	tree_put(tr, "cpu0/cache/index2/level", "1\n");
	cputune_defaults(&t);
	assert_int_equal(cputune_apply_sysfs(&t, tr->root, 0), 0);
	assert_int_equal(t.l1d.kib, 64);
	assert_int_equal(t.l1i.kib, 64);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_SYSFS);
}

static void test_priority(void **state)
{
	struct tree *tr = *state;
	struct cpuid_dump intel = { intel_recs, 5, 0 };
	struct cputune_opts o = {
		.sysfs_root = tr->root, .cpuid = cpuid_replay, .cpuid_ctx = &intel,
	};
	struct cputune t;

	/* Empty sysfs: cpuid wins over the default. */
	assert_int_equal(cputune_probe(&t, &o), 0);
	assert_int_equal(t.l1d.kib, 48);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_CPUID);
	assert_true(intel.calls > 0);
	/* sysfs knows L1D: it wins there, cpuid keeps L1I. */
	put_index(tr, 0, 0, "1\n", "Data\n", "24K\n");
	assert_int_equal(cputune_probe(&t, &o), 0);
	assert_int_equal(t.l1d.kib, 24);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_SYSFS);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_CPUID);
	/* An option beats everything, only for the value it gives. */
	o.l1i_kib = 128;
	assert_int_equal(cputune_probe(&t, &o), 0);
	assert_int_equal(t.l1i.kib, 128);
	assert_int_equal(t.l1i.src, CPUTUNE_SRC_OPTION);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_SYSFS);
	/* Nothing anywhere: the compiled defaults. */
	o = (struct cputune_opts){ .sysfs_root = "/nonexistent", .cpuid = cpuid_none };
	assert_int_equal(cputune_probe(&t, &o), 0);
	assert_int_equal(t.l1d.kib, CPUTUNE_DEFAULT_L1D_KIB);
	assert_int_equal(t.l1d.src, CPUTUNE_SRC_DEFAULT);
	o.l1d_kib = CPUTUNE_MAX_KIB + 1;
	assert_int_equal(cputune_probe(&t, &o), -EINVAL);
}

static void test_names_and_native(void **state)
{
	struct cputune_opts o = { 0 };
	struct cputune t;

	(void)state;
	assert_string_equal(cputune_src_name(CPUTUNE_SRC_DEFAULT), "default");
	assert_string_equal(cputune_src_name(CPUTUNE_SRC_CPUID), "cpuid");
	assert_string_equal(cputune_src_name(CPUTUNE_SRC_SYSFS), "sysfs");
	assert_string_equal(cputune_src_name(CPUTUNE_SRC_OPTION), "option");
	assert_string_equal(cputune_src_name((enum cputune_src)9), "?");
	/* On the real machine: whatever wins, the values are sane. */
	assert_int_equal(cputune_probe(&t, &o), 0);
	assert_true(t.l1d.kib >= 1 && t.l1d.kib <= CPUTUNE_MAX_KIB);
	assert_true(t.l1i.kib >= 1 && t.l1i.kib <= CPUTUNE_MAX_KIB);
	assert_true(t.l1d.src != CPUTUNE_SRC_OPTION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_leaf4),
		cmocka_unit_test(test_decode_amd),
		cmocka_unit_test(test_apply_cpuid),
		cmocka_unit_test(test_apply_cpuid_empty),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test_setup_teardown(test_sysfs, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_sysfs_malformed, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_priority, tree_setup,
						tree_teardown),
		cmocka_unit_test(test_names_and_native),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
