/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for src/pkg/: the dpkg, apk and rpm database parsers (on hand-written input and
 * on the real databases in ../shared/corpus/vulndb/pkgdb/), os-release, and package URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "util/str.h"

static const struct pkg_package *find(const struct pkg_found *f, const char *name)
{
	for (size_t i = 0; i < f->len; i++)
		if (strcmp(f->pkgs[i].name, name) == 0)
			return &f->pkgs[i];
	return NULL;
}

static void test_dpkg_keeps_installed_packages_with_source_and_epoch(void **state)
{
	(void)state;
	static const char db[] = "Package: libc6\n"
				 "Status: install ok installed\n"
				 "Architecture: amd64\n"
				 "Source: glibc\n"
				 "Version: 2.36-9+deb12u4\n"
				 "Description: GNU C Library\n"
				 " continuation line: with a colon\n"
				 "\n"
				 "Package: zlib1g\n"
				 "Status: install ok installed\n"
				 "Architecture: amd64\n"
				 "Source: zlib (1:1.2.13.dfsg-1)\n"
				 "Version: 1:1.2.13.dfsg-1\n"
				 "\n"
				 "Package: gone\n"
				 "Status: deinstall ok config-files\n"
				 "Version: 1.0\n"
				 "\n"
				 "Package: binnmu\n"
				 "Status: install ok installed\n"
				 "Source: src (1.0-1)\n"
				 "Version: 1.0-1+b1\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_dpkg_status_parse("status", db, sizeof(db) - 1, &f, &err), 0);
	assert_int_equal(f.len, 3);
	const struct pkg_package *libc = find(&f, "libc6");
	assert_non_null(libc);
	assert_string_equal(libc->version, "2.36-9+deb12u4");
	assert_string_equal(libc->source_name, "glibc");
	assert_string_equal(libc->source_version, "2.36-9+deb12u4"); /* same as the binary */
	assert_string_equal(libc->arch, "amd64");
	const struct pkg_package *z = find(&f, "zlib1g");
	assert_string_equal(z->source_version, "1:1.2.13.dfsg-1");
	assert_string_equal(z->version, "1:1.2.13.dfsg-1");
	assert_null(find(&f, "gone"));
	assert_string_equal(find(&f, "binnmu")->source_version, "1.0-1");
	pkg_found_release(&f);
}

static void test_dpkg_malformed_line_names_the_line(void **state)
{
	(void)state;
	static const char db[] = "Package: a\nVersion: 1\n\nno colon here\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_dpkg_status_parse("status", db, sizeof(db) - 1, &f, &err), -EINVAL);
	assert_int_equal(err.line, 4);
	assert_int_equal(f.len, 1); /* what came before is kept */
	pkg_found_release(&f);
}

static void test_apk_reads_origin_license_and_skips_records_without_version(void **state)
{
	(void)state;
	static const char db[] = "C:Q1x=\nP:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\nR:a\nR:b\n\n"
				 "P:noversion\n\n"
				 "P:libcrypto3\nV:3.3.2-r0\nA:x86_64\no:openssl\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_apk_installed_parse("installed", db, sizeof(db) - 1, &f, &err), 0);
	assert_int_equal(f.len, 2);
	assert_string_equal(find(&f, "musl")->licenses, "MIT");
	assert_string_equal(find(&f, "libcrypto3")->source_name, "openssl");
	assert_string_equal(find(&f, "libcrypto3")->source_version, "3.3.2-r0");
	pkg_found_release(&f);
}

static void test_apk_bad_line_is_an_error(void **state)
{
	(void)state;
	static const char db[] = "P:a\nV:1\nthis is not apk\n";
	struct pkg_found f = {0};
	struct bw_error err = {0};

	assert_int_equal(pkg_apk_installed_parse("installed", db, sizeof(db) - 1, &f, &err),
			 -EINVAL);
	assert_int_equal(err.line, 3);
	pkg_found_release(&f);
}

