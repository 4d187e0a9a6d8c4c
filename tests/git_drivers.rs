//! `hush git setup`, the textconv diff driver and the merge driver, run by the real `git` in
//! temporary repositories, with the real sops binary checking the merged files.

mod common;

use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use common::{
    AGE_IDENTITY, AGE_RECIPIENT, OTHER_IDENTITY, OTHER_RECIPIENT, Scratch, ok, stderr, stdout,
};
use hush::document::{self, Format};
use hush::envelope::seal;
use hush::identities::{Identities, generate_identity};
use hush::ops::io::Input;
use hush::ops::keys::IdentityUnwrapper;
use hush::ops::sealed_file::SealedFile;

const SECRET_YAML: &str = "\
# database access
db:
  user: admin
  password: hunter2 # rotate me
api_key: abc123
hosts:
  - one
  - two
";

/// A git repository in a scratch directory, set up with `hush git setup`.
struct Repo {
    s: Scratch,
    dir: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let s = Scratch::new();
        let dir = s.path("repo");
        std::fs::create_dir(&dir).expect("repo dir");
        let repo = Repo { s, dir };
        repo.git(&["init", "-q", "-b", "main"]);
        let setup = repo.hush(&["git", "setup"]);
        ok(&setup);
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        stdout(ok(&self.s.git(&self.dir, args)))
    }

    fn hush(&self, args: &[&str]) -> std::process::Output {
        self.s
            .hush_cmd(args)
            .current_dir(&self.dir)
            .output()
            .expect("run hush")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("read")
    }

    /// Seals `plain` for `recipient` as `name` and commits it.
    fn add_sealed(&self, name: &str, plain: &str, recipient: &str) {
        let plain_path = self.s.write(&format!("plain-{name}"), plain);
        let sealed = self.hush(&[
            "encrypt",
            "--age",
            recipient,
            "--input-type",
            Format::from_path(Path::new(name)).name(),
            plain_path.to_str().expect("utf8"),
        ]);
        std::fs::write(self.path(name), &ok(&sealed).stdout).expect("write sealed");
        self.commit(name, "add");
    }

    fn commit(&self, name: &str, message: &str) {
        self.git(&["add", name]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Changes the sealed file's plaintext with `edit` and reseals it under the same data key,
    /// as `hush edit` does: unchanged values keep their ciphertext.
    fn edit(&self, name: &str, identity: &str, edit: impl FnOnce(String) -> String) {
        let path = self.path(name);
        let format = Format::from_path(&path);
        let ids = Identities::from_text("test", identity).expect("identity");
        let file = SealedFile::open(&Input::File(path.clone()), format, &IdentityUnwrapper(&ids))
            .expect("open");
        let plain = String::from_utf8(file.plaintext().expect("plaintext")).expect("utf8");
        let mut doc = document::parse(format, edit(plain).into_bytes(), &path).expect("parse");
        let metadata = seal::reseal(&mut doc, &file.opened, &path).expect("reseal");
        let bytes = document::emit(&doc, format, Some(&metadata.to_json()), &path).expect("emit");
        std::fs::write(&path, bytes).expect("write");
    }

    fn decrypt(&self, name: &str) -> String {
        stdout(ok(&self.hush(&["decrypt", name])))
    }

    /// The real sops binary decrypting `name` to JSON with only the identities in `key_file`.
    fn sops_with(&self, name: &str, key_file: &Path) -> std::process::Output {
        let path = self.path(name);
        self.s
            .sops_cmd(&[
                "decrypt",
                "--output-type",
                "json",
                path.to_str().expect("utf8"),
            ])
            .env("SOPS_AGE_KEY_FILE", key_file)
            .output()
            .expect("run sops")
    }

    /// Every value of `name` as the real sops binary decrypts it with `key_file`.
    #[track_caller]
    fn sops_values(&self, name: &str, key_file: &Path) -> serde_json::Value {
        serde_json::from_slice(&ok(&self.sops_with(name, key_file)).stdout).expect("json")
    }

    /// A key file in the scratch directory (outside the repository) holding `identity`.
    fn key_file(&self, file: &str, identity: &str) -> PathBuf {
        self.s.write(file, format!("{identity}\n"))
    }

    /// Writes an untracked `.sops.yaml` sealing YAML files for `recipients`, for `updatekeys`.
    fn rules(&self, recipients: &[&str]) {
        let rules = format!(
            "creation_rules:\n  - path_regex: \\.yaml$\n    age: {}\n",
            recipients.join(",")
        );
        std::fs::write(self.path(".sops.yaml"), rules).expect("write rules");
    }

    /// Changes `name` with `theirs` on a new branch `branch` and with `ours` on main,
    /// committing each, then runs `git merge --no-edit BRANCH` on main.
    fn merge_changes(
        &self,
        name: &str,
        branch: &str,
        theirs: impl FnOnce(&Repo),
        ours: impl FnOnce(&Repo),
    ) -> Merge {
        self.git(&["checkout", "-q", "-b", branch]);
        theirs(self);
        self.commit(name, "theirs");
        let theirs = self.read(name);
        self.git(&["checkout", "-q", "main"]);
        ours(self);
        self.commit(name, "ours");
        let ours = self.read(name);
        let out = self.s.git(&self.dir, &["merge", "--no-edit", branch]);
        let log = format!("{}{}", stdout(&out), stderr(&out));
        Merge {
            ours,
            theirs,
            out,
            log,
        }
    }

    fn sops_extract(&self, name: &str, key_path: &str) -> String {
        let out = self.s.sops(&[
            "decrypt",
            "--extract",
            key_path,
            self.path(name).to_str().expect("utf8"),
        ]);
        stdout(ok(&out))
    }
}

/// The data key of a sealed YAML file, opened with `identity`.
fn data_key(sealed: &str, identity: &str) -> Vec<u8> {
    let ids = Identities::from_text("test", identity).expect("identity");
    let file = SealedFile::open_bytes(
        sealed.as_bytes().to_vec(),
        Format::Yaml,
        &IdentityUnwrapper(&ids),
        PathBuf::from("sealed.yaml"),
    )
    .expect("open");
    file.opened.data_key.as_bytes().to_vec()
}

/// A `git merge` of two branches that changed one file.
struct Merge {
    /// The file on each branch just before the merge.
    ours: String,
    theirs: String,
    /// git's output, with the drivers' messages in `log`.
    out: std::process::Output,
    log: String,
}

/// The line of `text` that starts (after indentation) with `key:`.
fn line<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no `{key}:` line in\n{text}"))
}

