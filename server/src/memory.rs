//! How the process gives memory back to the system.

/// glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MiB), after
/// which every large block — each Argon2 hash takes 19 MiB — is carved from the heap and never
/// returned, so a server that checked a few passwords held ~45 MiB it no longer used. A fixed
/// threshold (128 KiB, glibc's default starting value) keeps large blocks mapped and unmapped:
/// measured idle, after start and one sign-in, anonymous memory 45 MiB -> 7 MiB (README
/// "Measuring the server"). See mallopt(3), M_MMAP_THRESHOLD.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; any value is valid for M_MMAP_THRESHOLD
    // up to HEAP_MAX (32 MiB on 64-bit), and it may be called at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
