/* SPDX-License-Identifier: Apache-2.0 */
/* Functions that are easy to misuse become compile errors (see STYLE.md B7). Include last. */
#ifndef BW_UTIL_BANNED_H
#define BW_UTIL_BANNED_H

#define BW_BANNED(f) sorry_##f##_is_banned_in_bulwark

#undef strcpy
#define strcpy(...) BW_BANNED(strcpy)
#undef strcat
#define strcat(...) BW_BANNED(strcat)
#undef strncpy
#define strncpy(...) BW_BANNED(strncpy)
#undef strncat
#define strncat(...) BW_BANNED(strncat)
#undef sprintf
#define sprintf(...) BW_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BW_BANNED(vsprintf)
#undef strtok
#define strtok(...) BW_BANNED(strtok)
#undef atoi
#define atoi(...) BW_BANNED(atoi)
#undef atol
#define atol(...) BW_BANNED(atol)
#undef gets
#define gets(...) BW_BANNED(gets)
#undef gmtime
#define gmtime(...) BW_BANNED(gmtime)
#undef localtime
#define localtime(...) BW_BANNED(localtime)
#undef asctime
#define asctime(...) BW_BANNED(asctime)
#undef ctime
#define ctime(...) BW_BANNED(ctime)
#undef tmpnam
#define tmpnam(...) BW_BANNED(tmpnam)
#undef mktemp
#define mktemp(...) BW_BANNED(mktemp)

#endif