/// Text replacements made to a file's plaintext.
type Edits<'a> = &'a [(&'a str, &'a str)];

fn apply(plain: String, edits: Edits) -> String {
    edits
        .iter()
        .fold(plain, |p, (from, to)| p.replace(from, to))
}

/// Two branches edit different values of one file; returns the repo after `git merge`.
fn diverge(name: &str, plain: &str, ours: Edits, theirs: Edits) -> (Repo, String) {
    let repo = Repo::new();
    repo.add_sealed(name, plain, AGE_RECIPIENT);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.edit(name, AGE_IDENTITY, |p| apply(p, theirs));
    repo.commit(name, "theirs");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(name, AGE_IDENTITY, |p| apply(p, ours));
    repo.commit(name, "ours");
    let out = repo.s.git(&repo.dir, &["merge", "--no-edit", "feature"]);
    let log = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success() || log.contains("CONFLICT"), "{log}");
    (repo, log)
}

#[test]
fn setup_writes_attributes_and_config_once() {
    let s = Scratch::new();
    let dir = s.path("repo");
    std::fs::create_dir(&dir).expect("dir");
    ok(&s.git(&dir, &["init", "-q"]));
    std::fs::write(dir.join(".gitattributes"), "*.png binary").expect("write");
    let run = |args: &[&str]| {
        let out = s.hush_cmd(args).current_dir(&dir).output().expect("hush");
        stdout(ok(&out))
    };
    let dry = run(&["git", "setup", "--dry-run", "--pattern", "secrets/*.yaml"]);
    assert!(
        dry.contains("would add `secrets/*.yaml diff=hush merge=hush`"),
        "{dry}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitattributes")).expect("read"),
        "*.png binary",
        "--dry-run changed nothing"
    );
    run(&["git", "setup"]);
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).expect("read");
    assert_eq!(
        attributes,
        "*.png binary\n*.enc.* diff=hush merge=hush\n*.sops.* diff=hush merge=hush\n*.sops diff=hush merge=hush\n"
    );
    let again = run(&["git", "setup"]);
    assert!(again.contains("nothing changed"), "{again}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitattributes")).expect("read"),
        attributes
    );
    let get = |key: &str| stdout(ok(&s.git(&dir, &["config", "--local", "--get", key])));
    assert_eq!(get("diff.hush.textconv"), "hush git textconv\n");
    assert_eq!(get("diff.hush.cachetextconv"), "false\n");
    assert_eq!(
        get("merge.hush.driver"),
        "hush git merge-driver %O %A %B %P\n"
    );
    let attr = stdout(ok(
        &s.git(&dir, &["check-attr", "diff", "merge", "--", "a.enc.yaml"])
    ));
    assert_eq!(attr, "a.enc.yaml: diff: hush\na.enc.yaml: merge: hush\n");
}

