/* SPDX-License-Identifier: Apache-2.0 */
/* Is this string a credential? Judges a value by its shape (AWS key ids, private key blocks,
 * vendor tokens, JWTs, passwords in URLs) and, for generic secrets, by the variable's name.
 * Knows nothing of Dockerfiles, compose or images; pure functions that never allocate. */
#ifndef BW_SECRET_SECRET_H
#define BW_SECRET_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* The kind of secret `value` holds ("AWS access key id", "private key", "GitHub token",
 * "password in URL", "generic secret" ...), or NULL when it holds none. The result is a
 * static string. `name` (the variable's name; NULL when there is none) only widens the net:
 * a 40-character key next to an AWS secret key name, or a random-looking value whose name
 * says credential (secret_name_is_sensitive), counts; a short or low-entropy value does not.
 * Never a secret: variable references ($X, ${X}), empty values, placeholders
 * (secret_value_is_placeholder) and anything containing "example" (vendor documentation
 * keys such as AKIAIOSFODNN7EXAMPLE). */
const char *secret_classify(const char *name, const char *value);

/* True when `name` names a credential: its words (split at '_', '-', '.' and camelCase)
 * include PASSWORD, PASSWD, PASSPHRASE, PASS, PWD (not the shell's PWD), SECRET, TOKEN,
 * CREDENTIALS, APIKEY, or KEY qualified by API, ACCESS, SECRET, PRIVATE, SIGNING ...; and no
 * word says it is about a credential rather than one (FILE, PATH, URL, VERSION, USER, NAME,
 * LENGTH, EXPIRY, PUBLIC, ...). GPG_KEY, KEYSERVER, PASSWORD_FILE and TOKEN_URL are not. */
bool secret_name_is_sensitive(const char *name);

/* True when `value` cannot be a secret whatever its name: empty, a variable reference or
 * command substitution, a path, a boolean or small number, a template ("<token>", "{{ x }}"),
 * a placeholder word ("changeme", "dummy", "xxxx", "password") or one or two characters
 * repeated ("0000-0000", "FFFF0000"). */
bool secret_value_is_placeholder(const char *value);

/* Writes a masked copy of `value` to out (at most outlen-1 bytes, always NUL-terminated):
 * a password in a URL becomes "scheme://user:****@host", a vendor token keeps its public
 * prefix ("AKIA****", "ghp_****"), anything else is "****". */
void secret_mask(const char *value, char *out, size_t outlen);

#endif
