#ifndef CQUIRE_ARCHIVE_SHIM_H
#define CQUIRE_ARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

/* AE_IF* are cast macros ((__LA_MODE_T)0100000), which Swift does not import. */
static inline unsigned int CQuireArchive_fileTypeMask(void) { return AE_IFMT; }
static inline unsigned int CQuireArchive_fileTypeRegular(void) { return AE_IFREG; }
static inline unsigned int CQuireArchive_fileTypeDirectory(void) { return AE_IFDIR; }
static inline unsigned int CQuireArchive_fileTypeSymlink(void) { return AE_IFLNK; }
static inline unsigned int CQuireArchive_fileTypeCharacter(void) { return AE_IFCHR; }
static inline unsigned int CQuireArchive_fileTypeBlock(void) { return AE_IFBLK; }
static inline unsigned int CQuireArchive_fileTypeFIFO(void) { return AE_IFIFO; }
static inline unsigned int CQuireArchive_fileTypeSocket(void) { return AE_IFSOCK; }
#endif
