/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the language catalogers (src/pkg/python.c, node.c, golang.c, java.c,
 * ruby.c, rust.c) and OS ownership (owner.c) on small hand-written inputs; Go build info also
 * on a real Go binary of this machine, with `go version -m` as the oracle when both exist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "pkg/pkg.h"

static const struct pkg_package *find(const struct pkg_found *f, const char *name)
{
	for (size_t i = 0; i < f->len; i++)
		if (strcmp(f->pkgs[i].name, name) == 0)
			return &f->pkgs[i];
	return NULL;
}

static char *purl_of(const struct pkg_found *f, const char *name)
{
	const struct pkg_package *p = find(f, name);

	assert_non_null(p);
	return pkg_purl(p, NULL);
}

static const struct pkg_cataloger *cataloger(const char *name)
{
	for (size_t i = 0; i < pkg_catalogers_len; i++)
		if (strcmp(pkg_catalogers[i]->name, name) == 0)
			return pkg_catalogers[i];
	fail_msg("no cataloger '%s'", name);
	return NULL;
}

static void test_python_metadata_and_pep503_purl(void **state)
{
	(void)state;
	static const char md[] = "Metadata-Version: 2.1\r\n"
				 "Name: Zope.Interface__Extra\r\n"
				 "Version: 6.0\r\n"
				 "License: UNKNOWN\r\n"
				 "License-Expression: ZPL-2.1\r\n"
				 "\r\n"
				 "Name: not-a-header\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_python_metadata_parse("METADATA", md, sizeof(md) - 1, &f, &err), 0);
	assert_int_equal(f.len, 1);
	assert_string_equal(f.pkgs[0].name, "Zope.Interface__Extra");
	assert_string_equal(f.pkgs[0].version, "6.0");
	assert_string_equal(f.pkgs[0].licenses, "ZPL-2.1");
	char *purl = purl_of(&f, "Zope.Interface__Extra");
	assert_string_equal(purl, "pkg:pypi/zope-interface-extra@6.0");
	free(purl);
	pkg_found_release(&f);

	/* no version: an error, no package */
	assert_int_equal(pkg_python_metadata_parse("PKG-INFO", "Name: x\n", 8, &f, &err), -EINVAL);
	assert_int_equal(f.len, 0);
}

static void test_python_want(void **state)
{
	(void)state;
	const struct pkg_cataloger *c = cataloger("python");

	assert_true(c->want("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA",
			    S_IFREG | 0644, 100) > 0);
	assert_true(c->want("usr/lib/python3/dist-packages/foo-1.0.egg-info/PKG-INFO",
			    S_IFREG | 0644, 100) > 0);
	assert_true(c->want("usr/lib/python3/dist-packages/foo-1.0.egg-info", S_IFREG | 0644, 100) >
		    0);
	assert_int_equal(c->want("srv/app/METADATA", S_IFREG | 0644, 100), 0);
	assert_int_equal(c->want("x.dist-info/RECORD", S_IFREG | 0644, 100), 0);
}

static void test_node_package_json_and_scope(void **state)
{
	(void)state;
	static const char pj[] = "{\"name\":\"@babel/core\",\"version\":\"7.22.5\","
				 "\"license\":{\"type\":\"MIT\"}}";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_node_package_parse("package.json", pj, sizeof(pj) - 1, &f, &err), 0);
	assert_int_equal(f.len, 1);
	assert_string_equal(f.pkgs[0].namespace_, "@babel");
	assert_string_equal(f.pkgs[0].licenses, "MIT");
	char *purl = purl_of(&f, "core");
	assert_string_equal(purl, "pkg:npm/%40babel/core@7.22.5");
	free(purl);
	pkg_found_release(&f);
	assert_int_equal(pkg_node_package_parse("package.json", "{\"name\":\"x\"}", 12, &f, &err),
			 -EINVAL);
	assert_int_equal(pkg_node_package_parse("package.json", "{", 1, &f, &err), -EINVAL);
	assert_int_equal(f.len, 0);
}

