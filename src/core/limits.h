/* SPDX-License-Identifier: Apache-2.0 */
/* Every bound on outside input lives here, with its reason. */
#ifndef BW_CORE_LIMITS_H
#define BW_CORE_LIMITS_H

/* Largest Dockerfile, compose file or manifest we read: the biggest real ones are ~100 KiB. */
#define BW_MAX_CONFIG_FILE (8u * 1024u * 1024u)
/* Memory one parsed Dockerfile may take (arena), a generous multiple of the file size limit. */
#define BW_MAX_PARSE_ARENA (256u * 1024u * 1024u)
/* Instructions in one Dockerfile; real files have at most a few hundred. */
#define BW_MAX_DF_INSTRUCTIONS 100000u
/* Words in one instruction or shell command list. */
#define BW_MAX_DF_WORDS 100000u
/* Length of an ignore-file line. */
#define BW_MAX_IGNORE_LINE 4096u
/* Files one lint run walks in a folder before it stops with an error. */
#define BW_MAX_WALK_FILES 200000u
/* Folder depth a walk descends. */
#define BW_MAX_WALK_DEPTH 64u
/* Report output buffer (one finding's message). */
#define BW_MAX_MESSAGE 4096u

#endif
