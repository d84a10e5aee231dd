#ifndef CQUIRE_XML2_SHIM_H
#define CQUIRE_XML2_SHIM_H
/* Debian builds libxml2 with ICU; its <unicode/ucnv.h> clashes with Foundation's bundled ICU
   (UErrorCode defined twice). ICU only touches encoding.h, which Quire never uses. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>

/* xmlFree is a global function pointer variable, which Swift 6 rejects. */
static inline void CQuireXML2_free(void *p) { xmlFree(p); }
#endif