static void test_node_want_only_installed_packages(void **state)
{
	(void)state;
	const struct pkg_cataloger *c = cataloger("node");
	const unsigned m = S_IFREG | 0644;

	assert_true(c->want("app/node_modules/express/package.json", m, 10) > 0);
	assert_true(c->want("node_modules/express/package.json", m, 10) > 0);
	assert_true(c->want("usr/lib/node_modules/npm/package.json", m, 10) > 0);
	assert_true(c->want("app/node_modules/@babel/core/package.json", m, 10) > 0);
	assert_true(c->want("app/node_modules/a/node_modules/b/package.json", m, 10) > 0);
	/* the application's own manifest, files inside a package, lookalike folders */
	assert_int_equal(c->want("app/package.json", m, 10), 0);
	assert_int_equal(c->want("app/node_modules/express/lib/package.json", m, 10), 0);
	assert_int_equal(c->want("app/node_modules/package.json", m, 10), 0);
	assert_int_equal(c->want("app/my_node_modules/x/package.json", m, 10), 0);
	assert_int_equal(c->want("app/node_modules/.bin/package.json", m, 10), 0);
}

static void test_go_modinfo_with_replacement(void **state)
{
	(void)state;
	static const char mod[] = "0123456789abcdef"
				  "path\texample.com/hello\n"
				  "mod\texample.com/hello\t(devel)\t\n"
				  "dep\tgithub.com/pkg/errors\tv0.9.1\th1:abc=\n"
				  "dep\tgolang.org/x/sys\tv0.1.0\th1:def=\n"
				  "=>\tgithub.com/fork/sys\tv0.2.0\th1:ghi=\n"
				  "build\t-compiler=gc\n"
				  "fedcba9876543210";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_go_modinfo_parse("hello", "go1.21.5 X:boringcrypto", 23, mod,
					      sizeof(mod) - 1, &f, &err),
			 0);
	assert_int_equal(f.len, 4);
	assert_string_equal(find(&f, "stdlib")->version, "1.21.5");
	assert_string_equal(find(&f, "hello")->version, "(devel)");
	assert_string_equal(find(&f, "sys")->namespace_, "github.com/fork"); /* the replacement */
	assert_string_equal(find(&f, "sys")->version, "v0.2.0");
	assert_string_equal(find(&f, "errors")->namespace_, "github.com/pkg");
	char *purl = purl_of(&f, "errors");
	assert_string_equal(purl, "pkg:golang/github.com/pkg/errors@v0.9.1");
	free(purl);
	purl = purl_of(&f, "stdlib");
	assert_string_equal(purl, "pkg:golang/stdlib@1.21.5");
	free(purl);
	pkg_found_release(&f);
}

static void append_uvarint(char *buf, size_t *n, uint64_t v)
{
	while (v >= 0x80) {
		buf[(*n)++] = (char)(v | 0x80);
		v >>= 7;
	}
	buf[(*n)++] = (char)v;
}

/* Feeds `data` in blocks of `block` bytes. */
static int feed_all(const char *data, size_t len, size_t block, struct pkg_found *f)
{
	struct pkg_file file = {.path = "usr/bin/x", .mode = S_IFREG | 0755, .size = len};
	struct bw_error err = {0};
	void *st = NULL;
	int r = 0;

	for (size_t off = 0; off < len && r == 0; off += block)
		r = pkg_go_buildinfo_feed(&st, &file, data + off,
					  len - off < block ? len - off : block, false, f, &err);
	assert_int_equal(pkg_go_buildinfo_feed(&st, &file, NULL, 0, true, f, &err), 0);
	assert_null(st);
	return r;
}

static void test_go_buildinfo_stream_any_block_size(void **state)
{
	(void)state;
	static const char ver[] = "go1.19.8";
	static const char mod[] = "0123456789abcdef"
				  "path\tex.com/a\nmod\tex.com/a\tv1.2.3\t\n"
				  "dep\tex.com/b/v2\tv2.0.1\th1:x=\n"
				  "fedcba9876543210";
	char bin[4096] = "\x7f"
			 "ELF";
	size_t n = 1008; /* the magic at a 16-byte-aligned offset */

	/* a lookalike at an unaligned offset is ignored */
	memcpy(bin + 501, "\xff Go buildinf:", 14);
	memcpy(bin + n, "\xff Go buildinf:\x08\x02", 16);
	n += 32;
	append_uvarint(bin, &n, sizeof(ver) - 1);
	memcpy(bin + n, ver, sizeof(ver) - 1);
	n += sizeof(ver) - 1;
	append_uvarint(bin, &n, sizeof(mod) - 1);
	memcpy(bin + n, mod, sizeof(mod) - 1);
	n += sizeof(mod) - 1;
	n += 100;
	static const size_t blocks[] = {1, 3, 7, 13, 14, 15, 16, 17, 64, 1001, 4096};
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		struct pkg_found f = {0};
		assert_int_equal(feed_all(bin, n, blocks[i], &f), 0);
		assert_int_equal(f.len, 3);
		assert_string_equal(find(&f, "stdlib")->version, "1.19.8");
		assert_string_equal(find(&f, "a")->version, "v1.2.3");
		assert_string_equal(find(&f, "v2")->namespace_, "ex.com/b");
		pkg_found_release(&f);
	}
	/* not ELF: nothing */
	struct pkg_found f = {0};
	bin[1] = 'X';
	assert_int_equal(feed_all(bin, n, 64, &f), 0);
	assert_int_equal(f.len, 0);
	/* the pre-1.18 pointer format: reported */
	bin[1] = 'E';
	bin[1008 + 15] = 0;
	assert_int_equal(feed_all(bin, n, 64, &f), -ENOTSUP);
	assert_int_equal(f.len, 0);
}

