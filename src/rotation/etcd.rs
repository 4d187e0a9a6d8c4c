//! The `etcd:/KEY` backend (etcd v3 API; endpoints from `--etcd-endpoints` or
//! `HUSH_ETCD_ENDPOINTS`).
//!
//! Consumers read `/KEY`, so `/KEY` always holds the current value. etcd's own MVCC history
//! is no version store (any compaction drops it), so hush keeps its versions in keys of
//! their own next to it:
//!
//! * `/KEY@hush/v/000001`, `/KEY@hush/v/000002`, ...: each version's value, written once
//!   (the write requires the key not to exist) and never changed or deleted;
//! * `/KEY@hush/index`: the [`History`](super::history::History) as JSON (current and
//!   previous version, each version's creation time and state).
//!
//! Keys containing `@hush/` are refused as references, so no hush-managed secret's key can be
//! another's version or index key. Every change is one transaction guarded by the
//! `mod_revision` of `/KEY` and of the index as hush read them: staging puts the version key
//! and the index, promotion and rollback put `/KEY` (the version's value copied in) and the
//! index. A concurrent writer makes the transaction fail; hush then decides again on fresh
//! data and reports a conflict when the current version changed.

use std::time::Duration;

use etcd_client::{Client, Compare, CompareOp, Txn, TxnOp, TxnOpResponse};
use zeroize::Zeroizing;

use super::history::History;
use super::indexed::{Change, IndexedStore, Snapshot};
use crate::error::{Error, Result};
use crate::k8s::etcd::{EtcdOptions, connect_options};
use crate::recipients::service::{block_on, error_chain};

/// What separates hush's keys from the secret's key.
const MARK: &str = "@hush/";

/// How long one request may take (an unreachable server fails after this).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// One secret key in etcd.
pub struct EtcdKey {
    client: Client,
    endpoints: String,
    key: String,
    reference: String,
}

/// The `mod_revision`s of `/KEY` and of the index as read (0: the key does not exist).
pub struct Revisions {
    value: i64,
    index: i64,
}

impl EtcdKey {
    /// `key` on the etcd cluster at `endpoints`.
    pub fn connect(key: &str, endpoints: &[String]) -> Result<EtcdKey> {
        let reference = format!("etcd:{key}");
        let fail = |reason: String| Error::SecretBackend {
            reference: reference.clone(),
            reason,
        };
        if key.contains(MARK) {
            return Err(Error::BadReference {
                reference: reference.clone(),
                reason: format!("keys containing `{MARK}` hold hush's version history"),
            });
        }
        if endpoints.is_empty() {
            return Err(fail(
                "no etcd endpoints: pass --etcd-endpoints URL[,URL] or set HUSH_ETCD_ENDPOINTS"
                    .into(),
            ));
        }
        // The connection setup `hush k8s` uses (plain endpoints; the page size is unused).
        let options = EtcdOptions {
            endpoints: endpoints.to_vec(),
            cacert: None,
            cert: None,
            key: None,
            page_size: 1,
        };
        let connect = connect_options(&options)?.with_timeout(REQUEST_TIMEOUT);
        let client = block_on(Client::connect(endpoints, Some(connect)))
            .map_err(&fail)?
            .map_err(|e| {
                fail(format!(
                    "cannot set up the etcd client: {}",
                    error_chain(&e)
                ))
            })?;
        Ok(EtcdKey {
            client,
            endpoints: endpoints.join(","),
            key: key.to_string(),
            reference,
        })
    }

    fn index_key(&self) -> String {
        format!("{}{MARK}index", self.key)
    }

    fn version_key(&self, n: u64) -> String {
        format!("{}{MARK}v/{n:06}", self.key)
    }

    fn txn(&self, txn: Txn) -> Result<etcd_client::TxnResponse> {
        let mut client = self.client.clone();
        let fail = |reason: String| Error::SecretBackend {
            reference: self.reference.clone(),
            reason,
        };
        block_on(async move { client.txn(txn).await })
            .map_err(&fail)?
            .map_err(|e| fail(self.describe(&e)))
    }

    /// Why a request failed, and what to do about it.
    fn describe(&self, e: &etcd_client::Error) -> String {
        let status = match e {
            etcd_client::Error::GRpcStatus(s) if format!("{:?}", s.code()) != "Unavailable" => s,
            _ => {
                return format!(
                    "etcd at {} could not be reached: {}; check --etcd-endpoints (HUSH_ETCD_ENDPOINTS) and that the server runs",
                    self.endpoints,
                    error_chain(e)
                );
            }
        };
        let code = format!("{:?}", status.code());
        let message = status.message();
        let auth = matches!(code.as_str(), "PermissionDenied" | "Unauthenticated")
            || ["user name", "permission denied", "auth"]
                .iter()
                .any(|w| message.contains(w));
        if auth {
            format!(
                "etcd at {} refused access ({message}); hush connects without etcd authentication, so the server must let unauthenticated clients read and write {} and the keys under {}{MARK}",
                self.endpoints, self.key, self.key
            )
        } else {
            format!("etcd at {} refused the request: {message}", self.endpoints)
        }
    }

    /// The value and `mod_revision` of the `i`th get of a transaction's answer.
    fn got(answer: &[TxnOpResponse], i: usize) -> Option<(Zeroizing<Vec<u8>>, i64)> {
        match answer.get(i) {
            Some(TxnOpResponse::Get(r)) => r
                .kvs()
                .first()
                .map(|kv| (Zeroizing::new(kv.value().to_vec()), kv.mod_revision())),
            _ => None,
        }
    }
}

impl IndexedStore for EtcdKey {
    type Stamp = Revisions;

    fn reference(&self) -> &str {
        &self.reference
    }

    fn snapshot(&self) -> Result<Snapshot<Revisions>> {
        let txn = Txn::new().and_then([
            TxnOp::get(self.key.as_str(), None),
            TxnOp::get(self.index_key(), None),
        ]);
        let answer = self.txn(txn)?.op_responses();
        let value = Self::got(&answer, 0);
        let index = Self::got(&answer, 1);
        let history = match &index {
            Some((bytes, _)) => Some(History::from_json(
                bytes,
                &self.reference,
                &format!("etcd key {}", self.index_key()),
            )?),
            None => None,
        };
        let stamp = Revisions {
            value: value.as_ref().map_or(0, |v| v.1),
            index: index.as_ref().map_or(0, |v| v.1),
        };
        Ok(Snapshot {
            value: value.map(|v| v.0),
            history,
            stamp,
        })
    }

    fn version(&self, n: u64) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let txn = Txn::new().and_then([TxnOp::get(self.version_key(n), None)]);
        let answer = self.txn(txn)?.op_responses();
        Ok(Self::got(&answer, 0).map(|v| v.0))
    }

    fn commit(&self, seen: &Snapshot<Revisions>, change: Change) -> Result<bool> {
        let mut compares = vec![
            Compare::mod_revision(self.key.as_str(), CompareOp::Equal, seen.stamp.value),
            Compare::mod_revision(self.index_key(), CompareOp::Equal, seen.stamp.index),
        ];
        let mut ops = Vec::new();
        if let Some((n, value)) = change.version {
            compares.push(Compare::version(self.version_key(n), CompareOp::Equal, 0));
            ops.push(TxnOp::put(self.version_key(n), value, None));
        }
        if let Some(value) = change.value {
            ops.push(TxnOp::put(self.key.as_str(), value, None));
        }
        ops.push(TxnOp::put(self.index_key(), change.history.to_json(), None));
        let answer = self.txn(Txn::new().when(compares).and_then(ops))?;
        Ok(answer.succeeded())
    }
}
