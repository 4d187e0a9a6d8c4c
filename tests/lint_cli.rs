//! `hush lint` through the binary: exit codes, how paths are written, suppression (inline,
//! baseline, `.hush.yaml`), sealed files (written by hush and by the real sops), SARIF
//! against the SARIF 2.1.0 schema, `--staged` and `--git-history` in real git repositories.

mod common;

use std::path::Path;
use std::process::Output;

use common::{Scratch, ok, stderr, stdout, tool};

/// A fake, format-valid GitHub token (never issued).
fn token() -> String {
    format!("ghp_{}", "R8xKq2Lm9Vn4Bz7Wc1Yd5Tf3Hj6Pa0Se8GuZ")
}

fn lint(s: &Scratch, dir: &Path, args: &[&str]) -> Output {
    let mut c = s.hush_cmd(&["lint", "--no-progress"]);
    c.args(args).current_dir(dir);
    c.output().expect("run hush lint")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("lint JSON")
}

fn paths(o: &Output) -> Vec<String> {
    json(o)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]))
        .collect()
}

fn repo_with_secret(s: &Scratch) -> std::path::PathBuf {
    let repo = s.path("repo");
    std::fs::create_dir_all(repo.join("deploy")).expect("mkdir");
    std::fs::write(
        repo.join("deploy/x.yaml"),
        format!("name: app\ngithub_token: {}\n", token()),
    )
    .expect("write");
    std::fs::write(repo.join("clean.txt"), "nothing to see\n").expect("write");
    repo
}

