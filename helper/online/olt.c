// SPDX-License-Identifier: GPL-2.0
/*
 * olt.c - the online test engine (see olt.h): parses the haveged-style
 * specification, runs the start-up and continuous AIS 31 procedures over
 * the pushed bytes and releases only the bytes covered by passed tests.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "olt.h"

#define OLT_INITIAL_CAP	(4U << 20)

/*
 * Parse "a[n][w]" or "b[w]" at spec[*i] into g; advance *i.  As in
 * haveged, n is one digit 1..8 and runs T5 in every 2^n-th round only.
 */
static int olt_parse_proc(const char *spec, size_t *i, struct olt_group *g)
{
	char p = (char)tolower((unsigned char)spec[*i]);
	unsigned int every = 1;

	if ((p == 'a' && g->a) || (p == 'b' && g->b))
		return -EINVAL;		/* the same procedure twice */
	(*i)++;
	if (p == 'a' && isdigit((unsigned char)spec[*i])) {
		unsigned int n = (unsigned int)(spec[*i] - '0');

		if (n < 1 || n > OLT_A_CYCLE_MAX)
			return -EINVAL;
		every = 1U << n;
		(*i)++;
	}
	if (p == 'a') {
		g->a = true;
		g->a_every = every;
	} else {
		g->b = true;
	}
	if (tolower((unsigned char)spec[*i]) == 'w') {
		if (p == 'a')
			g->a_warn = true;
		else
			g->b_warn = true;
		(*i)++;
	}
	return 0;
}

/* Select the group named by c ('t' or 'c'); NULL if already given. */
static struct olt_group *olt_parse_group(struct olt_config *cfg, char c,
					 bool seen[2])
{
	unsigned int k = c == 't' ? 0 : 1;

	if (seen[k])
		return NULL;
	seen[k] = true;
	return k ? &cfg->cont : &cfg->tot;
}

/**
 * olt_parse() - parse an online test specification (see olt.h)
 * @spec: e.g. "ta8b", "tbca8wbw"; case-insensitive; a group may be empty
 *	and "" runs no procedure at all, as in haveged
 * @cfg: result (untouched on error)
 * @errpos: if not NULL, set on error to the offset of the offending
 *	character (the string's length if it ended too early)
 *
 * Return: 0, or -EINVAL for a bad specification.
 */
int olt_parse(const char *spec, struct olt_config *cfg, size_t *errpos)
{
	struct olt_config c = { 0 };
	struct olt_group *g = NULL;
	bool seen[2] = { false, false };
	size_t i = 0;

	while (spec[i]) {
		char ch = (char)tolower((unsigned char)spec[i]);

		if (ch == 't' || ch == 'c') {
			g = olt_parse_group(&c, ch, seen);
			if (!g)
				break;
			i++;
		} else {
			size_t tok = i;

			if (!g || (ch != 'a' && ch != 'b') ||
			    olt_parse_proc(spec, &i, g)) {
				i = tok;
				break;
			}
		}
	}
	if (spec[i]) {
		if (errpos)
			*errpos = i;
		return -EINVAL;
	}
	*cfg = c;
	return 0;
}

/* The first procedure of a group: B always runs first (haveged). */
static char olt_first(const struct olt_group *g)
{
	return g->b ? 'B' : g->a ? 'A' : 0;
}

static const struct olt_group *olt_group(const struct olt *o)
{
	return o->stage == OLT_TOT ? &o->cfg.tot : &o->cfg.cont;
}

/* Restart the current procedure at the next untested bit. */
static void olt_start_proc(struct olt *o)
{
	o->pstart = o->base + o->tbit;
	if (o->cur == 'A') {
		(void)ais31_a_set_every(&o->a, olt_group(o)->a_every);
		ais31_a_restart(&o->a);
	} else if (o->cur == 'B') {
		ais31_b_restart(&o->b);
	}
}

/* Move to the procedure after the one that just finished. */
static void olt_next(struct olt *o)
{
	const struct olt_group *g = olt_group(o);

	if (o->cur == 'B' && g->a) {
		o->cur = 'A';
	} else if (o->stage == OLT_TOT) {
		o->stage = OLT_CONT;
		o->cnt.tot_passes++;
		o->cur = olt_first(&o->cfg.cont);
	} else {
		o->cur = olt_first(g);
	}
	olt_start_proc(o);
}

/**
 * olt_reset() - discard every byte held and start over with the start-up
 * tests (after a failure, or to re-test the source)
 * @o: engine
 */
