//! Running the etcd audit from the command line: the etcd scan with a progress bar on a
//! terminal, and the report spooled to an unnamed temporary file so memory stays flat.

use std::io::{BufWriter, IsTerminal, Seek, Write};

use crate::cli::k8s_args::{EtcdConnArgs, K8sFormat};
use crate::error::{Error, Result};
use crate::k8s::audit::{Auditor, Item, Summary};
use crate::k8s::classify;
use crate::k8s::etcd::{self, EtcdOptions, Event};
use crate::k8s::model::EncryptionConfig;

/// Scans `<prefix>/<resource>/` for each resource (`*`: the whole prefix) and audits each
/// value, handing every item to `on_item`.
pub fn audit(
    endpoints: &[String],
    conn: &EtcdConnArgs,
    resources: &[String],
    config: Option<&EncryptionConfig>,
    on_item: &mut dyn FnMut(&Item) -> Result<()>,
) -> Result<Summary> {
    let base = conn.prefix.trim_end_matches('/');
    let prefixes: Vec<String> = if resources.iter().any(|r| r == "*") {
        vec![format!("{base}/")]
    } else {
        resources.iter().map(|r| format!("{base}/{r}/")).collect()
    };
    let opts = EtcdOptions {
        endpoints: endpoints.to_vec(),
        cacert: conn.cacert.clone(),
        cert: conn.cert.clone(),
        key: conn.key.clone(),
        page_size: conn.page_size.max(1),
    };
    let mut auditor = Auditor::new(config, &conn.prefix);
    let bar = indicatif::ProgressBar::hidden();
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} keys ({per_sec}, eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    etcd::scan(&opts, &prefixes, &mut |event| match event {
        Event::Total(n) => {
            bar.set_length(n);
            Ok(())
        }
        Event::Pair(key, value) => {
            let item = auditor.check(key, value);
            bar.inc(1);
            on_item(&item)
        }
    })?;
    bar.finish_and_clear();
    Ok(auditor.summary().clone())
}

/// Items written to an unnamed temporary file as they come, then printed after the summary.
pub struct Spool {
    format: K8sFormat,
    file: BufWriter<std::fs::File>,
    count: u64,
}

impl Spool {
    pub fn new(format: K8sFormat) -> Result<Spool> {
        let file = tempfile::tempfile().map_err(|source| Error::Write {
            path: "<temporary file>".into(),
            source,
        })?;
        Ok(Spool {
            format,
            file: BufWriter::new(file),
            count: 0,
        })
    }

    /// JSON: every item; text: the keys that need attention.
    pub fn add(&mut self, item: &Item) -> Result<()> {
        let line = match self.format {
            K8sFormat::Json => {
                let sep = if self.count == 0 { "\n    " } else { ",\n    " };
                format!("{sep}{}", serde_json::to_string(item).unwrap_or_default())
            }
            K8sFormat::Text if needs_attention(item) => {
                let note = item
                    .note
                    .as_deref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default();
                format!("  {}  {}{note}\n", item.state, item.key)
            }
            K8sFormat::Text => return Ok(()),
        };
        self.count += 1;
        self.file.write_all(line.as_bytes()).map_err(spool_error)
    }

    /// Prints the summary and the spooled items.
    pub fn finish(self, summary: &Summary) -> Result<()> {
        let mut file = self
            .file
            .into_inner()
            .map_err(|e| spool_error(e.into_error()))?;
        file.rewind().map_err(spool_error)?;
        let mut out = std::io::stdout().lock();
        let head = match self.format {
            K8sFormat::Json => json_head(summary),
            K8sFormat::Text => text_summary(summary, self.count),
        };
        let tail = match self.format {
            K8sFormat::Json if self.count > 0 => "\n  ]\n}\n",
            K8sFormat::Json => "]\n}\n",
            K8sFormat::Text => "",
        };
        let result = out
            .write_all(head.as_bytes())
            .and_then(|_| std::io::copy(&mut file, &mut out).map(|_| ()))
            .and_then(|_| out.write_all(tail.as_bytes()))
            .and_then(|_| out.flush());
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r.map_err(|source| Error::Write {
                path: "<stdout>".into(),
                source,
            }),
        }
    }
}

fn needs_attention(item: &Item) -> bool {
    item.state == classify::PLAINTEXT
        || item.state == classify::UNKNOWN
        || item.readable == Some(false)
}

/// `{"total": N, "by_state": {...}, ["unreadable": n, "stale": n,] "items": [` — the
/// summary's own serialisation with the items array opened at the end.
fn json_head(summary: &Summary) -> String {
    let mut map = serde_json::Map::new();
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(summary) {
        map.extend(fields);
    }
    let body = serde_json::to_string_pretty(&serde_json::Value::Object(map))
        .unwrap_or_else(|_| "{}".into());
    // Reopen the object to append "items".
    let open = body
        .trim_end()
        .strip_suffix('}')
        .unwrap_or("{")
        .trim_end()
        .to_string();
    format!("{open},\n  \"items\": [")
}

fn text_summary(summary: &Summary, listed: u64) -> String {
    let mut out = format!("{:<40} {:>10}\n", "state", "values");
    for (state, n) in &summary.by_state {
        out.push_str(&format!("{state:<40} {n:>10}\n"));
    }
    out.push_str(&format!("{:<40} {:>10}\n", "total", summary.total));
    if let Some(u) = summary.unreadable {
        out.push_str(&format!("{:<40} {u:>10}\n", "unreadable with --config"));
    }
    if let Some(s) = summary.stale {
        out.push_str(&format!(
            "{:<40} {s:>10}\n",
            "stale (not under the write key)"
        ));
    }
    if listed > 0 {
        out.push_str("\nvalues that need attention (plaintext, unknown or unreadable):\n");
    }
    out
}

fn spool_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "<temporary file>".into(),
        source,
    }
}