#[test]
fn setup_outside_a_repository_says_so() {
    let s = Scratch::new();
    let out = s
        .hush_cmd(&["git", "setup"])
        .current_dir(s.dir.path())
        .output()
        .expect("hush");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not inside a git work tree"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn yaml_edits_on_two_branches_merge_at_the_value_level() {
    let repo = Repo::new();
    let name = "secret.enc.yaml";
    repo.add_sealed(name, SECRET_YAML, AGE_RECIPIENT);
    let original = repo.read(name);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.edit(name, AGE_IDENTITY, |p| p.replace("abc123", "xyz789"));
    repo.commit(name, "theirs: new api key");
    let theirs = repo.read(name);
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(name, AGE_IDENTITY, |p| {
        p.replace("hunter2", "correct-horse")
    });
    repo.commit(name, "ours: new password");
    let ours = repo.read(name);
    let merge = repo.s.git(&repo.dir, &["merge", "--no-edit", "feature"]);
    ok(&merge);
    let merged = repo.read(name);
    assert_eq!(
        repo.decrypt(name),
        SECRET_YAML
            .replace("abc123", "xyz789")
            .replace("hunter2", "correct-horse")
    );
    assert_eq!(repo.sops_extract(name, "[\"api_key\"]"), "xyz789");
    assert_eq!(
        repo.sops_extract(name, "[\"db\"][\"password\"]"),
        "correct-horse"
    );
    assert_eq!(repo.sops_extract(name, "[\"hosts\"][1]"), "two");
    // Unchanged values keep their ciphertext; each changed value is byte-identical to the
    // branch that changed it.
    assert_eq!(merged.lines().count(), original.lines().count());
    for (before, after) in original.lines().zip(merged.lines()) {
        let changed_key = ["api_key:", "password:", "lastmodified:", "mac:"]
            .iter()
            .any(|k| before.trim_start().starts_with(k));
        assert!(changed_key || before == after, "{before}\n{after}");
    }
    assert_eq!(line(&merged, "api_key"), line(&theirs, "api_key"));
    assert_eq!(line(&merged, "password"), line(&ours, "password"));
    // textconv: git shows the decrypted change.
    let diff = repo.git(&["diff", "HEAD~1", "HEAD", "--", name]);
    assert!(
        diff.contains("-api_key: abc123\n+api_key: xyz789"),
        "{diff}"
    );
    assert!(!diff.contains("ENC["), "{diff}");
    let show = repo.git(&["log", "-p", "-1", "feature", "--", name]);
    assert!(show.contains("+api_key: xyz789"), "{show}");
}

#[test]
fn keys_added_on_one_side_keep_that_sides_layout() {
    let (repo, _) = diverge(
        "secret.enc.yaml",
        SECRET_YAML,
        &[("hunter2", "pw2")],
        &[(
            "api_key: abc123\n",
            "api_key: abc123\n# new service\ntoken: t0k3n\n",
        )],
    );
    let expected = SECRET_YAML.replace("hunter2", "pw2").replace(
        "api_key: abc123\n",
        "api_key: abc123\n# new service\ntoken: t0k3n\n",
    );
    assert_eq!(repo.decrypt("secret.enc.yaml"), expected);
    assert_eq!(repo.sops_extract("secret.enc.yaml", "[\"token\"]"), "t0k3n");
}