void olt_reset(struct olt *o)
{
	o->cnt.discarded += o->len - o->head;
	o->base = o->cnt.pushed * 8;
	o->head = 0;
	o->rel = 0;
	o->len = 0;
	o->tbit = 0;
	o->stage = OLT_TOT;
	o->cur = olt_first(&o->cfg.tot);
	if (!o->cur) {
		o->stage = OLT_CONT;
		o->cur = olt_first(&o->cfg.cont);
	}
	olt_start_proc(o);
}

/**
 * olt_new() - create an engine
 * @out: result
 * @spec: specification (olt.h), e.g. OLT_SPEC_DAEMON
 * @lsb: test the bytes least significant bit first
 * @errpos: as for olt_parse()
 *
 * Return: 0, -EINVAL (bad @spec) or -ENOMEM.
 */
int olt_new(struct olt **out, const char *spec, bool lsb, size_t *errpos)
{
	struct olt *o = calloc(1, sizeof(*o));
	int ret = -ENOMEM;

	if (!o)
		return -ENOMEM;
	ret = olt_parse(spec, &o->cfg, errpos);
	if (ret)
		goto err_free;
	o->lsb = lsb;
	ret = ais31_a_init(&o->a, 1);
	if (!ret)
		ret = ais31_b_init(&o->b);
	if (ret)
		goto err_free;
	ret = -ENOMEM;
	o->cap = OLT_INITIAL_CAP;
	o->buf = malloc(o->cap);
	if (!o->buf)
		goto err_free;
	olt_reset(o);
	*out = o;
	return 0;
err_free:
	olt_free(o);
	return ret;
}

/**
 * olt_set_report() - call fn(arg, result) after every procedure verdict
 * @o: engine
 * @fn: callback, or NULL
 * @arg: its first argument
 */
void olt_set_report(struct olt *o, olt_report_fn fn, void *arg)
{
	o->report = fn;
	o->report_arg = arg;
}

/**
 * olt_free() - destroy an engine
 * @o: engine, may be NULL or half-built
 */
void olt_free(struct olt *o)
{
	if (!o)
		return;
	ais31_a_free(&o->a);
	ais31_b_free(&o->b);
	free(o->buf);
	free(o);
}

/* Record a verdict of the current procedure and tell the callback. */
static void olt_verdict(struct olt *o, int v)
{
	const struct ais31_run *r = o->cur == 'A' ? &o->a.r : &o->b.r;
	const struct olt_group *g = olt_group(o);
	struct olt_result *res = &o->last;

	memset(res, 0, sizeof(*res));
	res->stage = o->stage;
	res->proc = o->cur;
	res->verdict = (enum ais31_verdict)v;
	res->warn = o->cur == 'A' ? g->a_warn : g->b_warn;
	res->runs = r->run;
	memcpy(res->mask, r->mask, sizeof(res->mask));
	memcpy(res->first_round, r->first_round, sizeof(res->first_round));
	res->start = o->pstart;
	res->bits = r->bits;
	o->cnt.tested_bits += r->bits;
	if (v == AIS31_FAIL)
		o->last_fail = *res;
	if (o->report)
		o->report(o->report_arg, res);
}

/* Make bytes [rel, upto) available to olt_pull(). */
static void olt_release(struct olt *o, size_t upto)
{
	if (upto > o->rel) {
		o->cnt.released += upto - o->rel;
		o->rel = upto;
	}
}

/* Run the current procedure on the pushed bits; false when starved. */
static int olt_step(struct olt *o)
{
	struct ais31_in in = {
		.buf = o->buf, .pos = o->tbit, .end = o->len * 8, .lsb = o->lsb,
	};
	int v;

	if (!o->cur) {
		/* No continuous tests: release everything untested. */
		o->tbit = o->len * 8;
		olt_release(o, o->len);
		return AIS31_MORE;
	}
	v = o->cur == 'A' ? ais31_a_insert(&o->a, &in) :
			    ais31_b_insert(&o->b, &in);
	o->tbit = in.pos;
	return v;
}

/* Test what was pushed, releasing or discarding; 0 or -EIO. */
static int olt_run(struct olt *o)
{
	for (;;) {
		int v = olt_step(o);

		if (v == AIS31_MORE)
			return 0;
		olt_verdict(o, v);
		if (v == AIS31_FAIL && !o->last.warn) {
			o->cnt.discarded += o->len - o->rel;
			o->len = o->rel;
			o->tbit = o->len * 8;
			o->stage = OLT_FAILED;
			return -EIO;
		}
		olt_release(o, o->tbit / 8);
		olt_next(o);
	}
}