#[test]
fn exit_codes_and_paths_as_typed() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    let from_parent = lint(&s, s.dir.path(), &["--format", "json", "repo"]);
    assert_eq!(
        from_parent.status.code(),
        Some(1),
        "{}",
        stderr(&from_parent)
    );
    assert_eq!(paths(&from_parent), ["repo/deploy/x.yaml:2"]);
    let from_inside = lint(&s, &repo, &["--format", "json", "."]);
    assert_eq!(paths(&from_inside), ["deploy/x.yaml:2"]);
    let default_dir = lint(&s, &repo, &["--format", "json"]);
    assert_eq!(paths(&default_dir), ["deploy/x.yaml:2"]);
    let dot_slash = lint(&s, s.dir.path(), &["--format", "json", "./repo/deploy"]);
    assert_eq!(paths(&dot_slash), ["repo/deploy/x.yaml:2"]);

    let clean = lint(&s, &repo, &["clean.txt"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "no secrets found in 1 files\n");

    let missing = lint(&s, &repo, &["nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr(&missing), "hush: nope: file not found\n");
    let bad_flag = lint(&s, &repo, &["--format", "xml"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

/// Unreadable files and directories (read by `nobody`: root reads everything), named or
/// met while walking, are named on stderr with the OS error, always, and make the status 2,
/// even next to findings; the rest is still scanned.
#[test]
fn unreadable_paths_are_reported_and_exit_2_even_with_findings() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    std::fs::write(repo.join("locked.env"), format!("TOKEN={}\n", token())).expect("write");
    std::fs::create_dir_all(repo.join("private")).expect("mkdir");
    std::fs::write(repo.join("private/a.txt"), "nothing\n").expect("write");
    let mode = |p: &Path, m| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    mode(s.dir.path(), 0o755);
    mode(&repo.join("locked.env"), 0o000);
    mode(&repo.join("private"), 0o000);
    let denied = "Permission denied (os error 13)";

    let named = common::hush_as_nobody(&s, &repo, &["lint", "--no-progress", "locked.env"]);
    assert_eq!(named.status.code(), Some(2), "{}", stderr(&named));
    assert_eq!(
        stderr(&named),
        format!("hush: locked.env: cannot read: {denied}\n")
    );
    assert_eq!(
        stdout(&named),
        "no secrets found in 0 files; 1 path could not be read (the scan is incomplete)\n"
    );

    let walked = common::hush_as_nobody(&s, &repo, &["lint", "--no-progress", "--format", "json"]);
    assert_eq!(walked.status.code(), Some(2), "2 wins over findings");
    let err = stderr(&walked);
    assert!(
        err.contains(&format!("hush: locked.env: cannot read: {denied}\n"))
            && err.contains(&format!("hush: private: cannot read: {denied}\n")),
        "{err}"
    );
    assert_eq!(paths(&walked), ["deploy/x.yaml:2"], "the rest is scanned");
    let report = json(&walked);
    let unreadable: Vec<&str> = report["summary"]["unreadable"]
        .as_array()
        .expect("unreadable")
        .iter()
        .map(|p| p["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(unreadable, ["locked.env", "private"]);

    let sarif = common::hush_as_nobody(&s, &repo, &["lint", "--no-progress", "--format", "sarif"]);
    assert_eq!(sarif.status.code(), Some(2));
    let invocation = &json(&sarif)["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "locked.env"
    );

    let readable = common::hush_as_nobody(&s, &repo, &["lint", "--no-progress", "deploy"]);
    assert_eq!(readable.status.code(), Some(1), "{}", stderr(&readable));
    assert_eq!(stderr(&readable), "");
}

#[test]
fn text_output_has_a_redacted_code_frame_and_no_colour_when_piped() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    let out = lint(&s, &repo, &["deploy"]);
    let text = stdout(&out);
    assert_eq!(
        text,
        "deploy/x.yaml:2:15: error[github-token] GitHub token\n  |\n2 | github_token: ghp…GuZ\n  |               ^^^^^^^\n  = help: Revoke and rotate the credential at its provider, then remove it from the file (and from git history); keep the new one in a sealed file (`hush encrypt`) or a secret store.\n\n1 finding in 1 file (1 files scanned)\n"
    );
    assert!(!text.contains('\x1b'));
    assert!(!text.contains(&token()));
}

#[test]
fn gitignored_binary_and_large_files_are_skipped() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    std::fs::write(repo.join(".gitignore"), "ignored.txt\n").expect("write");
    std::fs::write(repo.join("ignored.txt"), format!("t = \"{}\"\n", token())).expect("write");
    let mut binary = format!("{}\n", token()).into_bytes();
    binary.insert(0, 0);
    std::fs::write(repo.join("blob.bin"), binary).expect("write");
    std::fs::write(
        repo.join("big.txt"),
        format!("t = \"{}\"\n{}", token(), "x".repeat(2000)),
    )
    .expect("write");
    let out = lint(&s, &repo, &["--verbose", "--max-file-size", "1000", "."]);
    let text = stdout(&out);
    assert!(
        text.contains("skipped big.txt: larger than 1000 bytes"),
        "{text}"
    );
    assert!(text.contains("skipped blob.bin: binary"), "{text}");
    assert!(!text.contains("ignored.txt"), "{text}");
    assert!(text.contains("1 finding in 1 file"), "{text}");
}

#[test]
fn inline_allow_comments() {
    let s = Scratch::new();
    let dir = s.path("d");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let t = token();
    std::fs::write(
        dir.join("a.py"),
        format!("a = \"{t}\"  # hush:allow\n# hush:allow github-token\nb = \"{t}\"\nc = \"{t}\"  # hush:allow jwt\n"),
    )
    .expect("write");
    let out = lint(&s, &dir, &["--format", "json"]);
    assert_eq!(paths(&out), ["a.py:4"]);
    assert_eq!(json(&out)["summary"]["suppressed"]["inline"], 2);
}

#[test]
fn baseline_stores_fingerprints_not_secrets() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    let base = s.path("baseline.json");
    let written = lint(
        &s,
        &repo,
        &["--write-baseline", base.to_str().expect("utf-8")],
    );
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert!(stderr(&written).contains("wrote 1 fingerprint to"));
    let text = std::fs::read_to_string(&base).expect("baseline");
    assert!(
        !text.contains("R8xKq2"),
        "the baseline holds no secret: {text}"
    );
    let b: serde_json::Value = serde_json::from_str(&text).expect("baseline JSON");
    assert_eq!(b["findings"][0]["rule"], "github-token");

    let with_base = lint(&s, &repo, &["--baseline", base.to_str().expect("utf-8")]);
    assert_eq!(with_base.status.code(), Some(0), "{}", stdout(&with_base));
    std::fs::write(repo.join("new.env"), "API_TOKEN=Zq8kLw2x9PmV4nB7\n").expect("write");
    let new = lint(
        &s,
        &repo,
        &[
            "--format",
            "json",
            "--baseline",
            base.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(paths(&new), ["new.env:1"]);
    assert_eq!(json(&new)["summary"]["suppressed"]["baseline"], 1);

    std::fs::write(&base, "{not json").expect("write");
    let broken = lint(&s, &repo, &["--baseline", base.to_str().expect("utf-8")]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).contains("baseline.json:1:2: invalid baseline JSON"),
        "{}",
        stderr(&broken)
    );
}

fn fingerprints(o: &Output) -> Vec<String> {
    json(o)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A baseline written at a git repository's root matches however the repository is scanned
/// later: from a subdirectory, from the parent, with an absolute path, and staged. A new
/// secret is still reported in each spelling, with the path as typed.
#[test]
fn baselines_match_from_any_directory_and_spelling() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    std::fs::create_dir_all(repo.join("deploy")).expect("mkdir");
    std::fs::write(
        repo.join("deploy/x.yaml"),
        format!("github_token: {}\n", token()),
    )
    .expect("write");
    let base = repo.join(".hush-baseline.json");
    let written = lint(&s, &repo, &["--write-baseline", ".hush-baseline.json"]);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let text = std::fs::read_to_string(&base).expect("baseline");
    let b: serde_json::Value = serde_json::from_str(&text).expect("baseline JSON");
    assert_eq!(b["version"], 2);
    assert_eq!(b["findings"][0]["path"], "deploy/x.yaml");
    let at_root = fingerprints(&lint(&s, &repo, &["--format", "json"]));

    std::fs::write(repo.join("app/new.env"), "API_TOKEN=Zq8kLw2x9PmV4nB7\n").expect("write");
    let abs_repo = repo.to_str().expect("utf-8").to_string();
    let abs_base = base.to_str().expect("utf-8").to_string();
    let parent = s.dir.path();
    for (dir, scanned, reported) in [
        (repo.join("app"), "..", "../app/new.env:1"),
        (parent.to_path_buf(), "g", "g/app/new.env:1"),
        (
            parent.to_path_buf(),
            abs_repo.as_str(),
            &*format!("{abs_repo}/app/new.env:1"),
        ),
        (
            repo.join("deploy"),
            abs_repo.as_str(),
            &*format!("{abs_repo}/app/new.env:1"),
        ),
    ] {
        let o = lint(
            &s,
            &dir,
            &["--format", "json", "--baseline", &abs_base, scanned],
        );
        assert_eq!(o.status.code(), Some(1), "{scanned}: {}", stderr(&o));
        assert_eq!(paths(&o), [reported], "{scanned} from {}", dir.display());
        assert_eq!(
            json(&o)["summary"]["suppressed"]["baseline"],
            1,
            "{scanned}"
        );
        let all = fingerprints(&lint(&s, &dir, &["--format", "json", scanned]));
        assert!(all.contains(&at_root[0]), "{scanned}: {all:?}");
    }
    let only_deploy = lint(&s, &repo.join("deploy"), &["--baseline", &abs_base]);
    assert_eq!(
        only_deploy.status.code(),
        Some(0),
        "{}",
        stdout(&only_deploy)
    );

    std::fs::remove_file(repo.join("app/new.env")).expect("rm");
    ok(&s.git(&repo, &["add", "deploy"]));
    let staged = lint(
        &s,
        &repo.join("app"),
        &["--staged", "--baseline", "../.hush-baseline.json"],
    );
    assert_eq!(staged.status.code(), Some(0), "{}", stdout(&staged));

    let both = lint(
        &s,
        &repo,
        &["--baseline", &abs_base, "--write-baseline", "other.json"],
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(
        stderr(&both).contains("cannot be used with"),
        "{}",
        stderr(&both)
    );
    assert!(!repo.join("other.json").exists());

    std::fs::write(&base, text.replace("\"version\": 2", "\"version\": 1")).expect("write");
    let old = lint(&s, &repo, &["--baseline", &abs_base]);
    assert_eq!(old.status.code(), Some(2));
    assert!(
        stderr(&old).contains("baseline version 1 is not supported")
            && stderr(&old).contains("write a new one with --write-baseline"),
        "{}",
        stderr(&old)
    );
}

/// Outside git, fingerprints are relative to the `.hush.yaml` in force, else to the
/// scanned directory.
#[test]
fn baselines_outside_git_anchor_at_the_config_or_the_scanned_directory() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    let base = s.path("b.json");
    let b = base.to_str().expect("utf-8");
    ok(&lint(&s, s.dir.path(), &["--write-baseline", b, "repo"]));
    let inside = lint(&s, &repo, &["--baseline", b]);
    assert_eq!(inside.status.code(), Some(0), "{}", stdout(&inside));
    let from_sub = lint(&s, &repo.join("deploy"), &["--baseline", b]);
    assert_eq!(
        from_sub.status.code(),
        Some(1),
        "no marker: deploy/ is the root"
    );

    std::fs::write(repo.join(".hush.yaml"), "lint: {}\n").expect("write");
    ok(&lint(&s, &repo, &["--write-baseline", b]));
    for (dir, scanned) in [
        (repo.join("deploy"), "."),
        (s.dir.path().to_path_buf(), "repo"),
    ] {
        let o = lint(&s, &dir, &["--baseline", b, scanned]);
        assert_eq!(o.status.code(), Some(0), "{scanned}: {}", stdout(&o));
    }
}

#[test]
fn hush_yaml_lint_section_allows_paths_and_rules_and_adds_rules() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    std::fs::create_dir_all(repo.join("fixtures")).expect("mkdir");
    std::fs::write(repo.join("fixtures/t.py"), format!("t = \"{}\"\n", token())).expect("write");
    std::fs::write(
        repo.join("acme.txt"),
        "key acme_0123456789abcdef0123456789abcdef\n",
    )
    .expect("write");
    std::fs::write(
        repo.join(".hush.yaml"),
        "creation_rules:\n  - path_regex: secrets/\nlint:\n  allow-paths: ['fixtures/**']\n  rules:\n    - id: acme-key\n      description: ACME API key\n      regex: 'acme_([0-9a-f]{32})'\n      keywords: [acme_]\n",
    )
    .expect("write");
    let sub = repo.join("deploy");
    let out = lint(&s, &sub, &["--format", "json", ".."]);
    assert_eq!(
        paths(&out),
        ["../acme.txt:1", "../deploy/x.yaml:2"],
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["findings"][0]["rule"], "acme-key");

    let other = s.write("other.yaml", "lint:\n  allow-rules: [github-token]\n");
    let out = lint(
        &s,
        &repo,
        &[
            "--format",
            "json",
            "--config",
            other.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "allow-rules hides every github-token finding"
    );
    assert!(paths(&out).is_empty());

    s.write("bad.yaml", "lint:\n  allow-paths: 3\n");
    let bad = lint(
        &s,
        &repo,
        &["--config", s.path("bad.yaml").to_str().expect("utf-8")],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("bad.yaml: invalid `lint:` section"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn sealed_files_are_clean_and_plaintext_left_in_them_is_found() {
    let s = Scratch::new();
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: Zq8kLw2x9PmV4nB7\n  token: Hq3mNx8vLp2Rw7Kz\n";
    let sealed = s.seal("hush.yaml", secret);
    let src = s.write("plain.yaml", secret);
    let by_sops = ok(&s.sops(&[
        "encrypt",
        "--age",
        common::AGE_RECIPIENT,
        src.to_str().expect("utf-8"),
    ]))
    .stdout
    .clone();
    s.write("sops.yaml", &by_sops);
    std::fs::remove_file(&src).expect("rm");
    let clean = lint(&s, s.dir.path(), &["hush.yaml", "sops.yaml"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));

    let text = std::fs::read_to_string(&sealed).expect("sealed");
    let start = text.find("token: ENC[").expect("encrypted token");
    let end = start + text[start..].find('\n').expect("eol");
    let tampered = format!("{}token: Hq3mNx8vLp2Rw7Kz{}", &text[..start], &text[end..]);
    std::fs::write(&sealed, tampered).expect("write");
    let found = lint(&s, s.dir.path(), &["--format", "json", "hush.yaml"]);
    assert_eq!(
        json(&found)["findings"][0]["rule"],
        "sops-unencrypted-value"
    );
    assert_eq!(paths(&found), ["hush.yaml:7"]);
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let s = Scratch::new();
    let repo = repo_with_secret(&s);
    std::fs::write(
        repo.join("deploy/b.yaml"),
        "kind: Secret\nstringData:\n  p: Zq8kLw2x9PmV4nB7\n",
    )
    .expect("write");
    let out = lint(&s, &repo, &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log = json(&out);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let r = &results[0];
    assert_eq!(r["ruleId"], "k8s-secret-data");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "deploy/b.yaml"
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        6
    );
    assert!(r["partialFingerprints"]["hushFingerprint/v2"].is_string());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), hush::lint::rules::RULES.len());
    assert!(
        rules
            .iter()
            .all(|r| r["help"]["text"].is_string() && r["fullDescription"]["text"].is_string())
    );

    let report = s.write("report.sarif", &out.stdout);
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint/sarif-schema-2.1.0.json");
    let python = tool("python3", "HUSH_PYTHON_BIN");
    let check = std::process::Command::new(python)
        .args([
            "-c",
            "import json,sys,jsonschema; jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2]))); print('valid')",
        ])
        .arg(&schema)
        .arg(&report)
        .output()
        .expect("run python jsonschema");
    assert_eq!(stdout(&check), "valid\n", "{}", stderr(&check));
}

fn git_repo(s: &Scratch) -> std::path::PathBuf {
    let repo = s.path("g");
    std::fs::create_dir_all(repo.join("app")).expect("mkdir");
    ok(&s.git(&repo, &["init", "-q", "-b", "main"]));
    std::fs::write(repo.join("app/config.py"), "debug = True\n").expect("write");
    ok(&s.git(&repo, &["add", "."]));
    ok(&s.git(&repo, &["commit", "-qm", "clean"]));
    repo
}

#[test]
fn staged_scans_the_index_not_the_working_tree() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    let secret_line = format!("debug = True\ntoken = \"{}\"\n", token());
    std::fs::write(repo.join("app/config.py"), &secret_line).expect("write");
    ok(&s.git(&repo, &["add", "app/config.py"]));
    std::fs::write(repo.join("app/config.py"), "debug = True\n").expect("write");
    let staged = lint(&s, &repo, &["--staged", "--format", "json"]);
    assert_eq!(paths(&staged), ["app/config.py:2"], "{}", stderr(&staged));
    let from_sub = lint(&s, &repo.join("app"), &["--staged", "--format", "json"]);
    assert_eq!(paths(&from_sub), ["config.py:2"]);
    let limited = lint(&s, &repo, &["--staged", "other.py"]);
    assert_eq!(limited.status.code(), Some(0));

    ok(&s.git(&repo, &["add", "app/config.py"]));
    std::fs::write(repo.join("app/config.py"), &secret_line).expect("write");
    let clean_index = lint(&s, &repo, &["--staged"]);
    assert_eq!(
        clean_index.status.code(),
        Some(0),
        "{}",
        stdout(&clean_index)
    );

    let not_repo = lint(&s, s.dir.path(), &["--staged"]);
    assert_eq!(not_repo.status.code(), Some(2));
    assert!(
        stderr(&not_repo).contains("git rev-parse"),
        "{}",
        stderr(&not_repo)
    );
}

#[test]
fn git_history_finds_secrets_removed_since() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    std::fs::write(
        repo.join("app/config.py"),
        format!("debug = True\ntoken = \"{}\"\n", token()),
    )
    .expect("write");
    ok(&s.git(&repo, &["commit", "-qam", "add token"]));
    let leaked = String::from_utf8_lossy(&ok(&s.git(&repo, &["rev-parse", "HEAD"])).stdout)
        .trim()
        .to_string();
    std::fs::write(repo.join("app/config.py"), "debug = True\n").expect("write");
    ok(&s.git(&repo, &["commit", "-qam", "remove token"]));

    assert_eq!(lint(&s, &repo, &["."]).status.code(), Some(0));
    let history = lint(&s, &repo, &["--git-history", "--format", "json"]);
    assert_eq!(paths(&history), ["app/config.py:2"]);
    assert_eq!(json(&history)["findings"][0]["commit"], leaked.as_str());
    let text = stdout(&lint(&s, &repo, &["--git-history"]));
    assert!(
        text.contains(&format!("app/config.py:2:10 (commit {})", &leaked[..12])),
        "{text}"
    );
    let since = lint(&s, &repo, &["--git-history", "--since", &leaked]);
    assert_eq!(since.status.code(), Some(0), "{}", stdout(&since));
}

/// The hook as `.pre-commit-hooks.yaml` declares it, run by the real pre-commit framework
/// as a `repo: local` hook (language `system`, the freshly built hush on PATH) so no
/// `cargo install` is needed: same id, entry, filename passing and stages.
fn pre_commit_config(extra_args: &str) -> String {
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect(".pre-commit-hooks.yaml");
    let field = |name: &str| {
        manifest
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(&format!("{name}: "))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| panic!("{name} in .pre-commit-hooks.yaml"))
    };
    assert_eq!(field("- id"), "hush-lint");
    format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: hush-lint\n        name: {}\n        entry: {}\n        language: system\n        pass_filenames: {}\n        require_serial: {}\n        stages: {}\n        args: [{extra_args}]\n",
        field("name"),
        field("entry"),
        field("pass_filenames"),
        field("require_serial"),
        field("stages")
    )
}

/// What a pre-commit run said (stdout and stderr), asserting it shows the finding and
/// never the secret.
fn reported_by_pre_commit(o: &Output, what: &str) -> String {
    let said = stdout(o) + &stderr(o);
    assert!(
        said.contains("app/config.py:1:10: error[github-token]"),
        "{what}: {said}"
    );
    assert!(
        !said.contains(&token()),
        "{what}: the hook output must not show the secret"
    );
    said
}

#[test]
fn pre_commit_framework_blocks_a_staged_secret() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    std::fs::write(repo.join(".pre-commit-config.yaml"), pre_commit_config("")).expect("write");
    ok(&s.git(&repo, &["add", ".pre-commit-config.yaml"]));
    ok(&s.pre_commit(&repo, &["install"]));

    std::fs::write(repo.join("app/config.py"), "debug = False\n").expect("write");
    ok(&s.git(&repo, &["add", "."]));
    let clean = s.git(&repo, &["commit", "-qm", "clean change"]);
    assert!(
        clean.status.success(),
        "a clean commit passes:\n{}{}",
        stdout(&clean),
        stderr(&clean)
    );

    std::fs::write(
        repo.join("app/config.py"),
        format!("token = \"{}\"\n", token()),
    )
    .expect("write");
    ok(&s.git(&repo, &["add", "app/config.py"]));
    let blocked = s.git(&repo, &["commit", "-qm", "leak"]);
    assert!(
        !blocked.status.success(),
        "the secret must block the commit"
    );
    reported_by_pre_commit(&blocked, "git commit");

    // Committed past the hook, the secret is in the tree: every run that scans tracked
    // files (not the empty index) finds it.
    ok(&s.git(
        &repo,
        &["commit", "--no-verify", "-qm", "leak past the hook"],
    ));
    for stage in ["pre-commit", "manual"] {
        let all = s.pre_commit(&repo, &["run", "--all-files", "--hook-stage", stage]);
        assert_eq!(
            all.status.code(),
            Some(1),
            "pre-commit run --all-files ({stage}) must fail:\n{}{}",
            stdout(&all),
            stderr(&all)
        );
        reported_by_pre_commit(&all, stage);
    }

    ok(&s
        .hush_cmd(&["lint", "--write-baseline", ".hush-baseline.json"])
        .current_dir(&repo)
        .output()
        .expect("baseline"));
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        pre_commit_config("--baseline, .hush-baseline.json"),
    )
    .expect("write");
    std::fs::write(
        repo.join("app/config.py"),
        format!("token = \"{}\"\ndebug = True\n", token()),
    )
    .expect("write");
    ok(&s.git(&repo, &["add", "."]));
    let baselined = s.git(&repo, &["commit", "-qm", "accepted with a baseline"]);
    assert!(
        baselined.status.success(),
        "a baselined finding passes:\n{}{}",
        stdout(&baselined),
        stderr(&baselined)
    );
    let all = s.pre_commit(&repo, &["run", "--all-files"]);
    assert!(
        all.status.success(),
        "a baselined finding passes --all-files:\n{}{}",
        stdout(&all),
        stderr(&all)
    );
}