#[test]
fn keys_added_on_both_sides_are_all_kept() {
    let (repo, log) = diverge(
        "secret.enc.yaml",
        SECRET_YAML,
        &[("api_key: abc123\n", "api_key: abc123\nours_key: o1\n")],
        &[("  user: admin\n", "  user: admin\n  port: 5432\n")],
    );
    assert!(!log.contains("CONFLICT"), "{log}");
    // Both layouts survive: the plaintexts were merged line by line and checked against the
    // value-level merge.
    assert_eq!(
        repo.decrypt("secret.enc.yaml"),
        SECRET_YAML
            .replace("api_key: abc123\n", "api_key: abc123\nours_key: o1\n")
            .replace("  user: admin\n", "  user: admin\n  port: 5432\n")
    );
    assert_eq!(
        repo.sops_extract("secret.enc.yaml", "[\"db\"][\"port\"]")
            .trim_end(),
        "5432"
    );
}

#[test]
fn the_same_value_changed_on_both_sides_is_a_visible_conflict() {
    let (repo, log) = diverge(
        "secret.enc.yaml",
        SECRET_YAML,
        &[("hunter2", "ours-secret"), ("abc123", "ours-key")],
        &[("hunter2", "theirs-secret"), ("abc123", "theirs-key")],
    );
    assert!(log.contains("CONFLICT"), "{log}");
    assert!(
        log.contains("[\"db\"][\"password\"] (changed on both sides)"),
        "{log}"
    );
    for secret in [
        "hunter2",
        "ours-secret",
        "theirs-secret",
        "abc123",
        "ours-key",
        "theirs-key",
    ] {
        assert!(
            !log.contains(secret),
            "a value leaked into git's output:\n{log}"
        );
    }
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains("UU secret.enc.yaml"), "{status}");
    assert!(
        log.contains("[\"api_key\"] (changed on both sides)"),
        "{log}"
    );
    // Still a valid sealed file: both tools open it and show the markers (double-quoted
    // where a comment follows the value on its line).
    let plain = repo.decrypt("secret.enc.yaml");
    assert!(
        plain.contains(
            "  password: \"<<<<<<< ours\\nours-secret\\n=======\\ntheirs-secret\\n>>>>>>> theirs\" # rotate me\n"
        ),
        "{plain}"
    );
    assert!(
        plain.contains(
            "api_key: |-\n  <<<<<<< ours\n  ours-key\n  =======\n  theirs-key\n  >>>>>>> theirs\nhosts:"
        ),
        "{plain}"
    );
    assert_eq!(
        repo.sops_extract("secret.enc.yaml", "[\"db\"][\"password\"]"),
        "<<<<<<< ours\nours-secret\n=======\ntheirs-secret\n>>>>>>> theirs"
    );
    assert!(!repo.read("secret.enc.yaml").contains("secret\n"));
}

#[test]
fn json_edits_on_two_branches_merge() {
    let plain = "{\n  \"db\": {\n    \"user\": \"admin\",\n    \"password\": \"hunter2\"\n  },\n  \"port\": 5432,\n  \"tls\": true\n}\n";
    let (repo, log) = diverge(
        "config.enc.json",
        plain,
        &[("5432", "6543")],
        &[("hunter2", "s3cret")],
    );
    assert!(!log.contains("CONFLICT"), "{log}");
    assert_eq!(
        repo.decrypt("config.enc.json"),
        plain.replace("5432", "6543").replace("hunter2", "s3cret")
    );
    assert_eq!(
        repo.sops_extract("config.enc.json", "[\"port\"]")
            .trim_end(),
        "6543"
    );
    assert_eq!(
        repo.sops_extract("config.enc.json", "[\"db\"][\"password\"]"),
        "s3cret"
    );
}

#[test]
fn undecryptable_files_diff_raw_and_do_not_merge() {
    let repo = Repo::new();
    let name = "theirs.enc.yaml";
    repo.add_sealed(name, SECRET_YAML, OTHER_RECIPIENT);
    repo.edit(name, OTHER_IDENTITY, |p| p.replace("abc123", "changed"));
    let diff = repo.git(&["diff", "--", name]);
    assert!(diff.contains("-api_key: ENC[AES256_GCM,data:"), "{diff}");
    assert!(!diff.contains("abc123"), "{diff}");
    repo.commit(name, "change");
    repo.git(&["checkout", "-q", "-b", "feature", "HEAD~1"]);
    repo.edit(name, OTHER_IDENTITY, |p| p.replace("hunter2", "other"));
    repo.commit(name, "theirs");
    repo.git(&["checkout", "-q", "main"]);
    let ours = repo.read(name);
    let out = repo.s.git(&repo.dir, &["merge", "--no-edit", "feature"]);
    assert!(!out.status.success());
    let log = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        log.contains("no identity or key service could decrypt the data key"),
        "{log}"
    );
    assert!(log.contains("our version is left as it was"), "{log}");
    assert_eq!(repo.read(name), ours, "OURS is untouched");
}