/* Reads FILE block by block through the cataloger and compares with `go version -m FILE`. */
static void go_oracle(const char *bin)
{
	char cmd[512];
	struct pkg_found f = {0};
	struct pkg_file file = {.path = bin, .mode = S_IFREG | 0755};
	struct bw_error err = {0};
	void *st = NULL;
	char buf[65536];
	ssize_t got;
	size_t want = 0;
	FILE *p;
	int fd, r = 0;

	fd = open(bin, O_RDONLY);
	assert_true(fd >= 0);
	while ((got = read(fd, buf, sizeof(buf))) > 0 && r == 0)
		r = pkg_go_buildinfo_feed(&st, &file, buf, (size_t)got, false, &f, &err);
	close(fd);
	assert_int_equal(pkg_go_buildinfo_feed(&st, &file, NULL, 0, true, &f, &err), 0);
	assert_int_equal(r, 0);
	snprintf(cmd, sizeof(cmd), "go version -m '%s'", bin);
	p = popen(cmd, "r");
	assert_non_null(p);
	static char lines[4096][512];
	size_t nl = 0;
	while (nl < 4096 && fgets(lines[nl], sizeof(lines[nl]), p)) {
		lines[nl][strcspn(lines[nl], "\n")] = '\0';
		nl++;
	}
	for (size_t li = 0; li < nl; li++) {
		char *l = lines[li], *tab, *path, *ver, *slash;
		bool ok = false;
		if (strncmp(l, bin, strlen(bin)) == 0) {
			/* "/usr/bin/x: go1.19.8" */
			ver = strstr(l, ": go");
			assert_non_null(ver);
			assert_string_equal(find(&f, "stdlib")->version, ver + 4);
			want++;
			continue;
		}
		if (strncmp(l, "\tmod\t", 5) != 0 && strncmp(l, "\tdep\t", 5) != 0 &&
		    strncmp(l, "\t=>\t", 4) != 0)
			continue;
		if (li + 1 < nl && strncmp(lines[li + 1], "\t=>\t", 4) == 0) {
			want++; /* replaced: the next line names what is in the binary */
			continue;
		}
		path = strchr(l + 1, '\t') + 1;
		tab = strchr(path, '\t');
		ver = tab ? tab + 1 : (char *)"(devel)";
		if (tab)
			*tab = '\0';
		if ((tab = strchr(ver, '\t')))
			*tab = '\0';
		if (!*ver)
			ver = (char *)"(devel)";
		slash = strrchr(path, '/');
		for (size_t i = 0; i < f.len && !ok; i++) {
			const struct pkg_package *q = &f.pkgs[i];
			ok = strcmp(q->name, slash ? slash + 1 : path) == 0 &&
			     strcmp(q->version, ver) == 0 &&
			     (!slash ||
			      (q->namespace_ && strlen(q->namespace_) == (size_t)(slash - path) &&
			       strncmp(q->namespace_, path, (size_t)(slash - path)) == 0));
		}
		if (strncmp(l, "\t=>\t", 4) != 0)
			want++;
		if (!ok)
			fail_msg("%s: go version -m lists %s %s, we do not", bin, path, ver);
	}
	pclose(p);
	assert_int_equal(f.len, want);
	pkg_found_release(&f);
}

