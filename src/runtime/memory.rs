//! Keeping RSS flat over polls. glibc raises its mmap threshold each time a large block is
//! freed, so after the first poll the 5–10 MB vectors of each answer (rows, filter index) come
//! from the heap instead of their own mappings, and the heap never shrinks back: RSS grew by
//! 43 % over 30 polls at 100k rows, with the same data held. A fixed threshold keeps large
//! blocks in mappings that go back to the system when freed (+5 % over 30 polls). A
//! `malloc_trim` after each answer was tried too: it changed nothing in RSS and added pauses
//! of up to 30 ms to keys. Measured by `cargo bench --bench polling`.

/// Blocks from this size up get their own mapping (glibc's default, made fixed).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Called once at start, before the first poll.
pub(crate) fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before other threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