#[test]
fn textconv_prints_unsealed_and_unparseable_files_unchanged() {
    let repo = Repo::new();
    for (name, text) in [
        ("notes.sops", "just text\n"),
        ("broken.enc.json", "{ not json"),
    ] {
        std::fs::write(repo.path(name), text).expect("write");
        let out = repo.hush(&["git", "textconv", name]);
        assert_eq!(stdout(ok(&out)), text);
    }
}

#[test]
fn layouts_that_cannot_be_combined_are_rewritten_with_every_value() {
    let pair = "  user: admin\n  password: hunter2 # rotate me\n";
    let (repo, log) = diverge(
        "secret.enc.yaml",
        SECRET_YAML,
        &[(pair, "  password: hunter2 # rotate me\n  port: 1\n")],
        &[(
            pair,
            "  user: admin\n  password: pw9 # rotate me\n  host: h\n",
        )],
    );
    assert!(!log.contains("CONFLICT"), "{log}");
    assert!(log.contains("written in sops' layout"), "{log}");
    let name = "secret.enc.yaml";
    assert_eq!(repo.sops_extract(name, "[\"db\"][\"password\"]"), "pw9");
    assert_eq!(
        repo.sops_extract(name, "[\"db\"][\"port\"]").trim_end(),
        "1"
    );
    assert_eq!(repo.sops_extract(name, "[\"db\"][\"host\"]"), "h");
    assert_eq!(repo.sops_extract(name, "[\"api_key\"]"), "abc123");
    let plain = repo.decrypt(name);
    assert!(!plain.contains("user:"), "removed on our side:\n{plain}");
    assert!(
        plain.contains("# database access"),
        "comments are kept:\n{plain}"
    );
}

#[test]
fn dotenv_keys_added_on_both_sides_merge() {
    let plain = "# app\nDB_USER=admin\nDB_PASSWORD=hunter2\n";
    let (repo, log) = diverge(
        "app.enc.env",
        plain,
        &[("DB_USER=admin\n", "DB_USER=admin\nOURS=1\n")],
        &[("DB_PASSWORD=hunter2\n", "DB_PASSWORD=s3cret\nTHEIRS=2\n")],
    );
    assert!(!log.contains("CONFLICT"), "{log}");
    assert_eq!(
        repo.decrypt("app.enc.env"),
        "# app\nDB_USER=admin\nOURS=1\nDB_PASSWORD=s3cret\nTHEIRS=2\n"
    );
    assert_eq!(repo.sops_extract("app.enc.env", "[\"THEIRS\"]"), "2");
}

/// Two recipients, R1 (the merger's identity) and R2, so a branch can revoke R2.
fn both_recipients() -> String {
    format!("{AGE_RECIPIENT},{OTHER_RECIPIENT}")
}

/// Every value of [`SECRET_YAML`] as JSON, with this password and API key.
fn values(password: &str, api_key: &str) -> serde_json::Value {
    serde_json::json!({
        "db": {"user": "admin", "password": password},
        "api_key": api_key,
        "hosts": ["one", "two"],
    })
}

/// The `recipient:` lines of a sealed YAML file.
fn recipients(sealed: &str) -> Vec<&str> {
    sealed
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- recipient: "))
        .collect()
}

const NAME: &str = "secret.enc.yaml";

/// A repository holding [`SECRET_YAML`] sealed as [`NAME`] for `recipients`.
fn sealed_for(recipients: &str) -> Repo {
    let repo = Repo::new();
    repo.add_sealed(NAME, SECRET_YAML, recipients);
    repo
}

fn new_password(repo: &Repo) {
    repo.edit(NAME, AGE_IDENTITY, |p| {
        p.replace("hunter2", "correct-horse")
    });
}