static void test_go_real_binaries_match_go_version_m(void **state)
{
	(void)state;
	static const char *const bins[] = {"/usr/bin/dockerd", "/usr/bin/containerd",
					   "/usr/bin/docker", "/usr/bin/skopeo",
					   "/usr/bin/kubectl"};
	size_t tested = 0;

	if (system("go version >/dev/null 2>&1") != 0)
		skip();
	for (size_t i = 0; i < sizeof(bins) / sizeof(bins[0]); i++) {
		if (access(bins[i], R_OK) != 0)
			continue;
		go_oracle(bins[i]);
		tested++;
	}
	if (!tested)
		skip();
}

/* A zip in memory with the given entries (name, contents) pairs. */
static char *make_zip(const char *const *entries, size_t n, size_t *len)
{
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	size_t used = 0;

	assert_non_null(buf);
	archive_write_set_format_zip(a);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i + 1 < n; i += 2) {
		struct archive_entry *e = archive_entry_new();
		size_t sz = strlen(entries[i + 1]);
		archive_entry_set_pathname(e, entries[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)sz);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, entries[i + 1], sz), (la_ssize_t)sz);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*len = used;
	return buf;
}

static void test_java_pom_manifest_and_nested(void **state)
{
	(void)state;
	const char *inner_entries[] = {
		"META-INF/MANIFEST.MF",
		"Manifest-Version: 1.0\r\nImplementation-Title: tiny\r\n"
		"Implementation-Version: 0.3\r\n",
	};
	size_t inner_len, outer_len;
	char *inner = make_zip(inner_entries, 2, &inner_len);
	char *inner_str = malloc(inner_len + 1);
	memcpy(inner_str, inner, inner_len);
	inner_str[inner_len] = '\0';
	/* libarchive writes binary: store it as an entry through a second writer */
	struct archive *a = archive_write_new();
	size_t cap = 1 << 20, used = 0;
	char *buf = malloc(cap);
	static const char pom[] = "#Generated by Maven\ngroupId=org.example\n"
				  "artifactId=web-app\nversion=1.4.2\n";
	struct {
		const char *name;
		const char *data;
		size_t len;
	} ents[] = {
		{"META-INF/maven/org.example/web-app/pom.properties", pom, sizeof(pom) - 1},
		{"WEB-INF/lib/tiny.jar", inner, inner_len},
		{"WEB-INF/lib/garbage.jar", "not a zip", 9},
	};
	archive_write_set_format_zip(a);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < 3; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, ents[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)ents[i].len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, ents[i].data, ents[i].len),
				 (la_ssize_t)ents[i].len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	outer_len = used;

	struct pkg_found f = {0};
	struct bw_error err = {0};
	assert_int_equal(pkg_java_archive_parse("srv/app.war", buf, outer_len, &f, &err), 0);
	assert_int_equal(f.len, 2);
	char *purl = purl_of(&f, "web-app");
	assert_string_equal(purl, "pkg:maven/org.example/web-app@1.4.2");
	free(purl);
	assert_string_equal(find(&f, "tiny")->version, "0.3");
	assert_string_equal(find(&f, "tiny")->path, "srv/app.war!/WEB-INF/lib/tiny.jar");
	pkg_found_release(&f);

	/* no metadata at all: the file name */
	const char *bare[] = {"a/B.class", "x"};
	size_t bl;
	char *b = make_zip(bare, 2, &bl);
	assert_int_equal(pkg_java_archive_parse("opt/commons-io-2.11.0.jar", b, bl, &f, &err), 0);
	assert_int_equal(f.len, 1);
	assert_string_equal(f.pkgs[0].name, "commons-io");
	assert_string_equal(f.pkgs[0].version, "2.11.0");
	pkg_found_release(&f);
	free(b);
	free(buf);
	free(inner);
	free(inner_str);
}

static void test_ruby_gemspec(void **state)
{
	(void)state;
	static const char gs[] =
		"# -*- encoding: utf-8 -*-\n"
		"Gem::Specification.new do |s|\n"
		"  s.name = \"rake\".freeze\n"
		"  s.version = \"13.0.6\"\n"
		"  s.required_rubygems_version = Gem::Requirement.new(\">= 1.3\")\n"
		"  s.licenses = [\"MIT\".freeze]\n"
		"end\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_ruby_gemspec_parse("x.gemspec", gs, sizeof(gs) - 1, &f, &err), 0);
	assert_int_equal(f.len, 1);
	assert_string_equal(f.pkgs[0].version, "13.0.6");
	assert_string_equal(f.pkgs[0].licenses, "MIT");
	char *purl = purl_of(&f, "rake");
	assert_string_equal(purl, "pkg:gem/rake@13.0.6");
	free(purl);
	pkg_found_release(&f);
	assert_true(cataloger("ruby")->want(
			    "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec",
			    S_IFREG | 0644, 10) > 0);
	assert_int_equal(cataloger("ruby")->want("src/rake.gemspec", S_IFREG | 0644, 10), 0);
}

