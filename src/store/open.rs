//! Opening a database file without ever damaging a file that is not ours.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::SchemaVersion;

use super::lead_times::LeadCache;
use super::schema::{SCHEMA_VERSION, migrations, upgrade};
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
        let existed = path.exists();
        if existed {
            check_existing(&path)?;
        }
        match Store::open_writable(&path) {
            // A file this call made on a full disk is taken away again, so
            // "nothing was changed" holds. (Only then: another process may be
            // creating the same file, and a lock wait must not remove its work.)
            Err(e @ StoreError::DiskFull(_)) if !existed => {
                for p in [
                    path.clone(),
                    PathBuf::from(format!("{}-wal", path.display())),
                    PathBuf::from(format!("{}-shm", path.display())),
                    PathBuf::from(format!("{}-journal", path.display())),
                ] {
                    if p.exists() {
                        let _ = std::fs::remove_file(p);
                    }
                }
                Err(e)
            }
            other => other,
        }
    }

    fn open_writable(path: &Path) -> Result<Store> {
        let path = path.to_path_buf();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let writable = Connection::open_with_flags(&path, flags)
            .map_err(|e| open_error(&path, &e))
            .and_then(|conn| {
                if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
                    return Err(StoreError::ReadOnly(path.clone()));
                }
                configure(&conn).map_err(|e| open_error(&path, &e))?;
                Ok(conn)
            });
        let mut conn = match writable {
            Ok(conn) => conn,
            // A file we may read but not write opens for viewing and export.
            Err(StoreError::ReadOnly(_)) if path.exists() => return open_read_only(path),
            Err(e) => return Err(e),
        };
        migrate(&mut conn, &path)?;
        let check = Some(spawn_check(path.clone()));
        let text = TextFilter::default();
        register(&conn, &text)?;
        Ok(Store {
            conn,
            path: Some(path),
            today: None,
            read_only: false,
            check,
            damage: None,
            text,
            lead: LeadCache::default(),
        })
    }

    /// Opens a file read-only as `open` does for a file it may not write, so
    /// tests can check the read-only path whatever user runs them.
    #[doc(hidden)]
    pub fn open_read_only_for_test(path: &Path) -> Result<Store> {
        open_read_only(path.to_path_buf())
    }

    /// A private database in memory: the demo, so it never touches a user's file.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        upgrade(&mut conn, None)?;
        let text = TextFilter::default();
        register(&conn, &text)?;
        Ok(Store {
            conn,
            path: None,
            today: None,
            read_only: false,
            check: None,
            damage: None,
            text,
            lead: LeadCache::default(),
        })
    }
}

impl Store {
    /// Creates a database at an older schema version, to test upgrades.
    #[doc(hidden)]
    pub fn create_at_schema(path: &Path, version: usize) -> Result<()> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        upgrade(&mut conn, Some(version))?;
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
    // This connection's name in the change log, so a board can tell its own
    // changes from the ones it narrates. A temp table lives per connection.
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS session(id TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS clock(at TEXT NOT NULL);",
    )?;
    conn.execute(
        "INSERT INTO temp.session(id) SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM temp.session)",
        [format!("{:016x}", fastrand::u64(..))],
    )?;
    Ok(())
}

/// A file this user may read but not write: open for viewing and export. A
/// directory we cannot write either leaves no room for `SQLite`'s `-shm` file,
/// so the file is then read as immutable.
fn open_read_only(path: PathBuf) -> Result<Store> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let plain = Connection::open_with_flags(&path, flags).and_then(|c| {
        c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .map(|_| c)
    });
    let conn = if let Ok(c) = plain {
        c
    } else {
        let uri = format!("file:{}?immutable=1", uri_path(&path));
        Connection::open_with_flags(uri, flags).map_err(|e| open_error(&path, &e))?
    };
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS session(id TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS clock(at TEXT NOT NULL);",
    )?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if usize::try_from(version).ok() != Some(SCHEMA_VERSION) {
        return Err(StoreError::ReadOnlyOld {
            path,
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    let text = TextFilter::default();
    register(&conn, &text)?;
    Ok(Store {
        conn,
        path: Some(path),
        today: None,
        read_only: true,
        check: None,
        damage: None,
        text,
        lead: LeadCache::default(),
    })
}

/// A path written into an `SQLite` URI, with the characters a URI reserves escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Checks the whole file for damage on a connection of its own, off the
/// thread that draws, so opening stays fast; writes wait for its answer.
fn spawn_check(path: PathBuf) -> super::Check {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        // A connection that takes part in the WAL's locks like any other, so
        // it reads one consistent snapshot while other processes write and
        // checkpoint; it only reads. A read-only connection could open while
        // the WAL is briefly gone and read pages a checkpoint is rewriting.
        let Ok(conn) = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .or_else(|_| {
            Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }) else {
            // Could not look: that is not damage; the writes will say.
            return Ok(());
        };
        let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
        // The store may stop the check when it closes first.
        let _ = tx.send(conn.get_interrupt_handle());
        let check = |conn: &Connection| -> Result<String, rusqlite::Error> {
            conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        };
        let found = match check(&conn) {
            Ok(answer) if answer == "ok" => return Ok(()),
            Ok(answer) => answer,
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => e.to_string(),
            // Busy, out of memory, or interrupted because the store is
            // closing: not a finding about the file, and no reason to look
            // again (a second whole check would hold up the close).
            Err(_) => return Ok(()),
        };
        // Damage is said only when a second look agrees.
        match check(&conn) {
            Ok(answer) if answer == "ok" => Ok(()),
            _ => Err(found),
        }
    });
    super::Check {
        handle,
        interrupt: rx,
    }
}

fn open_error(path: &Path, e: &rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly(path.to_path_buf())
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull(path.to_path_buf()),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Locked(path.to_path_buf())
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

    // Immutable, when no other connection is at work (no -wal beside it): the
    // check then writes nothing, not even a -wal or -shm beside a file it may
    // go on to refuse. With one there, an immutable read could meet pages a
    // checkpoint is rewriting, so the check takes part in the locks instead;
    // and what reads as damage is looked at again before it is believed.
    let look = || -> Result<(i64, i64, bool)> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let ro = if Path::new(&wal).exists() {
            let c = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| open_error(path, &e))?;
            let _ = c.busy_timeout(Duration::from_secs(5));
            c
        } else {
            Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(|e| open_error(path, &e))?
        };
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
        Ok((version, tables, has_items))
    };
    let mut tries = 0;
    let (version, tables, has_items) = loop {
        match look() {
            Err(StoreError::Corrupt { .. }) if tries < 3 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(25 * tries));
            }
            other => break other?,
        }
    };
    if (version == 0 && tables > 0) || (version > 0 && !has_items) {
        return Err(StoreError::ForeignDatabase(path.to_path_buf()));
    }
    let Ok(found) = usize::try_from(version) else {
        return Err(StoreError::BadVersion {
            path: path.to_path_buf(),
            found: version,
        });
    };
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
    upgrade(conn, None)
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