static void test_os_release_quotes_and_distroless(void **state)
{
	(void)state;
	static const char a[] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian\"\n"
				"VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n";
	static const char b[] = "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID='12'\n";
	struct pkg_os os = {0};

	assert_int_equal(pkg_os_release_parse(a, sizeof(a) - 1, &os), 0);
	assert_string_equal(os.id, "debian");
	assert_string_equal(os.version_id, "12");
	assert_string_equal(os.codename, "bookworm");
	assert_string_equal(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	assert_false(os.distroless);
	pkg_os_release(&os);
	assert_int_equal(pkg_os_release_parse(b, sizeof(b) - 1, &os), 0);
	assert_true(os.distroless);
	assert_string_equal(os.version_id, "12");
	pkg_os_release(&os);
}

static void test_purls_follow_the_spec(void **state)
{
	(void)state;
	struct pkg_os deb = {.id = "debian", .version_id = "12"};
	struct pkg_package p = {.type = PKG_TYPE_DEB,
				.name = "libc6",
				.version = "2.36-9+deb12u4",
				.arch = "amd64",
				.source_name = "glibc",
				.source_version = "2.36-9+deb12u4"};
	char *u = pkg_purl(&p, &deb);

	assert_string_equal(u, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"
			       "&upstream=glibc");
	free(u);
	struct pkg_package e = {.type = PKG_TYPE_DEB, .name = "zlib1g", .version = "1:1.2.13"};
	u = pkg_purl(&e, NULL);
	assert_string_equal(u, "pkg:deb/debian/zlib1g@1%3A1.2.13");
	free(u);
	struct pkg_os rh = {.id = "rhel", .version_id = "9.4"};
	struct pkg_package r = {.type = PKG_TYPE_RPM,
				.name = "bash",
				.version = "1:5.1.8-9.el9",
				.arch = "x86_64",
				.source_name = "bash",
				.source_version = "1:5.1.8-9.el9"};
	u = pkg_purl(&r, &rh);
	assert_string_equal(u, "pkg:rpm/rhel/bash@5.1.8-9.el9?arch=x86_64&distro=rhel-9.4&epoch=1");
	free(u);
	struct pkg_package py = {.type = PKG_TYPE_PYPI, .name = "Django_Rest", .version = "1.0"};
	u = pkg_purl(&py, &deb);
	assert_string_equal(u, "pkg:pypi/django-rest@1.0");
	free(u);
	struct pkg_package npm = {.type = PKG_TYPE_NPM,
				  .namespace_ = "@angular",
				  .name = "core",
				  .version = "17.0.0"};
	u = pkg_purl(&npm, NULL);
	assert_string_equal(u, "pkg:npm/%40angular/core@17.0.0");
	free(u);
}

/* Reads a corpus file, or returns NULL (the test then skips). */
static char *corpus(const char *name, size_t *len)
{
	const char *shared = getenv("BW_SHARED");
	char path[1024];
	char *data = NULL;

	(void)snprintf(path, sizeof(path), "%s/corpus/vulndb/pkgdb/%s",
		       shared ? shared : "../shared", name);
	if (bw_file_read(path, 16u * 1024u * 1024u, &data, len) < 0)
		return NULL;
	return data;
}

static void test_real_dpkg_databases_parse(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		size_t n;
		const char *name, *version, *source;
	} cases[] = {
		{"dpkg-status-bookworm-minbase", 88, "libc6", NULL, "glibc"},
		{"dpkg-status-bookworm-app", 156, NULL, NULL, NULL},
		{"dpkg-status-claircore-postgresql", 3, "postgresql-client", "11+200+deb10u5",
		 "postgresql-common"},
		{"dpkg-status-claircore-texlive", 357, NULL, NULL, NULL},
		{"dpkg-status-syft-multiple", 2, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		char *data = corpus(cases[i].file, &len);
		struct pkg_found f = {0};
		struct bw_error err = {0};
		if (!data)
			skip();
		assert_int_equal(pkg_dpkg_status_parse(cases[i].file, data, len, &f, &err), 0);
		assert_int_equal(f.len, cases[i].n);
		if (cases[i].name) {
			const struct pkg_package *p = find(&f, cases[i].name);
			assert_non_null(p);
			assert_string_equal(p->source_name, cases[i].source);
			if (cases[i].version)
				assert_string_equal(p->version, cases[i].version);
		}
		pkg_found_release(&f);
		free(data);
	}
}

static void test_real_apk_databases_parse(void **state)
{
	(void)state;
	static const char *const files[] = {"apk-installed-trivy", "apk-installed-syft-multiple-2"};
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		char *data = corpus(files[i], &len);
		struct pkg_found f = {0};
		struct bw_error err = {0};
		if (!data)
			skip();
		assert_int_equal(pkg_apk_installed_parse(files[i], data, len, &f, &err), 0);
		assert_true(f.len >= 10);
		for (size_t k = 0; k < f.len; k++)
			assert_true(f.pkgs[k].version[0] != '\0');
		if (i == 0) {
			assert_string_equal(find(&f, "musl")->version, "1.1.14-r10");
			assert_null(find(&f, "invalidPackageWithoutAVersion"));
		}
		pkg_found_release(&f);
		free(data);
	}
}

