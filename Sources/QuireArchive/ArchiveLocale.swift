#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether `LC_CTYPE` is `C.UTF-8`, set once for the process by the first archive call.
///
/// libarchive converts entry names through the C locale: under the default "C" locale a non-ASCII name
/// converts to NULL and `archive_write_header` crashed on it (notes/toolchain.md §2a). Every public entry
/// point of this module reads this value first; tests never run `main`, so the setting cannot live there.
/// Only `LC_CTYPE` changes: number and date formatting stay as they were.
let archiveLocaleIsUTF8: Bool = setlocale(LC_CTYPE, "C.UTF-8") != nil
