//! Reading kube-apiserver's keys from etcd (v3 API): a consistent, paged scan of key
//! prefixes at one revision, so memory stays bounded however many keys there are.

use std::path::PathBuf;
use std::time::Duration;

use etcd_client::{Certificate, Client, ConnectOptions, GetOptions, Identity, TlsOptions};

use crate::error::{Error, Result};

/// How to reach etcd (the flags etcdctl has).
#[derive(Clone, Debug)]
pub struct EtcdOptions {
    pub endpoints: Vec<String>,
    pub cacert: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Keys per range request.
    pub page_size: i64,
}

/// What a scan reports, in order: the number of keys, then each key and value.
pub enum Event<'a> {
    Total(u64),
    Pair(&'a [u8], &'a [u8]),
}

/// Streams every key under each prefix (in key order) to `sink`.
pub fn scan(
    opts: &EtcdOptions,
    prefixes: &[String],
    sink: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(opts, format!("cannot start the I/O runtime: {e}")))?;
    runtime.block_on(scan_async(opts, prefixes, sink))
}

async fn scan_async(
    opts: &EtcdOptions,
    prefixes: &[String],
    sink: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    let mut client = Client::connect(&opts.endpoints, Some(connect_options(opts)?))
        .await
        .map_err(|e| fail(opts, format!("cannot connect: {e}")))?;
    let mut total = 0u64;
    let mut revision = 0i64;
    for p in prefixes {
        let resp = client
            .get(
                p.as_bytes(),
                Some(GetOptions::new().with_prefix().with_count_only()),
            )
            .await
            .map_err(|e| fail(opts, e.to_string()))?;
        total += u64::try_from(resp.count()).unwrap_or(0);
        if revision == 0 {
            revision = resp.header().map_or(0, |h| h.revision());
        }
    }
    sink(Event::Total(total))?;
    for p in prefixes {
        let end = prefix_end(p.as_bytes());
        let mut start = p.as_bytes().to_vec();
        loop {
            let options = GetOptions::new()
                .with_range(end.clone())
                .with_limit(opts.page_size)
                .with_revision(revision);
            let resp = client
                .get(start.clone(), Some(options))
                .await
                .map_err(|e| fail(opts, e.to_string()))?;
            for kv in resp.kvs() {
                sink(Event::Pair(kv.key(), kv.value()))?;
            }
            match resp.kvs().last() {
                Some(last) if resp.more() => {
                    start = last.key().to_vec();
                    start.push(0);
                }
                _ => break,
            }
        }
    }
    Ok(())
}

/// Client options for `opts`: timeouts, and TLS when a CA or client certificate is given.
pub(crate) fn connect_options(opts: &EtcdOptions) -> Result<ConnectOptions> {
    let mut connect = ConnectOptions::new()
        .with_connect_timeout(Duration::from_secs(5))
        .with_timeout(Duration::from_secs(60));
    if opts.cacert.is_none() && opts.cert.is_none() {
        return Ok(connect);
    }
    let read = |p: &PathBuf| {
        std::fs::read(p).map_err(|source| Error::Read {
            path: p.clone(),
            source,
        })
    };
    let mut tls = TlsOptions::new();
    if let Some(ca) = &opts.cacert {
        tls = tls.ca_certificate(Certificate::from_pem(read(ca)?));
    }
    match (&opts.cert, &opts.key) {
        (Some(cert), Some(key)) => tls = tls.identity(Identity::from_pem(read(cert)?, read(key)?)),
        (None, None) => {}
        _ => return Err(Error::Usage("--cert and --key go together".into())),
    }
    connect = connect.with_tls(tls);
    Ok(connect)
}

/// The smallest key after every key with this prefix (etcd's prefix range end).
fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0]
}

fn fail(opts: &EtcdOptions, reason: String) -> Error {
    Error::Etcd {
        endpoints: opts.endpoints.join(","),
        reason,
    }
}