/// Seals [`SECRET_YAML`] for R1 and R2, runs `revoke` (which must remove R2) on a branch,
/// changes the password on main and merges the branch into main, checking that the merge
/// took theirs's recipients, said so without showing a value, and left only R1 able to open
/// the file (for the real sops binary too) with every value right.
fn revoke_r2_on_a_branch(revoke: impl FnOnce(&Repo)) -> (Repo, Merge) {
    let repo = sealed_for(&both_recipients());
    let r2 = repo.key_file("r2.txt", OTHER_IDENTITY);
    assert_eq!(repo.sops_values(NAME, &r2), values("hunter2", "abc123"));
    let merge = repo.merge_changes(NAME, "revoke", revoke, new_password);
    let log = &merge.log;
    ok(&merge.out);
    assert!(
        log.contains(&format!(
            "hush: {NAME}: theirs changed the recipients (- age {OTHER_RECIPIENT}); the \
             result is sealed under theirs's recipients and data key\n"
        )),
        "{log}"
    );
    assert!(
        !log.contains("hunter2") && !log.contains("correct-horse"),
        "{log}"
    );
    assert_eq!(repo.git(&["status", "--porcelain", "--", NAME]), "");
    assert_eq!(recipients(&repo.read(NAME)), [AGE_RECIPIENT]);
    let r2_out = repo.sops_with(NAME, &r2);
    assert!(!r2_out.status.success(), "R2 still opens the merged file");
    let refusal = stderr(&r2_out);
    assert!(
        refusal.contains("Failed to get the data key required to decrypt the SOPS file.")
            && refusal.contains(&format!("{AGE_RECIPIENT}: FAILED"))
            && !refusal.contains(OTHER_RECIPIENT),
        "{refusal}"
    );
    assert_eq!(
        repo.sops_values(NAME, &repo.s.key_file()),
        values("correct-horse", "abc123")
    );
    assert_eq!(
        repo.decrypt(NAME),
        SECRET_YAML.replace("hunter2", "correct-horse")
    );
    (repo, merge)
}

#[test]
fn a_recipient_removed_on_a_branch_stays_removed_after_the_merge() {
    let (repo, merge) = revoke_r2_on_a_branch(|repo| {
        repo.rules(&[AGE_RECIPIENT]);
        ok(&repo.hush(&["updatekeys", "-y", NAME]));
    });
    // updatekeys keeps the data key: every value keeps the ciphertext of the side it is from.
    let merged = repo.read(NAME);
    for key in ["user", "api_key"] {
        assert_eq!(line(&merged, key), line(&merge.theirs, key));
    }
    assert_eq!(line(&merged, "password"), line(&merge.ours, "password"));
}

#[test]
fn a_rekey_on_a_branch_gives_the_merge_its_new_data_key() {
    let mut old_key = None;
    let (repo, merge) = revoke_r2_on_a_branch(|repo| {
        old_key = Some(data_key(&repo.read(NAME), OTHER_IDENTITY));
        ok(&repo.hush(&["rekey", "--rm-age", OTHER_RECIPIENT, NAME]));
    });
    // Sealed under theirs's new data key, which R2 (who knew the old one) never had.
    let merged = repo.read(NAME);
    let new_key = data_key(&merge.theirs, AGE_IDENTITY);
    assert_ne!(Some(&new_key), old_key.as_ref());
    assert_eq!(data_key(&merged, AGE_IDENTITY), new_key);
    // Values unchanged since the rekey keep theirs's ciphertext; ours's change is encrypted
    // anew under theirs's key (ours's ciphertext was under the old key).
    for key in ["user", "api_key"] {
        assert_eq!(line(&merged, key), line(&merge.theirs, key));
    }
    assert_ne!(line(&merged, "password"), line(&merge.ours, "password"));
    assert_ne!(line(&merged, "password"), line(&merge.theirs, "password"));
}

#[test]
fn a_recipient_granted_on_a_branch_can_open_the_merged_file() {
    let repo = sealed_for(AGE_RECIPIENT);
    let (secret, r3) = generate_identity();
    let r3_keys = repo.key_file("r3.txt", secret.expose_secret());
    assert!(!repo.sops_with(NAME, &r3_keys).status.success());
    let grant = |repo: &Repo| {
        repo.rules(&[AGE_RECIPIENT, &r3]);
        ok(&repo.hush(&["updatekeys", "-y", NAME]));
    };
    let merge = repo.merge_changes(NAME, "grant", grant, new_password);
    ok(&merge.out);
    assert!(
        merge.log.contains(&format!(
            "hush: {NAME}: theirs changed the recipients (+ age {r3}); the result is sealed \
             under theirs's recipients and data key\n"
        )),
        "{}",
        merge.log
    );
    assert_eq!(recipients(&repo.read(NAME)), [AGE_RECIPIENT, r3.as_str()]);
    for keys in [r3_keys, repo.s.key_file()] {
        assert_eq!(
            repo.sops_values(NAME, &keys),
            values("correct-horse", "abc123")
        );
    }
    assert_eq!(
        repo.decrypt(NAME),
        SECRET_YAML.replace("hunter2", "correct-horse")
    );
}

