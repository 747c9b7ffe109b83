//! Answers a view keeps until the data changes, and reads ahead on a thread
//! with a read-only connection of its own while the user looks at something
//! else: for the few reads that cost more than a key may (lead times).

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

/// What a look at a read left to a thread found.
pub enum Look<T> {
    Came(T),
    Waiting,
    /// The thread ended without an answer: read it in place.
    Failed,
}

/// Looks whether the read behind `receive` has answered, without waiting.
pub fn look<T>(receive: &Receiver<T>) -> Look<T> {
    match receive.try_recv() {
        Ok(v) => Look::Came(v),
        Err(TryRecvError::Empty) => Look::Waiting,
        Err(TryRecvError::Disconnected) => Look::Failed,
    }
}

use rusqlite::Connection;

use super::Result;

/// What one answer was read for: the file's `data_version` and the reading
/// connection's change count (as the text filter's index uses them), and the
/// read's own arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Key {
    pub version: (i64, u64),
    pub args: String,
}

pub(super) struct ReadAhead<T> {
    kept: RefCell<Option<(Key, T)>>,
    pending: RefCell<Option<(Key, Receiver<T>)>>,
}

impl<T> Default for ReadAhead<T> {
    fn default() -> Self {
        ReadAhead {
            kept: RefCell::new(None),
            pending: RefCell::new(None),
        }
    }
}

impl<T: Clone + Send + 'static> ReadAhead<T> {
    /// The answer for `key` if it is kept or being read ahead (waiting for
    /// it: reading it again would cost as much); `None` if it must be read.
    pub(super) fn take(&self, key: &Key) -> Option<T> {
        if let Some((k, v)) = self.kept.borrow().as_ref()
            && k == key
        {
            return Some(v.clone());
        }
        let (k, receive) = self.pending.borrow_mut().take()?;
        if k != *key {
            return None;
        }
        let got = receive.recv().ok()?;
        *self.kept.borrow_mut() = Some((k, got.clone()));
        Some(got)
    }

    /// Whether the answer for `key` is still being read, so that taking it
    /// now would wait. An answer that has come meanwhile is kept.
    pub(super) fn waiting(&self, key: &Key) -> bool {
        let mut pending = self.pending.borrow_mut();
        let Some((k, receive)) = pending.as_ref() else {
            return false;
        };
        if k != key {
            return false;
        }
        match look(receive) {
            Look::Came(v) => {
                if let Some((k, _)) = pending.take() {
                    *self.kept.borrow_mut() = Some((k, v));
                }
                false
            }
            Look::Waiting => true,
            // Whoever takes it reads it again.
            Look::Failed => {
                *pending = None;
                false
            }
        }
    }

    /// Keeps what was just read for `key`.
    pub(super) fn keep(&self, key: Key, value: T) {
        *self.kept.borrow_mut() = Some((key, value));
    }

    /// Starts `read` on a thread for `key`, unless what is kept or being
    /// read is for it already. Without a file (the demo) nothing starts.
    pub(super) fn warm(
        &self,
        key: Key,
        path: Option<PathBuf>,
        read: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) {
        let Some(path) = path else {
            return;
        };
        let current = |k: &Key| *k == key;
        if self.kept.borrow().as_ref().is_some_and(|(k, _)| current(k))
            || self
                .pending
                .borrow()
                .as_ref()
                .is_some_and(|(k, _)| current(k))
        {
            return;
        }
        if let Some(receive) = read_on_thread("read ahead", path, read) {
            *self.pending.borrow_mut() = Some((key, receive));
        }
    }
}

/// Runs `read` on a thread named `name` with a read-only connection of its
/// own to the file at `path`; its answer comes on the channel returned (none
/// if the thread could not start; nothing is sent if the read failed).
pub(super) fn read_on_thread<T: Send + 'static>(
    name: &str,
    path: PathBuf,
    read: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
) -> Option<Receiver<T>> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let Ok(conn) = Connection::open_with_flags(&path, flags) else {
                return;
            };
            let _ = conn.busy_timeout(std::time::Duration::from_secs(2));
            if let Ok(v) = read(&conn) {
                let _ = send.send(v);
            }
        })
        .ok()?;
    Some(receive)
}