static void test_rpm_refuses_what_is_not_sqlite_and_explains_bdb(void **state)
{
	(void)state;
	struct pkg_found f = {0};
	struct bw_error err = {0};
	struct pkg_file bdb = {.path = "var/lib/rpm/Packages", .size = 4096};
	static const char magic[16] = {0, 0, 0, 0, 0x61, 0x15, 0x06, 0};

	assert_int_equal(pkg_rpm_sqlite_parse("x", "nope", 4, &f, &err), -EINVAL);
	assert_int_equal(pkg_rpm_cataloger.want("var/lib/rpm/Packages", 0100644, 4096), 16);
	assert_int_equal(pkg_rpm_cataloger.parse(&bdb, magic, sizeof(magic), true, &f, &err),
			 -ENOTSUP);
	assert_non_null(strstr(err.msg, "Berkeley DB"));
	assert_non_null(strstr(err.msg, "rpmdb.sqlite"));
	assert_int_equal(f.len, 0);
}

static void test_catalogers_want_only_their_files(void **state)
{
	(void)state;
	assert_true(pkg_dpkg_cataloger.want("var/lib/dpkg/status", 0100644, 10) > 0);
	assert_true(pkg_dpkg_cataloger.want("var/lib/dpkg/status.d/libc6", 0100644, 10) > 0);
	assert_int_equal(
		pkg_dpkg_cataloger.want("var/lib/dpkg/status.d/libc6.md5sums", 0100644, 10), 0);
	assert_int_equal(pkg_dpkg_cataloger.want("var/lib/dpkg/status-old", 0100644, 10), 0);
	assert_true(pkg_apk_cataloger.want("lib/apk/db/installed", 0100644, 10) > 0);
	assert_int_equal(pkg_apk_cataloger.want("etc/apk/installed", 0100644, 10), 0);
	assert_true(pkg_os_cataloger.want("etc/os-release", 0100644, 10) > 0);
	assert_true(pkg_rpm_cataloger.want("usr/lib/sysimage/rpm/rpmdb.sqlite", 0100644, 10) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_keeps_installed_packages_with_source_and_epoch),
		cmocka_unit_test(test_dpkg_malformed_line_names_the_line),
		cmocka_unit_test(test_apk_reads_origin_license_and_skips_records_without_version),
		cmocka_unit_test(test_apk_bad_line_is_an_error),
		cmocka_unit_test(test_os_release_quotes_and_distroless),
		cmocka_unit_test(test_purls_follow_the_spec),
		cmocka_unit_test(test_real_dpkg_databases_parse),
		cmocka_unit_test(test_real_apk_databases_parse),
		cmocka_unit_test(test_rpm_refuses_what_is_not_sqlite_and_explains_bdb),
		cmocka_unit_test(test_catalogers_want_only_their_files),
	};
	return cmocka_run_group_tests_name("pkg", tests, NULL, NULL);
}