/// A file a creation rule says must be sealed, staged in plaintext, blocks; sealed with
/// `hush encrypt -i` (the rule supplies the recipients) and staged again, it passes.
#[test]
fn staged_plaintext_where_a_creation_rule_requires_sealing_is_found() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    std::fs::write(
        repo.join(".hush.yaml"),
        format!(
            "creation_rules:\n  - path_regex: ^secrets/\n    age: {}\n",
            common::AGE_RECIPIENT
        ),
    )
    .expect("write");
    std::fs::create_dir_all(repo.join("secrets")).expect("mkdir");
    std::fs::write(
        repo.join("secrets/db.yaml"),
        "host: db.internal\nport: 5432\n",
    )
    .expect("write");
    ok(&s.git(&repo, &["add", "."]));
    let staged = lint(&s, &repo, &["--staged", "--format", "json"]);
    assert_eq!(staged.status.code(), Some(1), "{}", stderr(&staged));
    let v = json(&staged);
    assert_eq!(v["findings"][0]["rule"], "sops-unsealed-file", "{v}");
    assert_eq!(paths(&staged), ["secrets/db.yaml:1"]);
    ok(&s
        .hush_cmd(&["encrypt", "-i", "secrets/db.yaml"])
        .current_dir(&repo)
        .output()
        .expect("hush encrypt"));
    ok(&s.git(&repo, &["add", "."]));
    let sealed = lint(&s, &repo, &["--staged"]);
    assert_eq!(sealed.status.code(), Some(0), "{}", stdout(&sealed));
}
