//! AWS KMS recipients against moto's KMS (PyPI `moto[server]`, started here on a free port
//! and stopped afterwards), reached through the AWS SDK's own `AWS_ENDPOINT_URL` support.
//! sops honours `AWS_ENDPOINT_URL` too, so both directions are checked against the real sops.
//! moto ignores key state (a disabled key still decrypts), so "key disabled" is covered by
//! the Vault Transit and Azure tests only; moto does enforce the encryption context, and IAM
//! policies once switched to it (permission denied). A hung endpoint and one that is not
//! AWS are small local listeners (tests/common/stuck_server.rs).

#![cfg(feature = "aws-kms")]

mod common;
use common::kms::Moto;
use common::*;

#[test]
fn hush_and_sops_open_each_others_kms_files_with_a_context() {
    let moto = Moto::start();
    let arn = moto.create_key();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&moto.hush(
        &s,
        &[
            "encrypt",
            "--kms",
            &arn,
            "--encryption-context",
            "app:web,env:prod",
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let text = String::from_utf8_lossy(&sealed).into_owned();
    // sops' field order: arn, context, created_at, enc, aws_profile (always written).
    let at = |field: &str| {
        text.find(field)
            .unwrap_or_else(|| panic!("no {field} in\n{text}"))
    };
    let order = [
        &format!("- arn: {arn}"),
        "context:",
        "app: web",
        "env: prod",
        "created_at:",
        "enc:",
        "aws_profile: \"\"",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    let opened = ok(&moto.sops(&s, &["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    assert_eq!(String::from_utf8_lossy(&opened), PLAIN_YAML);

    let by_sops = ok(&moto.sops(
        &s,
        &[
            "encrypt",
            "--kms",
            &arn,
            "--encryption-context",
            "team:infra",
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let by_sops_path = s.write("by-sops.enc.yaml", &by_sops);
    let opened = moto.hush(&s, &["decrypt", by_sops_path.to_str().unwrap()]);
    assert_eq!(stdout(ok(&opened)), PLAIN_YAML);
}

#[test]
fn roles_are_assumed_through_sts_and_recorded() {
    let moto = Moto::start();
    let arn = moto.create_key();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let role = "arn:aws:iam::123456789012:role/secrets-reader";
    let sealed = ok(&moto.hush(
        &s,
        &[
            "encrypt",
            "--kms",
            &format!("{arn}+{role}"),
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    assert!(String::from_utf8_lossy(&sealed).contains(&format!("role: {role}")));
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    let opened = ok(&moto.sops(&s, &["decrypt", sealed_path.to_str().unwrap()]))
        .stdout
        .clone();
    assert_eq!(String::from_utf8_lossy(&opened), PLAIN_YAML);
}

#[test]
fn profiles_come_from_the_shared_config_files() {
    let moto = Moto::start();
    let arn = moto.create_key();
    let s = Scratch::new();
    std::fs::create_dir_all(s.path(".aws")).expect("mkdir");
    s.write(
        ".aws/credentials",
        "[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let without_keys = |args: &[&str]| {
        let mut c = s.hush_cmd(args);
        moto.env(&mut c);
        run(c
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY"))
    };
    let sealed = ok(&without_keys(&[
        "encrypt",
        "--kms",
        &arn,
        "--aws-profile",
        "ci",
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    assert!(String::from_utf8_lossy(&sealed).contains("aws_profile: ci"));
    let sealed_path = s.write("secret.enc.yaml", &sealed);
    // The entry's profile is used to decrypt.
    assert_eq!(
        stdout(ok(&without_keys(&[
            "decrypt",
            sealed_path.to_str().unwrap()
        ]))),
        PLAIN_YAML
    );
    // No credentials at all: said plainly.
    let err = fails_with(
        &without_keys(&["encrypt", "--kms", &arn, plain.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with AWS KMS key {arn}: no usable AWS credentials"
        )),
        "{err}"
    );
}

#[test]
fn a_wrong_encryption_context_is_refused_and_nothing_is_touched() {
    let moto = Moto::start();
    let arn = moto.create_key();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&moto.hush(
        &s,
        &[
            "encrypt",
            "--kms",
            &arn,
            "--encryption-context",
            "env:prod",
            plain.to_str().unwrap(),
        ],
    ))
    .stdout
    .clone();
    let tampered = String::from_utf8_lossy(&sealed).replace("env: prod", "env: dev");
    let path = s.write("secret.enc.yaml", &tampered);
    let err = fails_with(
        &moto.hush(&s, &["decrypt", "-i", path.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!(
            "group 1: kms {arn}: AWS KMS: InvalidCiphertextException"
        )),
        "{err}"
    );
    assert!(err.contains("wrong encryption context"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), tampered);
    // A malformed --encryption-context is a usage error with sops' exit code 6.
    let err = fails_with(
        &moto.hush(
            &s,
            &[
                "encrypt",
                "--kms",
                &arn,
                "--encryption-context",
                "env",
                plain.to_str().unwrap(),
            ],
        ),
        6,
    );
    assert!(err.contains("invalid encryption context `env`"), "{err}");
    let err = fails_with(
        &moto.hush(
            &s,
            &[
                "encrypt",
                "--kms",
                "arn:aws:s3:::bucket",
                plain.to_str().unwrap(),
            ],
        ),
        128,
    );
    assert!(err.contains("not a KMS key ARN"), "{err}");
}

#[test]
fn kms_down_names_the_key_and_touches_nothing() {
    let mut moto = Moto::start();
    let arn = moto.create_key();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let sealed = ok(&moto.hush(&s, &["encrypt", "--kms", &arn, plain.to_str().unwrap()]))
        .stdout
        .clone();
    let path = s.write("secret.enc.yaml", &sealed);
    moto.server.stop();
    let err = fails_with(
        &moto.hush(&s, &["decrypt", "-i", path.to_str().unwrap()]),
        128,
    );
    assert!(
        err.contains(&format!("kms {arn}: AWS KMS: cannot reach AWS KMS")),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), sealed);
    let err = fails_with(
        &moto.hush(
            &s,
            &["encrypt", "-i", "--kms", &arn, plain.to_str().unwrap()],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with AWS KMS key {arn}: cannot reach AWS KMS"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);
}

/// moto enforcing IAM: a user whose policy allows kms:Encrypt but not kms:Decrypt seals a
/// file, and opening it is refused with the key's ARN and the server's AccessDenied.
#[test]
fn a_policy_without_decrypt_is_reported_as_access_denied() {
    let moto = Moto::start();
    let arn = moto.create_key();
    let (id, secret) = moto.iam_user("encrypt-only", &["kms:Encrypt"]);
    moto.enforce_iam();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let as_user = |args: &[&str]| {
        let mut c = s.hush_cmd(args);
        moto.env(&mut c);
        run(c
            .env("AWS_ACCESS_KEY_ID", &id)
            .env("AWS_SECRET_ACCESS_KEY", &secret))
    };
    let sealed = ok(&as_user(&[
        "encrypt",
        "--kms",
        &arn,
        plain.to_str().unwrap(),
    ]))
    .stdout
    .clone();
    let path = s.write("secret.enc.yaml", &sealed);
    let err = fails_with(&as_user(&["decrypt", "-i", path.to_str().unwrap()]), 128);
    assert!(
        err.contains(&format!("group 1: kms {arn}: AWS KMS: AccessDenied: ")),
        "{err}"
    );
    assert!(
        err.contains("is not authorized to perform: kms:Decrypt"),
        "{err}"
    );
    assert!(err.contains("must allow kms:Encrypt/kms:Decrypt"), "{err}");
    assert!(!err.contains(&secret), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), sealed);
}

/// `hush` with AWS settings pointing at `endpoint` (not moto).
fn hush_at(s: &Scratch, endpoint: &str, args: &[&str]) -> std::process::Output {
    run(s
        .hush_cmd(args)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE"))
}

const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/0f2e5c8a-0000-4000-8000-000000000001";

/// Something other than KMS answering (a web server's error page, without an AWS error
/// code): its HTTP status is reported, not "no message", and its body is not printed.
#[test]
fn an_answer_without_an_aws_error_code_shows_its_http_status() {
    let page = "<html><body>upstream is down</body></html>";
    let fake = common::stuck_server::FixedAnswer::start("502 Bad Gateway", "text/html", page);
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let err = fails_with(
        &hush_at(
            &s,
            &fake.url(),
            &["encrypt", "-i", "--kms", KEY_ARN, plain.to_str().unwrap()],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with AWS KMS key {KEY_ARN}: HTTP 502 without an AWS error code ({} bytes, text/html); is the endpoint really AWS KMS?",
            page.len()
        )),
        "{err}"
    );
    assert!(
        !err.contains("no message") && !err.contains("upstream"),
        "{err}"
    );
    assert!(fake.connections() >= 1);
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);
}

/// An endpoint that accepts the connection and never answers: the operation's time limit
/// (30 s, retries included) ends the wait, and the error names the key.
#[test]
fn a_hung_endpoint_times_out_naming_the_key() {
    let stuck = common::stuck_server::Unanswering::start();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let err = fails_with(
        &hush_at(
            &s,
            &stuck.url(),
            &["encrypt", "-i", "--kms", KEY_ARN, plain.to_str().unwrap()],
        ),
        128,
    );
    assert!(
        err.contains(&format!(
            "cannot encrypt the data key with AWS KMS key {KEY_ARN}: timed out after 30 s waiting for AWS KMS to answer"
        )),
        "{err}"
    );
    assert!(stuck.connections() >= 1);
    assert_eq!(std::fs::read_to_string(&plain).expect("read"), PLAIN_YAML);
}

/// Web identity (`AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE`, as on EKS or in CI) and no
/// other credentials: the SDK's chain trades the token for a session with STS (moto's,
/// through `AWS_ENDPOINT_URL`), which seals and opens the file. Without the token file there
/// are no credentials, said plainly.
#[test]
fn web_identity_credentials_come_from_sts() {
    let moto = Moto::start();
    let arn = moto.create_key();
    let s = Scratch::new();
    let plain = s.write("secret.yaml", PLAIN_YAML);
    let token = s.write("web-identity-token", "token-from-the-identity-provider");
    let with_token = |token_file: &std::path::Path, args: &[&str]| {
        let mut c = s.hush_cmd(args);
        moto.env(&mut c);
        run(c
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci-deployer")
            .env("AWS_ROLE_SESSION_NAME", "hush-test")
            .env("AWS_WEB_IDENTITY_TOKEN_FILE", token_file))
    };
    let sealed = ok(&with_token(
        &token,
        &["encrypt", "--kms", &arn, plain.to_str().unwrap()],
    ))
    .stdout
    .clone();
    let path = s.write("secret.enc.yaml", &sealed);
    let opened = with_token(&token, &["decrypt", path.to_str().unwrap()]);
    assert_eq!(stdout(ok(&opened)), PLAIN_YAML);
    let err = fails_with(
        &with_token(
            &s.path("no-such-token"),
            &["decrypt", path.to_str().unwrap()],
        ),
        128,
    );
    assert!(
        err.contains(&format!("kms {arn}: AWS KMS: no usable AWS credentials")),
        "{err}"
    );
}