/* Make room for n more bytes: drop pulled bytes, then grow. */
static int olt_room(struct olt *o, size_t n)
{
	size_t want;
	uint8_t *nb;

	if (o->cap - o->len >= n)
		return 0;
	if (o->head) {
		memmove(o->buf, o->buf + o->head, o->len - o->head);
		o->base += (uint64_t)o->head * 8;
		o->tbit -= o->head * 8;
		o->rel -= o->head;
		o->len -= o->head;
		o->head = 0;
		if (o->cap - o->len >= n)
			return 0;
	}
	if (o->len + n > OLT_MAX_PENDING)
		return -ENOBUFS;
	for (want = o->cap; want < o->len + n; want *= 2)
		;
	nb = realloc(o->buf, want);
	if (!nb)
		return -ENOMEM;
	o->buf = nb;
	o->cap = want;
	return 0;
}

/**
 * olt_push() - hand collector output to the tests
 * @o: engine
 * @data: bytes
 * @len: their number
 *
 * Return: 0; -EIO if a non-advisory procedure failed (now or before, until
 * olt_reset()); -ENOBUFS if more than OLT_MAX_PENDING bytes would be held
 * (pull first); -ENOMEM.
 */
int olt_push(struct olt *o, const void *data, size_t len)
{
	int ret;

	if (o->stage == OLT_FAILED)
		return -EIO;
	ret = olt_room(o, len);
	if (ret)
		return ret;
	memcpy(o->buf + o->len, data, len);
	o->len += len;
	o->cnt.pushed += len;
	return olt_run(o);
}

/**
 * olt_pull() - take released bytes
 * @o: engine
 * @out: buffer
 * @max: its size
 *
 * Return: bytes copied (0 if none is released yet).
 */
size_t olt_pull(struct olt *o, void *out, size_t max)
{
	size_t n = o->rel - o->head;

	if (n > max)
		n = max;
	memcpy(out, o->buf + o->head, n);
	o->head += n;
	o->cnt.pulled += n;
	return n;
}

/**
 * olt_ready() - bytes released and not yet pulled
 * @o: engine
 *
 * Return: the count.
 */
size_t olt_ready(const struct olt *o)
{
	return o->rel - o->head;
}

/**
 * olt_pending() - bytes pushed but not yet released
 * @o: engine
 *
 * Return: the count.
 */
size_t olt_pending(const struct olt *o)
{
	return o->len - o->rel;
}

/**
 * olt_stage() - current stage
 * @o: engine
 *
 * Return: OLT_TOT while the start-up tests run, OLT_CONT after them,
 * OLT_FAILED after a non-advisory failure.
 */
enum olt_stage olt_stage(const struct olt *o)
{
	return o->stage;
}

/**
 * olt_stage_name() - stage as haveged names it in its log
 * @s: stage
 *
 * Return: "tot", "continuous" or "failed".
 */
const char *olt_stage_name(enum olt_stage s)
{
	switch (s) {
	case OLT_TOT:
		return "tot";
	case OLT_CONT:
		return "continuous";
	case OLT_FAILED:
		break;
	}
	return "failed";
}

/**
 * olt_proc_stats() - cumulative counters of one procedure
 * @o: engine
 * @proc: 'A' or 'B'
 *
 * Return: the counters (procedures, passes, retries, failures, per-test
 * evaluations and failures), or NULL for another @proc.
 */
const struct ais31_stats *olt_proc_stats(const struct olt *o, char proc)
{
	if (proc == 'A')
		return &o->a.st;
	if (proc == 'B')
		return &o->b.st;
	return NULL;
}

/* Append printf output at buf + *n; -ENOSPC once it no longer fits. */
static int olt_append(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*n >= len)
		return -ENOSPC;
	va_start(ap, fmt);
	k = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= len - *n) {
		*n = len;
		return -ENOSPC;
	}
	*n += (size_t)k;
	return 0;
}

/**
 * olt_result_detail() - the failed tests of a verdict as text
 * @r: verdict
 * @buf: output, e.g. "run 1: T1 T5 (round 12); run 2: none"
 * @len: its size, > 0
 *
 * Return: 0, or -ENOSPC if @buf was too small (it is then truncated).
 */
int olt_result_detail(const struct olt_result *r, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i, c;
	int ret = 0;

	buf[0] = 0;
	for (i = 0; i < r->runs && i < 2; i++) {
		ret |= olt_append(buf, len, &n, "%srun %u:", i ? "; " : "",
				  i + 1);
		for (c = 0; c < AIS31_NCHECKS; c++)
			if (r->mask[i] & (1U << c))
				ret |= olt_append(buf, len, &n, " %s",
						  ais31_check_name((enum ais31_check)c));
		if (!r->mask[i])
			ret |= olt_append(buf, len, &n, " none");
		else if (r->first_round[i])
			ret |= olt_append(buf, len, &n, " (round %u)",
					  r->first_round[i]);
	}
	return ret ? -ENOSPC : 0;
}
