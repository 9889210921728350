//! One server per data directory: the call caps and the users are kept in the server's memory
//! (`app::ssr::call_caps`, `app::ssr::directory`), so a second server on the same database would
//! count only its own calls.

use std::{
    fs::{File, OpenOptions, TryLockError},
    path::Path,
};

/// Takes `DATA_DIR/server.lock` for as long as the returned file is kept open (the lock goes with
/// the process, however it ends). The admin commands don't take it: they may run beside a server.
///
/// Errors: another server holds it (named in words), or the file can't be opened.
pub fn hold(data_dir: &Path) -> anyhow::Result<File> {
    app::ssr::private_files::create_private_dir_all(data_dir)
        .map_err(|e| anyhow::anyhow!("creating {}: {e}", data_dir.display()))?;
    let path = data_dir.join("server.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow::anyhow!("opening {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(anyhow::anyhow!(
            "another server is already running on the data directory {} (it holds {}): run one \
             server per data directory, or give this one its own DATA_DIR",
            data_dir.display(),
            path.display()
        )),
        Err(TryLockError::Error(e)) => Err(anyhow::anyhow!("locking {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::hold;

    #[test]
    fn a_second_server_on_the_same_data_directory_is_refused_until_the_first_goes() {
        let dir = std::env::temp_dir().join(format!("softphone-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = hold(&dir).unwrap();
        let refused = hold(&dir).unwrap_err().to_string();
        assert!(
            refused.contains("another server is already running"),
            "{refused}"
        );
        drop(first);
        assert!(hold(&dir).is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }
}