static void test_cargo_lock(void **state)
{
	(void)state;
	static const char lock[] =
		"# This file is automatically @generated by Cargo.\n"
		"version = 3\n\n"
		"[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
		"dependencies = [\n \"serde\",\n]\n\n"
		"[[package]]\nname = \"serde\"\nversion = \"1.0.188\"\n"
		"source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
		"\n[metadata]\nname = \"nope\"\nversion = \"9\"\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_cargo_lock_parse("Cargo.lock", lock, sizeof(lock) - 1, &f, &err), 0);
	assert_int_equal(f.len, 2);
	char *purl = purl_of(&f, "serde");
	assert_string_equal(purl, "pkg:cargo/serde@1.0.188");
	free(purl);
	assert_null(find(&f, "nope"));
	pkg_found_release(&f);
}

/* zlib-compresses s into a malloc'd buffer. */
static unsigned char *deflated(const char *s, size_t n, size_t *ret_len)
{
	uLongf zn = compressBound((uLong)n);
	unsigned char *z = malloc(zn);

	assert_non_null(z);
	assert_int_equal(compress(z, &zn, (const Bytef *)s, (uLong)n), Z_OK);
	*ret_len = zn;
	return z;
}

static const char audit_json[] =
	"{\"packages\":[{\"name\":\"app\",\"version\":\"0.1.0\",\"source\":\"local\","
	"\"dependencies\":[1,2],\"root\":true},"
	"{\"name\":\"itoa\",\"version\":\"1.0.9\",\"source\":\"crates.io\"},"
	"{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"},"
	"{\"name\":\"serde\",\"version\":\"1.0.188\",\"source\":\"crates.io\",\"kind\":\"runtime\"}"
	"]}";

static void test_cargo_auditable_section(void **state)
{
	(void)state;
	static const struct {
		const char *json; /* NULL: not zlib data */
		int code;
		const char *msg;
	} bad[] = {
		{NULL, -EINVAL, "not zlib data"},
		{"{\"packages\":", -EINVAL, "malformed cargo-auditable data in .dep-v0"},
		{"{\"format\":1}", -EINVAL, "no \"packages\" array"},
		{"{\"packages\":[{\"name\":\"a\"}]}", -EINVAL, "package 0 has no name or version"},
		{"{\"packages\":[{\"name\":\"a\",\"version\":7}]}", -EINVAL, "no name or version"},
	};
	struct pkg_found f = {0};
	struct bw_error err = {0};
	size_t zn;
	unsigned char *z = deflated(audit_json, sizeof(audit_json) - 1, &zn);

	assert_int_equal(pkg_cargo_auditable_parse("usr/bin/app", z, zn, &f, &err), 0);
	assert_int_equal(f.len, 3); /* "cc" is a build-time dependency: not in the binary */
	assert_null(find(&f, "cc"));
	char *purl = purl_of(&f, "itoa");
	assert_string_equal(purl, "pkg:cargo/itoa@1.0.9");
	free(purl);
	assert_string_equal(find(&f, "app")->version, "0.1.0");
	assert_non_null(find(&f, "serde"));
	pkg_found_release(&f);
	/* cut short */
	assert_int_equal(pkg_cargo_auditable_parse("usr/bin/app", z, zn - 5, &f, &err), -EINVAL);
	assert_int_equal(f.len, 0);
	free(z);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *j = bad[i].json ? bad[i].json : "";
		err = (struct bw_error){0};
		z = bad[i].json ? deflated(j, strlen(j), &zn)
				: (unsigned char *)strdup("plain text");
		if (!bad[i].json)
			zn = strlen((char *)z);
		assert_int_equal(pkg_cargo_auditable_parse("usr/bin/app", z, zn, &f, &err),
				 bad[i].code);
		assert_string_equal(err.path, "usr/bin/app");
		assert_non_null(strstr(err.msg, bad[i].msg));
		pkg_found_release(&f);
		free(z);
	}
	/* a zlib bomb: 9 MiB of spaces inflate past the 8 MiB bound */
	size_t big = 9u * 1024u * 1024u;
	char *spaces = malloc(big);
	assert_non_null(spaces);
	memset(spaces, ' ', big);
	z = deflated(spaces, big, &zn);
	free(spaces);
	err = (struct bw_error){0};
	assert_int_equal(pkg_cargo_auditable_parse("usr/bin/app", z, zn, &f, &err), -EFBIG);
	assert_non_null(strstr(err.msg, "inflates past 8 MiB"));
	free(z);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A little-endian ELF64 file: header, code, .dep-v0 data, .shstrtab, three section headers
 * (null, .dep-v0, .shstrtab); returns its length. */
