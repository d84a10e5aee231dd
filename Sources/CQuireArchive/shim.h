#ifndef CQUIRE_ARCHIVE_SHIM_H
#define CQUIRE_ARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif
/* zlib is libarchive's own inflater. Quire calls it directly for gzip because libarchive 3.6.2 never checks
 * the gzip trailer (consume_trailer: "XXX TODO: Verify the length and CRC"), so a corrupted stream would pass. */
#include <zlib.h>

/* AE_IF* are cast macros ((__LA_MODE_T)0100000), which Swift does not import. */
static inline unsigned int CQuireArchive_fileTypeMask(void) { return AE_IFMT; }
static inline unsigned int CQuireArchive_fileTypeRegular(void) { return AE_IFREG; }
static inline unsigned int CQuireArchive_fileTypeDirectory(void) { return AE_IFDIR; }
static inline unsigned int CQuireArchive_fileTypeSymlink(void) { return AE_IFLNK; }
static inline unsigned int CQuireArchive_fileTypeCharacter(void) { return AE_IFCHR; }
static inline unsigned int CQuireArchive_fileTypeBlock(void) { return AE_IFBLK; }
static inline unsigned int CQuireArchive_fileTypeFIFO(void) { return AE_IFIFO; }
static inline unsigned int CQuireArchive_fileTypeSocket(void) { return AE_IFSOCK; }

/* inflateInit2 is a function-like macro, which Swift does not import. 16 + MAX_WBITS asks for the gzip
 * wrapper, so inflate() itself verifies each member's CRC-32 and ISIZE (RFC 1952 §2.3.1). */
static inline int CQuireArchive_inflateInitGzip(z_stream *stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}

/* rename() silently replaces an empty directory that appeared at the destination after our check;
 * renameat2(RENAME_NOREPLACE) / renamex_np(RENAME_EXCL) refuse atomically. glibc declares renameat2 only
 * under _GNU_SOURCE, which a module header cannot set, hence the raw system call. Returns -1 with errno
 * ENOSYS or EINVAL where the kernel or file system lacks the flag; the caller then falls back to rename(). */
static inline int CQuireArchive_renameNoReplace(const char *from, const char *to) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1u /* RENAME_NOREPLACE */);
#elif defined(__APPLE__)
    return renamex_np(from, to, RENAME_EXCL);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#endif
