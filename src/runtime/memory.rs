//! Giving freed memory back to the system. glibc keeps what a program frees in its arenas,
//! and a poll's answer at 100k rows frees tens of megabytes in many small pieces (the rows and
//! index it replaced, the pages it decoded): without a trim, RSS climbs with every poll that
//! changed something, although the live data stays the same size.

/// Called on a blocking thread after a poll's replaced rows were dropped.
pub(crate) fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