static size_t elf_with_section(unsigned char *b, const unsigned char *sec, size_t sec_len)
{
	static const char names[] = "\0.shstrtab\0.dep-v0";
	size_t n = 4096, sec_off, str_off, sh;

	memset(b, 0, n);
	memcpy(b,
	       "\x7f"
	       "ELF\x02\x01\x01",
	       7);
	memcpy(b + n, sec, sec_len);
	sec_off = n;
	n += sec_len;
	str_off = n;
	memcpy(b + n, names, sizeof(names));
	n += sizeof(names);
	sh = n;
	memset(b + sh, 0, 3 * 64);
	put32(b + sh + 64, 11); /* .dep-v0 */
	put32(b + sh + 64 + 4, 1);
	put64(b + sh + 64 + 24, sec_off);
	put64(b + sh + 64 + 32, sec_len);
	put32(b + sh + 128, 1); /* .shstrtab */
	put32(b + sh + 128 + 4, 3);
	put64(b + sh + 128 + 24, str_off);
	put64(b + sh + 128 + 32, sizeof(names));
	put64(b + 40, sh);
	put16(b + 58, 64);
	put16(b + 60, 3);
	put16(b + 62, 2);
	return sh + 3 * 64;
}

static void test_cargo_auditable_elf_stream(void **state)
{
	(void)state;
	static const size_t blocks[] = {1, 7, 63, 64, 65, 4095, 4096, 65536};
	const struct pkg_cataloger *c = cataloger("cargo-auditable");
	unsigned char *bin = malloc(8192);
	size_t zn, n;
	unsigned char *z = deflated(audit_json, sizeof(audit_json) - 1, &zn);

	assert_non_null(bin);
	n = elf_with_section(bin, z, zn);
	assert_int_equal(c->want("usr/bin/app", S_IFREG | 0755, n), n);
	assert_int_equal(c->want("usr/lib/x.so", S_IFREG | 0644, n), 0);
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		struct pkg_file file = {.path = "usr/bin/app", .mode = S_IFREG | 0755, .size = n};
		struct pkg_found f = {0};
		struct bw_error err = {0};
		void *st = NULL;
		for (size_t off = 0; off < n; off += blocks[i])
			assert_int_equal(c->feed(&st, &file, bin + off,
						 n - off < blocks[i] ? n - off : blocks[i], false,
						 &f, &err),
					 0);
		assert_int_equal(c->feed(&st, &file, NULL, 0, true, &f, &err), 0);
		assert_null(st);
		assert_int_equal(f.len, 3);
		assert_non_null(find(&f, "itoa"));
		pkg_found_release(&f);
	}
	/* a damaged section: an error naming the file, no packages */
	z[0] ^= 0xff;
	n = elf_with_section(bin, z, zn);
	struct pkg_file file = {.path = "usr/bin/app", .mode = S_IFREG | 0755, .size = n};
	struct pkg_found f = {0};
	struct bw_error err = {0};
	void *st = NULL;
	assert_int_equal(c->feed(&st, &file, bin, n, false, &f, &err), 0);
	assert_int_equal(c->feed(&st, &file, NULL, 0, true, &f, &err), -EINVAL);
	assert_string_equal(err.path, "usr/bin/app");
	assert_int_equal(f.len, 0);
	/* a section that claims bytes past the end */
	z[0] ^= 0xff;
	n = elf_with_section(bin, z, zn);
	put64(bin + n - 128 + 32, 1u << 20);
	file.size = n;
	err = (struct bw_error){0};
	assert_int_equal(c->feed(&st, &file, bin, n, false, &f, &err), 0);
	assert_int_equal(c->feed(&st, &file, NULL, 0, true, &f, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "past the end of the file"));
	/* no ELF: nothing, no error */
	memcpy(bin, "#!/bin/sh\n", 10);
	assert_int_equal(c->feed(&st, &file, bin, n, false, &f, &err), 0);
	assert_int_equal(c->feed(&st, &file, NULL, 0, true, &f, &err), 0);
	assert_int_equal(f.len, 0);
	free(z);
	free(bin);
}