/// Asserts the merge was refused with `reason` and left OURS as it was, conflicted.
#[track_caller]
fn assert_not_merged(repo: &Repo, merge: &Merge, reason: &str) {
    let log = &merge.log;
    assert!(!merge.out.status.success(), "{log}");
    assert!(
        log.contains(&format!(
            "hush: {NAME}: cannot merge its keys: {reason}; resolve it by hand"
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "hush: {NAME}: not merged; our version is left as it was and git reports a conflict"
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!("CONFLICT (content): Merge conflict in {NAME}")),
        "{log}"
    );
    for secret in ["hunter2", "correct-horse", "abc123", "theirs-key"] {
        assert!(
            !log.contains(secret),
            "a value leaked into git's output:\n{log}"
        );
    }
    assert_eq!(repo.read(NAME), merge.ours, "OURS is untouched");
    assert_eq!(
        repo.git(&["status", "--porcelain", "--", NAME]),
        format!("UU {NAME}\n")
    );
}

#[test]
fn recipients_changed_differently_on_both_sides_are_not_merged() {
    let repo = sealed_for(&both_recipients());
    let (_, r3) = generate_identity();
    let grant = |repo: &Repo| {
        ok(&repo.hush(&["rekey", "--add-age", &r3, NAME]));
        repo.edit(NAME, AGE_IDENTITY, |p| p.replace("abc123", "theirs-key"));
    };
    let revoke = |repo: &Repo| {
        repo.rules(&[AGE_RECIPIENT]);
        ok(&repo.hush(&["updatekeys", "-y", NAME]));
        new_password(repo);
    };
    let merge = repo.merge_changes(NAME, "grant", grant, revoke);
    assert_not_merged(
        &repo,
        &merge,
        &format!(
            "both sides changed its recipients, differently (ours: - age {OTHER_RECIPIENT}; \
             theirs: + age {r3})"
        ),
    );
}

#[test]
fn a_rekey_against_a_recipient_change_under_the_old_key_is_not_merged() {
    let repo = sealed_for(&both_recipients());
    let revoke = |repo: &Repo| {
        repo.rules(&[AGE_RECIPIENT]);
        ok(&repo.hush(&["updatekeys", "-y", NAME]));
    };
    let rekey = |repo: &Repo| {
        ok(&repo.hush(&["rekey", NAME]));
    };
    let merge = repo.merge_changes(NAME, "revoke", revoke, rekey);
    assert_not_merged(
        &repo,
        &merge,
        &format!(
            "ours gave it a new data key (rekey) while theirs changed its recipients \
             (- age {OTHER_RECIPIENT}) under the old one; either side's keys would undo the \
             other's change"
        ),
    );
}

#[test]
fn rekeys_on_both_sides_keep_ours_and_say_so() {
    let repo = sealed_for(AGE_RECIPIENT);
    let rekey = |repo: &Repo| {
        ok(&repo.hush(&["rekey", NAME]));
    };
    let rekey_and_edit = |repo: &Repo| {
        rekey(repo);
        repo.edit(NAME, AGE_IDENTITY, |p| p.replace("abc123", "xyz789"));
    };
    let merge = repo.merge_changes(NAME, "rekey", rekey_and_edit, rekey);
    ok(&merge.out);
    assert!(
        merge.log.contains(&format!(
            "hush: {NAME}: the two sides have different new data keys (rekeyed on both sides, \
             or added on both); the result is sealed under ours and theirs's changes are \
             re-encrypted\n"
        )),
        "{}",
        merge.log
    );
    let merged = repo.read(NAME);
    assert_eq!(
        data_key(&merged, AGE_IDENTITY),
        data_key(&merge.ours, AGE_IDENTITY)
    );
    assert_ne!(
        data_key(&merged, AGE_IDENTITY),
        data_key(&merge.theirs, AGE_IDENTITY)
    );
    assert_eq!(repo.decrypt(NAME), SECRET_YAML.replace("abc123", "xyz789"));
    assert_eq!(
        repo.sops_values(NAME, &repo.s.key_file()),
        values("hunter2", "xyz789")
    );
}
