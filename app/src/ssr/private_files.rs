//! Files and directories only their owner may read: the database (password hashes, sessions,
//! call records), local mode's credentials, and the data directory holding them. Created with
//! mode 0700 (directories) and 0600 (files) whatever the umask; a database file left readable
//! by an earlier version is tightened.

use std::{io, path::Path};

/// Creates `dir` and any missing parents, each private to the user (parents that exist are
/// left as they are).
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Makes sure `file` exists and only its owner can read or write it (creating it empty, as
/// SQLite accepts, if missing). SQLite gives its `-wal` and `-shm` files the database's mode.
pub fn ensure_private_file(file: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let opened = options.open(file)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = opened.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            opened.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_created_private_and_loose_files_tightened() {
        let root = std::env::temp_dir().join(format!(
            "softphone-private-{}",
            twilio_core::sid::random_secret()
        ));
        let dir = root.join("a/b");
        create_private_dir_all(&dir).unwrap();
        assert_eq!(mode(&root), 0o700);
        assert_eq!(mode(&dir), 0o700);

        let file = dir.join("x.db");
        ensure_private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);

        std::fs::write(dir.join("old.db"), b"data").unwrap();
        std::fs::set_permissions(dir.join("old.db"), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        ensure_private_file(&dir.join("old.db")).unwrap();
        assert_eq!(mode(&dir.join("old.db")), 0o600);
        assert_eq!(std::fs::read(dir.join("old.db")).unwrap(), b"data");
        std::fs::remove_dir_all(root).unwrap();
    }
}