static void test_owner_dpkg_list_and_apk(void **state)
{
	(void)state;
	static const char list[] = "/.\n/usr\n/usr/lib/python3/dist-packages/six-1.16.0.dist-info\n"
				   "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA\n"
				   "/bin/dockerd\n";
	static const char apk[] = "P:py3-six\nV:1.16.0-r0\nF:usr/lib/python3.11/site-packages/"
				  "six-1.16.0.dist-info\nR:METADATA\n\nP:other\nV:1\n";
	struct pkg_found d = {0}, a = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_owner_list_parse("var/lib/dpkg/info/python3-six:amd64.list", list,
					      sizeof(list) - 1, &d, &err),
			 0);
	assert_int_equal(
		pkg_owner_list_parse("lib/apk/db/installed", apk, sizeof(apk) - 1, &a, &err), 0);
	assert_string_equal(
		pkg_owner_lookup(&d, "usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"),
		"python3-six");
	assert_string_equal(pkg_owner_lookup(&d, "usr/bin/dockerd"),
			    "python3-six"); /* merged /usr */
	assert_null(pkg_owner_lookup(&d, "usr/local/bin/hello-go"));
	assert_string_equal(
		pkg_owner_lookup(&a,
				 "usr/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA"),
		"py3-six");

	/* apply: only language packages are marked */
	struct pkg_inventory inv;
	pkg_inventory_init(&inv);
	struct pkg_found f = {0};
	struct pkg_package *p = pkg_found_add(&f, PKG_TYPE_PYPI, "six", "1.16.0");
	p->path = strdup("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA");
	p = pkg_found_add(&f, PKG_TYPE_GOLANG, "hello", "(devel)");
	p->path = strdup("usr/local/bin/hello-go");
	p = pkg_found_add(&f, PKG_TYPE_DEB, "python3-six", "1.16.0-4");
	p->path = strdup("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA");
	for (size_t i = 0; i < f.len; i++)
		assert_int_equal(pkg_inventory_take(&inv, &f.pkgs[i]), 0);
	struct pkg_survivor sv[2] = {{.path = "x", .found = &d}, {.path = "y", .found = &a}};
	assert_int_equal(pkg_owner_apply(&inv, sv, 2), 0);
	assert_string_equal(inv.pkgs[0].os_owner, "python3-six");
	assert_null(inv.pkgs[1].os_owner);
	assert_null(inv.pkgs[2].os_owner);
	pkg_inventory_release(&inv);
	pkg_found_release(&f);
	cataloger("owner")->free_data(d.data);
	cataloger("owner")->free_data(a.data);
	assert_true(cataloger("owner")->want("var/lib/dpkg/info/libc6:amd64.list", S_IFREG | 0644,
					     10) > 0);
	assert_int_equal(
		cataloger("owner")->want("var/lib/dpkg/info/libc6.md5sums", S_IFREG | 0644, 10), 0);
	/* owner comes last, so every language package is in the inventory when it runs */
	assert_ptr_equal(pkg_catalogers[pkg_catalogers_len - 1], cataloger("owner"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_python_metadata_and_pep503_purl),
		cmocka_unit_test(test_python_want),
		cmocka_unit_test(test_node_package_json_and_scope),
		cmocka_unit_test(test_node_want_only_installed_packages),
		cmocka_unit_test(test_go_modinfo_with_replacement),
		cmocka_unit_test(test_go_buildinfo_stream_any_block_size),
		cmocka_unit_test(test_go_real_binaries_match_go_version_m),
		cmocka_unit_test(test_java_pom_manifest_and_nested),
		cmocka_unit_test(test_ruby_gemspec),
		cmocka_unit_test(test_cargo_lock),
		cmocka_unit_test(test_cargo_auditable_section),
		cmocka_unit_test(test_cargo_auditable_elf_stream),
		cmocka_unit_test(test_owner_dpkg_list_and_apk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
