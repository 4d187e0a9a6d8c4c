//! Fills an etcd with kube-apiserver-like Secrets for `bench/etcd-audit`: N keys under
//! `/registry/secrets/<ns>/<name>`, every tenth a plaintext protobuf Secret and the rest
//! aesgcm-encrypted with the given config's first key (hush's own codec), written in
//! transactions of 128 puts.
//!
//! Usage: cargo run --release --example k8s_etcd_load -- ENDPOINT CONFIG N

use etcd_client::{Client, Txn, TxnOp};
use hush::k8s::codec::Transformer;
use hush::k8s::resource::GroupResource;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, endpoint, config_path, n] = args.as_slice() else {
        return Err("usage: k8s_etcd_load ENDPOINT CONFIG N".into());
    };
    let n: usize = n.parse()?;
    let raw = hush::k8s::file::read(&hush::ops::io::Input::File(config_path.into()))?;
    let config = raw.open(None)?.config()?;
    let transformer = Transformer::for_resource(&config, &GroupResource::new("", "secrets"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut client = Client::connect([endpoint.as_str()], None).await?;
        for chunk in (0..n).collect::<Vec<_>>().chunks(128) {
            let mut ops = Vec::with_capacity(chunk.len());
            for &i in chunk {
                let key = format!("/registry/secrets/ns-{}/secret-{i:07}", i % 100);
                let plain = secret_bytes(i);
                let value = if i % 10 == 0 {
                    plain
                } else {
                    transformer.encrypt(&plain, &key)?
                };
                ops.push(TxnOp::put(key, value, None));
            }
            client.txn(Txn::new().and_then(ops)).await?;
        }
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    Ok(())
}

/// A protobuf-stored Secret of about 200 bytes (`k8s\0` + a runtime.Unknown).
fn secret_bytes(i: usize) -> Vec<u8> {
    let mut v = b"k8s\x00\x0a\x0c\x0a\x02v1\x12\x06Secret\x12".to_vec();
    let body = format!("secret-{i:07} {}", "x".repeat(160));
    v.push(body.len() as u8);
    v.extend(body.as_bytes());
    v
}
