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
/* Stages in one Dockerfile: real files have a few dozen; bounds the per-stage tables. */
#define BW_MAX_DF_STAGES 10000u
/* Parent stages df_expand looks through for inherited ENV values: real chains are 1-5 long,
 * and a lookup costs one probe per hop. */
#define BW_MAX_DF_STAGE_CHAIN 64u
/* Nesting of `${A:-${B:-...}}` in one Dockerfile word, and of JSON arrays in exec form. */
#define BW_MAX_DF_EXPAND_DEPTH 32u
#define BW_MAX_DF_JSON_DEPTH 64u
/* Bytes of ARG/ENV/LABEL values one file may expand to in total, e.g. `ENV A=$A$A` repeated:
 * without it, each line doubles the value. Real files stay far below the file size. */
#define BW_MAX_DF_EXPANDED (4u * BW_MAX_CONFIG_FILE)
/* Nesting of $(...), `...`, ( ... ) and { ...; } the shell reader descends into; deeper
 * text is kept as a literal word (real scripts nest 2-3 levels). */
#define BW_MAX_SH_DEPTH 64u
/* Length of an ignore-file line. */
#define BW_MAX_IGNORE_LINE 4096u
/* Files one lint run walks in a folder before it stops with an error. */
#define BW_MAX_WALK_FILES 200000u
/* Folder depth a walk descends. */
#define BW_MAX_WALK_DEPTH 64u
/* Report output buffer (one finding's message). */
#define BW_MAX_MESSAGE 4096u

/* Images (src/image/, src/pkg/). An image is hostile input: every bound below is far above
 * what real images reach, and refusing is better than exhausting memory or disk. */
/* Layers in one image: overlayfs stacks at most 128 lower dirs; Docker refuses more. */
#define BW_MAX_IMG_LAYERS 256u
/* Tar entries in all layers together; the largest real images hold a few 100k files, and
 * each file costs ~65 bytes of index (src/image/fs.c), so this bounds the index near 260 MiB
 * (its names to 4 GiB). A streamed archive also holds its entries packed (src/image/recs.c,
 * ~6 bytes plus the part of the path new to the previous entry) until the layer order is
 * known; a seekable file does not. */
#define BW_MAX_IMG_ENTRIES 4000000u
/* Entries in the outer docker-save / OCI archive (layers, configs, manifests), not in layers. */
#define BW_MAX_IMG_ARCHIVE_ENTRIES 100000u
/* Path or link target in a layer: PATH_MAX on Linux. */
#define BW_MAX_IMG_PATH 4096u
/* Components of one path: the kernel's own nesting bound for overlay paths is lower. */
#define BW_MAX_IMG_PATH_DEPTH 256u
/* JSON documents (index, manifest, config): real configs with long histories are < 1 MiB. */
#define BW_MAX_IMG_JSON (16u * 1024u * 1024u)
/* Size a layer entry may claim, and bytes one layer may decompress to: bounds a gzip/zstd
 * bomb (a 64 GiB layer is already far beyond any real image). */
#define BW_MAX_IMG_ENTRY_SIZE (64ull * 1024u * 1024u * 1024u)
#define BW_MAX_IMG_LAYER_BYTES (256ull * 1024u * 1024u * 1024u)
/* Symlinks followed while resolving one path inside an image: Linux's own MAXSYMLINKS. */
#define BW_MAX_IMG_SYMLINKS 40u
/* Bytes of one file handed to a cataloger that reads it whole (dpkg status is ~2 MiB on big
 * images); catalogers ask for less where they can. */
#define BW_MAX_PKG_FILE (64u * 1024u * 1024u)
/* Packages in one image: big distro images hold ~5,000; language trees a few 10k. */
#define BW_MAX_PKG_PACKAGES 1000000u
/* Paragraphs/fields of one package database record, and one field's length. */
#define BW_MAX_PKG_FIELD (1024u * 1024u)
/* Bytes of an ELF file kept before its section header table while it streams, to find a
 * section that is not loaded (cargo-auditable's .dep-v0 sits there, after .comment, before
 * .symtab/.strtab: a few MiB even in big unstripped binaries). */
#define BW_MAX_ELF_TAIL (16u * 1024u * 1024u)
/* Decompressed cargo-auditable JSON: cargo-auditable's own parser suggests 8 MiB as more
 * than any real dependency list needs (~100 bytes per crate); bounds a zlib bomb. */
#define BW_MAX_CARGO_AUDIT_JSON (8u * 1024u * 1024u)

/* YAML (src/util/ydoc.c), compose and Kubernetes models (src/lint/compose.c, k8s.c). */
/* Nodes one YAML file may expand to once aliases are resolved: real compose files and
 * manifest bundles have < 50k; bounds "billion laughs" alias bombs in time and memory. */
#define BW_MAX_YAML_NODES 1000000u
/* Nesting of one YAML document, aliases included: real files nest < 30 levels, and every
 * consumer of the tree may recurse this deep. */
#define BW_MAX_YAML_DEPTH 256u
/* Documents in one YAML stream: kubectl bundles have hundreds. */
#define BW_MAX_YAML_DOCS 100000u
/* Length of one compose `extends` chain and nesting of `include`: Compose itself rejects
 * cycles; real chains are 1-3 long. */
#define BW_MAX_COMPOSE_EXTENDS 32u
#define BW_MAX_COMPOSE_INCLUDE_DEPTH 16u
/* Nesting of `${A:-${B:-...}}` in one interpolated value, and bytes one value may grow to. */
#define BW_MAX_INTERP_DEPTH 16u
#define BW_MAX_INTERP_VALUE (1024u * 1024u)
/* Services in one compose file: real projects have < 300; `extends` looks them up linearly. */
#define BW_MAX_COMPOSE_SERVICES 10000u
/* Variables in one `.env` file: real ones have < 200; lookups are linear. */
#define BW_MAX_DOTENV_VARS 10000u

#endif
