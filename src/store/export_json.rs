//! The JSON export written while it is read: the layout of [`Export`] byte
//! for byte (pretty-printed), with the portfolio's derived codes, the items,
//! the archived items, each team's backlog and the change log serialised one
//! element at a time as their queries return them. Memory stays flat however
//! large the backlog; one read transaction keeps the document one snapshot
//! while others write.
//!
//! [`Export`]: super::Export

use std::cell::RefCell;
use std::io::Write as _;
use std::marker::PhantomData;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::export::{EXPORT_FORMAT, ExportTeam};
use super::schema::SCHEMA_VERSION;
use super::{Store, StoreError};
use crate::domain::dor::DorPoint;
use crate::domain::portfolio::PortfolioId;
use crate::domain::score::Method;

/// Why a streamed export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the file failed: the message of the store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the document failed (a full disk, a closed pipe).
    #[error("could not write the export: {0}")]
    Write(#[source] serde_json::Error),
}

impl Store {
    /// Writes the export as pretty JSON while reading it; `history` adds the
    /// change log. The document is what [`Store::export`] (plus
    /// [`Store::change_log`]) would serialise.
    pub fn write_export_json(
        &self,
        dor: &[DorPoint],
        method: Method,
        history: bool,
        out: &mut dyn std::io::Write,
    ) -> Result<(), ExportError> {
        let doc = Document {
            store: self,
            dor,
            method,
            history,
            failed: RefCell::new(None),
        };
        // A buffer of a type the serialiser knows: its many small writes are
        // copies into it, not calls through `dyn Write`.
        let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
        let written = self.in_one_read(|| {
            Ok::<_, StoreError>(
                serde_json::to_writer_pretty(&mut w, &doc)
                    .and_then(|()| w.flush().map_err(serde_json::Error::io)),
            )
        })?;
        match (written, doc.failed.into_inner()) {
            (_, Some(e)) => Err(ExportError::Store(e)),
            (Err(e), None) => Err(ExportError::Write(e)),
            (Ok(()), None) => Ok(()),
        }
    }

    /// Runs `read` in one read transaction, so every query in it sees the
    /// file as it was when the first one ran, whatever others commit meanwhile.
    pub fn in_one_read<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        let out = read();
        // Nothing was written: ending the transaction only lets go of the snapshot.
        tx.rollback().map_err(StoreError::from)?;
        out
    }
}

/// Stops a read: the serialiser failed (its error waits beside the read) or
/// the store did.
enum Halt {
    Write,
    Store(StoreError),
}

impl From<StoreError> for Halt {
    fn from(e: StoreError) -> Self {
        Halt::Store(e)
    }
}

/// A sink for the elements of a sequence.
type Sink<'s, T> = &'s mut dyn FnMut(T) -> Result<(), Halt>;

/// The whole document, read while it is serialised.
struct Document<'a> {
    store: &'a Store,
    dor: &'a [DorPoint],
    method: Method,
    history: bool,
    /// The store's error, when a read failed (serde keeps only its message).
    failed: RefCell<Option<StoreError>>,
}

impl Document<'_> {
    /// A sequence whose elements `read` hands over one at a time.
    fn seq<T, F>(&self, read: F) -> Seq<'_, T, F>
    where
        F: Fn(Sink<'_, T>) -> Result<(), Halt>,
    {
        Seq {
            read,
            failed: &self.failed,
            element: PhantomData,
        }
    }

    fn fail<E: serde::ser::Error>(&self, e: StoreError) -> E {
        let error = E::custom(&e);
        self.failed.borrow_mut().get_or_insert(e);
        error
    }
}

struct Seq<'a, T, F> {
    read: F,
    failed: &'a RefCell<Option<StoreError>>,
    element: PhantomData<fn(T)>,
}

impl<T, F> Serialize for Seq<'_, T, F>
where
    T: Serialize,
    F: Fn(Sink<'_, T>) -> Result<(), Halt>,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut refused = None;
        let read = (self.read)(&mut |element: T| {
            seq.serialize_element(&element).map_err(|e| {
                refused = Some(e);
                Halt::Write
            })
        });
        match read {
            Ok(()) => seq.end(),
            Err(Halt::Write) => {
                Err(refused.unwrap_or_else(|| S::Error::custom("the export stopped")))
            }
            Err(Halt::Store(e)) => {
                let error = S::Error::custom(&e);
                self.failed.borrow_mut().get_or_insert(e);
                Err(error)
            }
        }
    }
}

/// The codes of a portfolio item's derived items, read as they are written.
struct Derived<'a> {
    doc: &'a Document<'a>,
    of: PortfolioId,
}

impl Serialize for Derived<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let store = self.doc.store;
        self.doc
            .seq(|each: Sink<'_, String>| store.export_derived(self.of, each))
            .serialize(s)
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let store = self.store;
        let (dor, method) = (self.dor, self.method);
        let mut st = s.serialize_struct("Export", if self.history { 10 } else { 9 })?;
        st.serialize_field("format", &EXPORT_FORMAT)?;
        st.serialize_field("schema", &SCHEMA_VERSION)?;
        st.serialize_field(
            "portfolio",
            &self.seq(|each| store.export_portfolio(|of| Ok(Derived { doc: self, of }), each)),
        )?;
        st.serialize_field(
            "items",
            &self.seq(|each| store.export_items(dor, method, each)),
        )?;
        st.serialize_field(
            "archived",
            &self.seq(|each| store.export_archived(dor, method, each)),
        )?;
        let teams = store.teams().map_err(|e| self.fail(e))?;
        st.serialize_field(
            "teams",
            &self.seq(|each| {
                for t in &teams {
                    let id = t.id;
                    each(ExportTeam {
                        id,
                        code: t.code.clone(),
                        name: t.name.clone(),
                        product_owner: t.product_owner.clone(),
                        capacity: t.capacity,
                        items: self.seq(move |each| store.export_team_items(id, each)),
                    })?;
                }
                Ok(())
            }),
        )?;
        st.serialize_field(
            "releases",
            &store.export_releases().map_err(|e| self.fail(e))?,
        )?;
        st.serialize_field(
            "stakeholders",
            &store.export_stakeholders().map_err(|e| self.fail(e))?,
        )?;
        // Left out while there are none, as the document type says.
        let cycles = store.export_cycles().map_err(|e| self.fail(e))?;
        if cycles.is_empty() {
            st.skip_field("cycles")?;
        } else {
            st.serialize_field("cycles", &cycles)?;
        }
        if self.history {
            st.serialize_field("history", &self.seq(|each| store.export_history(each)))?;
        }
        st.end()
    }
}
