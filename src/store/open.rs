//! Opening a database file without ever damaging a file that is not ours.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::SchemaVersion;

use super::schema::{SCHEMA_VERSION, migrations};
use super::text_index::{TextFilter, register};
use super::{Result, Store, StoreError};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens (or creates) the cluster database at `path`.
    ///
    /// Everything that could refuse the file is checked on a read-only connection
    /// first, so a foreign, damaged or newer file is never written to.
    pub fn open(path: &Path) -> Result<Store> {
        let path = path.to_path_buf();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(StoreError::MissingDirectory(dir));
        }
        if path.is_dir() {
            return Err(StoreError::IsADirectory(path));
        }
        if path.exists() {
            check_existing(&path)?;
        }

        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(&path, flags).map_err(|e| open_error(&path, &e))?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly(path));
        }
        configure(&conn).map_err(|e| open_error(&path, &e))?;
        migrate(&mut conn, &path)?;
        let text = TextFilter::default();
        register(&conn, &text)?;
        Ok(Store {
            conn,
            path: Some(path),
            today: None,
            text,
        })
    }

    /// A private database in memory: the demo, so it never touches a user's file.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations().to_latest(&mut conn)?;
        let text = TextFilter::default();
        register(&conn, &text)?;
        Ok(Store {
            conn,
            path: None,
            today: None,
            text,
        })
    }
}

impl Store {
    /// Creates a database at an older schema version, to test upgrades.
    #[doc(hidden)]
    pub fn create_at_schema(path: &Path, version: usize) -> Result<()> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrations().to_version(&mut conn, version)?;
        Ok(())
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // WAL lets a second instance read while we write; NORMAL sync is still safe
    // against a killed process in WAL mode.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // 32 MB of page cache keeps a 100,000-item backlog's indexes in memory.
    conn.pragma_update(None, "cache_size", -32_000)?;
    Ok(())
}

fn open_error(path: &Path, e: &rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly(path.to_path_buf())
        }
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Open {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    }
}

/// Refuses a file that is not an `SQLite` database, belongs to another program,
/// is damaged, or comes from a newer clusterboard.
fn check_existing(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut file = File::open(path).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let len = file
        .metadata()
        .map(|m| m.len())
        .map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    if len == 0 {
        return Ok(()); // An empty file is a new database to SQLite.
    }
    if len < 100 || file.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    drop(file);

    let ro = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, &e))?;
    let corrupt = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    };
    let version: i64 = ro
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(corrupt)?;
    // A full integrity check reads the whole file (half a second at 100,000
    // items); damage elsewhere is reported by SQLite when a query reaches it.
    let tables: i64 = ro
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .map_err(corrupt)?;
    let has_items: bool = ro
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type='table' AND name='items')",
            [],
            |r| r.get(0),
        )
        .map_err(corrupt)?;
    if (version == 0 && tables > 0) || (version > 0 && !has_items) {
        return Err(StoreError::ForeignDatabase(path.to_path_buf()));
    }
    let found = usize::try_from(version).unwrap_or(usize::MAX);
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let migrations = migrations();
    let current = match migrations.current_version(conn)? {
        SchemaVersion::NoneSet => 0,
        SchemaVersion::Inside(v) | SchemaVersion::Outside(v) => v.get(),
    };
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    if current > 0 && current < SCHEMA_VERSION {
        backup(conn, path, current)?;
    }
    migrations.to_latest(conn)?;
    Ok(())
}

/// Copies the whole database (WAL included) aside before its schema changes.
pub(super) fn backup(conn: &Connection, path: &Path, version: usize) -> Result<PathBuf> {
    let mut target = path.as_os_str().to_owned();
    target.push(format!(".schema{version}.bak"));
    let target = PathBuf::from(target);
    let failed = |detail: String| StoreError::Backup {
        path: path.to_path_buf(),
        detail,
    };
    if target.exists() {
        std::fs::remove_file(&target).map_err(|e| failed(e.to_string()))?;
    }
    let target_str = target
        .to_str()
        .ok_or_else(|| failed(format!("backup path {} is not UTF-8", target.display())))?;
    conn.execute("VACUUM INTO ?1", [target_str])
        .map_err(|e| failed(e.to_string()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_is_a_readable_copy_of_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let store = Store::open(&path).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO items(kind, title, state, rank) VALUES ('feature','Kept','funnel','a0')",
                [],
            )
            .unwrap();
        let copy = backup(&store.conn, &path, 1).unwrap();
        let other = Connection::open(&copy).unwrap();
        let title: String = other
            .query_row("SELECT title FROM items", [], |r| r.get(0))
            .unwrap();
        assert_eq!(title, "Kept");
        assert!(copy.to_string_lossy().ends_with("c.db.schema1.bak"));
    }
}
