
use builtin;
use str;

set edit:completion:arg-completer[hush] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hush'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hush'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand encrypt 'Seal a file: encrypt its values for the given recipients (sops format)'
            cand decrypt 'Open a sealed file and print (or write) the plaintext'
            cand edit 'Edit a sealed file in your editor; only changed values get new ciphertext'
            cand set 'Set one value of a sealed file (in place), creating missing keys'
            cand unset 'Remove one key or list item from a sealed file (in place)'
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand updatekeys 'Make sealed files'' recipients match their creation rules (same data key and values)'
            cand rekey 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
            cand groups 'Add or delete key groups of a sealed file (the data key is re-split across them)'
            cand exec-env 'Run a command with the decrypted values as its environment variables'
            cand exec-file 'Run a command with the decrypted file at a path that lives in memory (`{}`)'
            cand git 'git integration: show sealed files decrypted in diffs and merge them value by value'
            cand init 'Set a repository up: find or create your identity and write its creation rules'
            cand keygen 'Create a new age identity and print its public key'
            cand secret 'Versioned secrets: put, get and list versions (local store by default)'
            cand rotate 'Replace secrets with freshly generated versions (stage, then promote with check-and-set)'
            cand rollback 'Make an earlier version of a secret current again (newer versions are kept)'
            cand audit 'The audit log of secret operations'
            cand lint 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)'
            cand k8s 'Kubernetes: EncryptionConfiguration, kube-apiserver''s etcd value format, etcd audit'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;encrypt'= {
            cand --encryption-context 'Encryption context for the --kms keys'
            cand --aws-profile 'AWS profile for the --kms keys (default: the SDK''s default chain)'
            cand --key-group 'A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or hc-vault-transit (the recipient flags above form the first group); repeatable'
            cand --encrypted-regex 'Encrypt only values under keys matching this regex'
            cand --unencrypted-regex 'Leave values under keys matching this regex in clear'
            cand --encrypted-suffix 'Encrypt only values under keys ending with this suffix'
            cand --unencrypted-suffix 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)'
            cand --encrypted-comment-regex 'Encrypt only values after a comment matching this regex'
            cand --unencrypted-comment-regex 'Leave values after a comment matching this regex in clear'
            cand --reuse 'Seal under the data key, recipients and rule of OLD, an earlier sealed version of FILE: values unchanged since OLD keep their ciphertext, so diffs stay small'
            cand --shamir-threshold 'With several key groups, how many are needed to open the file (default: all)'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand --input-type 'Read the input as this format instead of guessing from the extension'
            cand --output-type 'Write the output in this format (default: the input''s)'
            cand -o 'Write to this file (atomically) instead of printing'
            cand --output 'Write to this file (atomically) instead of printing'
            cand -a 'age recipients (age1…) or SSH public keys'
            cand --age 'age recipients (age1…) or SSH public keys'
            cand -k 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first'
            cand --kms 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first'
            cand --gcp-kms 'GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)'
            cand --azure-kv 'Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])'
            cand --hc-vault-transit 'Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)'
            cand --mac-only-encrypted 'Authenticate only the encrypted values, so clear values can be edited without keys'
            cand -i 'Replace the input file (atomically) instead of printing'
            cand --in-place 'Replace the input file (atomically) instead of printing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;decrypt'= {
            cand --extract 'Print only the value at this path, e.g. ''["data"]["password"]'' or ''["list"][0]'''
            cand --input-type 'Read the input as this format instead of guessing from the extension'
            cand --output-type 'Write the output in this format (default: the input''s)'
            cand -o 'Write to this file (atomically) instead of printing'
            cand --output 'Write to this file (atomically) instead of printing'
            cand --ignore-mac 'Skip the MAC check (only when you trust every value in the file)'
            cand -i 'Replace the input file (atomically) instead of printing'
            cand --in-place 'Replace the input file (atomically) instead of printing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;edit'= {
            cand --input-type 'Read the file as this format instead of guessing from the extension'
            cand -a 'For a new file: seal it for these age recipients or SSH public keys (comma-separated; repeatable) instead of its creation rule''s'
            cand --age 'For a new file: seal it for these age recipients or SSH public keys (comma-separated; repeatable) instead of its creation rule''s'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;set'= {
            cand --input-type 'Read the file as this format instead of guessing from the extension'
            cand --value-file 'Read the value from this file (keeps it out of the process list)'
            cand --value-stdin 'Read the value from standard input (keeps it out of the process list)'
            cand --string 'Store the value as a string exactly as given, instead of reading it as JSON'
            cand --idempotent 'Accepted for sops compatibility: hush never rewrites a file whose value is already set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;unset'= {
            cand --input-type 'Read the file as this format instead of guessing from the extension'
            cand --idempotent 'Succeed without changing anything when the path does not exist'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;status'= {
            cand --format 'Output format'
            cand --input-type 'Treat the files as this format instead of guessing from the extension'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;updatekeys'= {
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand -y 'Apply the changes without asking (needed when not on a terminal)'
            cand --yes 'Apply the changes without asking (needed when not on a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;rekey'= {
            cand --add-age 'Also seal for these age recipients or SSH public keys (comma-separated; repeatable); they join the first key group'
            cand --rm-age 'Stop sealing for these age recipients (comma-separated; repeatable), in every group'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;groups'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a key group made of the given recipients'
            cand delete 'Delete the key group at INDEX (counted from 0, as sops does)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;groups;add'= {
            cand -f 'The sealed file'
            cand --file 'The sealed file'
            cand --input-type 'Treat the file as this format instead of guessing from the extension'
            cand --shamir-threshold 'How many key groups are needed to decrypt afterwards (default: unchanged)'
            cand -a 'age recipients (age1…) or SSH public keys'
            cand --age 'age recipients (age1…) or SSH public keys'
            cand -k 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first'
            cand --kms 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first'
            cand --encryption-context 'Encryption context for the --kms keys'
            cand --aws-profile 'AWS profile for the --kms keys (default: the SDK''s default chain)'
            cand --gcp-kms 'GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)'
            cand --azure-kv 'Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])'
            cand --hc-vault-transit 'Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)'
            cand -i 'Replace the file (atomically) instead of printing the result'
            cand --in-place 'Replace the file (atomically) instead of printing the result'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;groups;delete'= {
            cand -f 'The sealed file'
            cand --file 'The sealed file'
            cand --input-type 'Treat the file as this format instead of guessing from the extension'
            cand --shamir-threshold 'How many key groups are needed to decrypt afterwards (default: unchanged)'
            cand -i 'Replace the file (atomically) instead of printing the result'
            cand --in-place 'Replace the file (atomically) instead of printing the result'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;groups;help'= {
            cand add 'Add a key group made of the given recipients'
            cand delete 'Delete the key group at INDEX (counted from 0, as sops does)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;groups;help;add'= {
        }
        &'hush;groups;help;delete'= {
        }
        &'hush;groups;help;help'= {
        }
        &'hush;exec-env'= {
            cand --input-type 'Read FILE as this format instead of guessing from the extension'
            cand --extract 'Use only the part of the file at this path, e.g. ''["stringData"]'''
            cand --watch-interval 'How often --watch looks at FILE (e.g. 500ms, 2s)'
            cand --on-change 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)'
            cand --stop-timeout 'How long a restart waits after SIGTERM before it sends SIGKILL'
            cand --pid-file 'Write hush''s process id to this file while the command runs (removed at exit); a signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command'
            cand --same-process 'Replace hush with the command (keeps the process id; no signal relay, no --watch)'
            cand --ignore-mac 'Skip the MAC check (only when you trust every value in the file)'
            cand --pristine 'Give the command only the decrypted values, not hush''s own environment'
            cand --keep-identity-env 'Also pass hush''s identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default'
            cand --watch 'Watch FILE and hand each new version to the running command (see --on-change)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;exec-file'= {
            cand --output-type 'Write the content for the command in this format (default: the input''s)'
            cand --filename 'The file name the command sees (a FIFO''s name, or a link to the memfd), e.g. app.yaml'
            cand --input-type 'Read FILE as this format instead of guessing from the extension'
            cand --extract 'Use only the part of the file at this path, e.g. ''["stringData"]'''
            cand --watch-interval 'How often --watch looks at FILE (e.g. 500ms, 2s)'
            cand --on-change 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)'
            cand --stop-timeout 'How long a restart waits after SIGTERM before it sends SIGKILL'
            cand --pid-file 'Write hush''s process id to this file while the command runs (removed at exit); a signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command'
            cand --fifo 'Serve the content through a FIFO (readable once per version) instead of a memfd'
            cand --no-fifo 'Accepted for sops compatibility: the memfd default never writes a file either'
            cand --ignore-mac 'Skip the MAC check (only when you trust every value in the file)'
            cand --pristine 'Give the command only the decrypted values, not hush''s own environment'
            cand --keep-identity-env 'Also pass hush''s identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default'
            cand --watch 'Watch FILE and hand each new version to the running command (see --on-change)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;git'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)'
            cand textconv 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)'
            cand merge-driver 'Merge three versions of a sealed file value by value (run by git as a merge driver)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;git;setup'= {
            cand --pattern 'Give this gitattributes pattern the hush drivers (repeatable; default: *.enc.*, *.sops.* and *.sops)'
            cand --global 'Write to the global git config and attributes file instead of the repository''s'
            cand --absolute 'Make git run this hush binary by its absolute path instead of `hush` from PATH'
            cand --dry-run 'Print what would change without changing anything'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;git;textconv'= {
            cand --input-type 'Read the file as this format instead of guessing from the extension'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;git;merge-driver'= {
            cand --input-type 'Read the files as this format instead of guessing from PATH''s extension'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;git;help'= {
            cand setup 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)'
            cand textconv 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)'
            cand merge-driver 'Merge three versions of a sealed file value by value (run by git as a merge driver)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;git;help;setup'= {
        }
        &'hush;git;help;textconv'= {
        }
        &'hush;git;help;merge-driver'= {
        }
        &'hush;git;help;help'= {
        }
        &'hush;init'= {
            cand --identity-file 'Create a new identity in this file (default when none is found: ~/.config/sops/age/keys.txt)'
            cand -a 'Teammates'' recipients (age1… or SSH public keys), comma-separated; repeatable'
            cand --age 'Teammates'' recipients (age1… or SSH public keys), comma-separated; repeatable'
            cand --path-regex 'The files the rule covers, as a regex on their path (default: every file)'
            cand --encrypted-regex 'Seal only values under keys matching this regex (default: hush''s per-file defaults)'
            cand --dir 'The repository (default: the git repository around the current directory)'
            cand -y 'Ask nothing: use the flags and defaults (implied when there is no terminal)'
            cand --yes 'Ask nothing: use the flags and defaults (implied when there is no terminal)'
            cand --keyring 'Create a new identity in the OS keyring'
            cand --no-identity 'Use no identity of your own: seal only for the --age recipients'
            cand --sops-config 'Write .sops.yaml instead of .hush.yaml, for teams that also use sops'
            cand --force 'Replace an existing .hush.yaml/.sops.yaml'
            cand --git-drivers 'Also set git up to diff and merge sealed files through hush (`hush git setup`)'
            cand --pre-commit 'Also write .pre-commit-config.yaml with a hook that runs `hush lint` on the files being committed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;keygen'= {
            cand -o 'Write the identity to this file (mode 0600; refuses to overwrite)'
            cand --output 'Write the identity to this file (mode 0600; refuses to overwrite)'
            cand --keyring 'Store the identity in the OS keyring instead of a file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;secret'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand put 'Write a new current version of a secret (creating it)'
            cand get 'Print a secret''s value (current or --version) on standard output, nothing else'
            cand versions 'List a secret''s versions'
            cand prune 'Remove old versions of a local: secret for good (never the current or a staged one)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;secret;put'= {
            cand --value-file 'Read the value from this file'
            cand --generate 'Generate the value: password:LEN[:CLASSES], hex:BYTES, base64:BYTES, uuid, age-identity, ed25519 (an OpenSSH private key) or command:CMD (its standard output)'
            cand --store 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)'
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand --etcd-endpoints 'etcd client URLs for etcd:/KEY references, comma-separated'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand --value-stdin 'Read the value from standard input (taken as is, trailing newline included)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;secret;get'= {
            cand --version 'This version instead of the current one'
            cand --store 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)'
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand --etcd-endpoints 'etcd client URLs for etcd:/KEY references, comma-separated'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand --public 'Print the public half of a keypair value (ed25519: an OpenSSH public key line; age-identity: the age1... recipient) instead of the value'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hush;secret;versions'= {
            cand --format 'Output format'
            cand --store 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)'
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand --etcd-endpoints 'etcd client URLs for etcd:/KEY references, comma-separated'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;secret;prune'= {
            cand --keep 'Keep the N newest versions (the current and staged ones are always kept)'
            cand --older-than 'Remove only versions created longer ago than this (e.g. 90d, 12h); with --keep, a version goes only when both allow it'
            cand --store 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)'
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand --etcd-endpoints 'etcd client URLs for etcd:/KEY references, comma-separated'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand --dry-run 'Only list the versions that would be removed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;secret;help'= {
            cand put 'Write a new current version of a secret (creating it)'
            cand get 'Print a secret''s value (current or --version) on standard output, nothing else'
            cand versions 'List a secret''s versions'
            cand prune 'Remove old versions of a local: secret for good (never the current or a staged one)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;secret;help;put'= {
        }
        &'hush;secret;help;get'= {
        }
        &'hush;secret;help;versions'= {
        }
        &'hush;secret;help;prune'= {
        }
        &'hush;secret;help;help'= {
        }
        &'hush;rotate'= {
            cand --generate 'How to generate the new values (default: the policy''s `generate`, else password:32)'
            cand -j 'How many of the named secrets to rotate at once (default 8: rotation waits on the network, a few round trips per secret; 8 hides that latency while staying well under the request rates of cloud secret managers)'
            cand --jobs 'How many of the named secrets to rotate at once (default 8: rotation waits on the network, a few round trips per secret; 8 hides that latency while staying well under the request rates of cloud secret managers)'
            cand --store 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)'
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand --etcd-endpoints 'etcd client URLs for etcd:/KEY references, comma-separated'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand --due 'Rotate every secret of the `secrets:` policy in .hush.yaml whose current version is older than its max_age; with --dry-run, list them and exit 86 when any is due'
            cand --dry-run 'Only report what would be rotated'
            cand --stage-only 'Stage the new version without making it current; the next `hush rotate` of the reference promotes it (stage, deploy and verify, then promote)'
            cand --actions-only 'Do not rotate: run the policy''s on_rotate actions again with the current value (after an action failed and was fixed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;rollback'= {
            cand --to 'The version to make current (default: the one current before the current one)'
            cand --store 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)'
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand --etcd-endpoints 'etcd client URLs for etcd:/KEY references, comma-separated'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;audit'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check the audit log''s hash chain (exit 82 when a line was changed, removed or reordered)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;audit;verify'= {
            cand --log 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;audit;help'= {
            cand verify 'Check the audit log''s hash chain (exit 82 when a line was changed, removed or reordered)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;audit;help;verify'= {
        }
        &'hush;audit;help;help'= {
        }
        &'hush;lint'= {
            cand --format 'Output format'
            cand --since 'With --git-history: only commits after this revision (REV..HEAD)'
            cand --baseline 'Do not report findings whose fingerprints are in this baseline file (fingerprints cover the path from the repository root, so any directory and spelling matches)'
            cand --write-baseline 'Write the current findings'' fingerprints to this baseline file and exit 0 (2 if a path could not be read); refused with --baseline, since a new baseline records every current finding'
            cand --config 'Read the `lint:` settings from this file instead of the nearest .hush.yaml'
            cand --max-file-size 'Skip files larger than this many bytes'
            cand --staged 'Scan what is about to be committed (the index content of staged files)'
            cand --git-history 'Scan the lines added by past commits (reachable from HEAD)'
            cand --no-progress 'Never show the progress line (it is shown only on a terminal)'
            cand -v 'Also list files that were skipped (binary, too large) and why; unreadable files are always reported, on stderr'
            cand --verbose 'Also list files that were skipped (binary, too large) and why; unreadable files are always reported, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand encryption-config 'Generate, validate and rotate kube-apiserver''s EncryptionConfiguration'
            cand encrypt-value 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it'
            cand decrypt-value 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout'
            cand etcd-audit 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key'
            cand secret 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;k8s;encryption-config'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Write a new EncryptionConfiguration with fresh keys (mode 0600)'
            cand validate 'Check a file against every rule kube-apiserver applies (and hush''s warnings)'
            cand rotate 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)'
            cand status 'Say which rotation step a file is at, the next commands, and its reload hash'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;k8s;encryption-config;generate'= {
            cand --provider 'The provider new writes use'
            cand --resources 'Resources to encrypt, comma-separated (`secrets`, `configmaps`, `*.apps`, `*.*`)'
            cand --key-name 'The key''s name (default: key-<UTC date>-<time>, which lets rotation tell keys apart)'
            cand --kms-name 'kms: the plugin''s name (unique, no '':'')'
            cand --kms-endpoint 'kms: the plugin''s socket, unix:///path'
            cand --kms-timeout 'kms: how long kube-apiserver waits for the plugin'
            cand -o 'Write to this file (atomically, mode 0600; .json writes JSON) instead of stdout'
            cand --output 'Write to this file (atomically, mode 0600; .json writes JSON) instead of stdout'
            cand -a 'age recipients (age1…) or SSH public keys for --seal, comma-separated; repeatable'
            cand --age 'age recipients (age1…) or SSH public keys for --seal, comma-separated; repeatable'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
            cand --allow-plaintext-reads 'Append `identity: {}` so existing plaintext values stay readable during a migration'
            cand --seal 'Seal the file with hush (only the key secrets are encrypted) for the --age recipients, or those of the creation rule for the -o file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;encryption-config;validate'= {
            cand --format 'Output format'
            cand --strict 'Fail on warnings too'
            cand --reload 'Validate as kube-apiserver does with --encryption-provider-config-automatic-reload=true'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;encryption-config;rotate'= {
            cand --step 'The step to carry out'
            cand --key-name 'prepare: the new key''s name (default: key-<UTC date>-<time>)'
            cand --new-key 'promote/prune: the new key''s name, when the names do not tell'
            cand --check-etcd 'prune: first check in etcd that no value is still under a key being removed'
            cand --cacert 'Verify etcd''s certificate with this CA bundle'
            cand --cert 'Client certificate for etcd'
            cand --key 'Client key for etcd'
            cand --prefix 'kube-apiserver''s --etcd-prefix'
            cand --page-size 'Keys per etcd range request (memory holds one page; etcd 3.4 walks the rest of the range on every request, so fewer, larger pages are faster)'
            cand --skip-etcd-check 'prune: remove the old key without checking etcd (you re-encrypted and checked yourself)'
            cand --dry-run 'Print what would change and write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;encryption-config;status'= {
            cand --new-key 'The new key''s name, when the names do not tell'
            cand --format 'Output format'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;encryption-config;help'= {
            cand generate 'Write a new EncryptionConfiguration with fresh keys (mode 0600)'
            cand validate 'Check a file against every rule kube-apiserver applies (and hush''s warnings)'
            cand rotate 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)'
            cand status 'Say which rotation step a file is at, the next commands, and its reload hash'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;k8s;encryption-config;help;generate'= {
        }
        &'hush;k8s;encryption-config;help;validate'= {
        }
        &'hush;k8s;encryption-config;help;rotate'= {
        }
        &'hush;k8s;encryption-config;help;status'= {
        }
        &'hush;k8s;encryption-config;help;help'= {
        }
        &'hush;k8s;encrypt-value'= {
            cand --config 'The EncryptionConfiguration whose providers to use (sealed files are opened)'
            cand --etcd-key 'The value''s etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)'
            cand --resource 'The resource the key belongs to (default: from the key: `secrets`, or `<resource>.<group>` for /registry/<group>/<resource>/…)'
            cand --prefix 'kube-apiserver''s --etcd-prefix'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;decrypt-value'= {
            cand --config 'The EncryptionConfiguration whose providers to use (sealed files are opened)'
            cand --etcd-key 'The value''s etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)'
            cand --resource 'The resource the key belongs to (default: from the key: `secrets`, or `<resource>.<group>` for /registry/<group>/<resource>/…)'
            cand --prefix 'kube-apiserver''s --etcd-prefix'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;etcd-audit'= {
            cand --endpoints 'etcd client URLs, comma-separated'
            cand --resources 'Resources to audit, comma-separated (the path segment under the prefix; `*` for all)'
            cand --config 'Also check each value reads with this config and flag keys no longer in it'
            cand --format 'Output format'
            cand --cacert 'Verify etcd''s certificate with this CA bundle'
            cand --cert 'Client certificate for etcd'
            cand --key 'Client key for etcd'
            cand --prefix 'kube-apiserver''s --etcd-prefix'
            cand --page-size 'Keys per etcd range request (memory holds one page; etcd 3.4 walks the rest of the range on every request, so fewer, larger pages are faster)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;secret'= {
            cand --name 'The Secret''s name (default: the file name up to its first dot)'
            cand --namespace 'The Secret''s namespace'
            cand --input-type 'Read the file as this format instead of guessing from the extension'
            cand --immutable-versioned 'Name it <name>-<content hash> and make it immutable (a new Secret per change)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;k8s;help'= {
            cand encryption-config 'Generate, validate and rotate kube-apiserver''s EncryptionConfiguration'
            cand encrypt-value 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it'
            cand decrypt-value 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout'
            cand etcd-audit 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key'
            cand secret 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;k8s;help;encryption-config'= {
            cand generate 'Write a new EncryptionConfiguration with fresh keys (mode 0600)'
            cand validate 'Check a file against every rule kube-apiserver applies (and hush''s warnings)'
            cand rotate 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)'
            cand status 'Say which rotation step a file is at, the next commands, and its reload hash'
        }
        &'hush;k8s;help;encryption-config;generate'= {
        }
        &'hush;k8s;help;encryption-config;validate'= {
        }
        &'hush;k8s;help;encryption-config;rotate'= {
        }
        &'hush;k8s;help;encryption-config;status'= {
        }
        &'hush;k8s;help;encrypt-value'= {
        }
        &'hush;k8s;help;decrypt-value'= {
        }
        &'hush;k8s;help;etcd-audit'= {
        }
        &'hush;k8s;help;secret'= {
        }
        &'hush;k8s;help;help'= {
        }
        &'hush;quickstart'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;help'= {
            cand encrypt 'Seal a file: encrypt its values for the given recipients (sops format)'
            cand decrypt 'Open a sealed file and print (or write) the plaintext'
            cand edit 'Edit a sealed file in your editor; only changed values get new ciphertext'
            cand set 'Set one value of a sealed file (in place), creating missing keys'
            cand unset 'Remove one key or list item from a sealed file (in place)'
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand updatekeys 'Make sealed files'' recipients match their creation rules (same data key and values)'
            cand rekey 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
            cand groups 'Add or delete key groups of a sealed file (the data key is re-split across them)'
            cand exec-env 'Run a command with the decrypted values as its environment variables'
            cand exec-file 'Run a command with the decrypted file at a path that lives in memory (`{}`)'
            cand git 'git integration: show sealed files decrypted in diffs and merge them value by value'
            cand init 'Set a repository up: find or create your identity and write its creation rules'
            cand keygen 'Create a new age identity and print its public key'
            cand secret 'Versioned secrets: put, get and list versions (local store by default)'
            cand rotate 'Replace secrets with freshly generated versions (stage, then promote with check-and-set)'
            cand rollback 'Make an earlier version of a secret current again (newer versions are kept)'
            cand audit 'The audit log of secret operations'
            cand lint 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)'
            cand k8s 'Kubernetes: EncryptionConfiguration, kube-apiserver''s etcd value format, etcd audit'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;help;encrypt'= {
        }
        &'hush;help;decrypt'= {
        }
        &'hush;help;edit'= {
        }
        &'hush;help;set'= {
        }
        &'hush;help;unset'= {
        }
        &'hush;help;status'= {
        }
        &'hush;help;updatekeys'= {
        }
        &'hush;help;rekey'= {
        }
        &'hush;help;groups'= {
            cand add 'Add a key group made of the given recipients'
            cand delete 'Delete the key group at INDEX (counted from 0, as sops does)'
        }
        &'hush;help;groups;add'= {
        }
        &'hush;help;groups;delete'= {
        }
        &'hush;help;exec-env'= {
        }
        &'hush;help;exec-file'= {
        }
        &'hush;help;git'= {
            cand setup 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)'
            cand textconv 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)'
            cand merge-driver 'Merge three versions of a sealed file value by value (run by git as a merge driver)'
        }
        &'hush;help;git;setup'= {
        }
        &'hush;help;git;textconv'= {
        }
        &'hush;help;git;merge-driver'= {
        }
        &'hush;help;init'= {
        }
        &'hush;help;keygen'= {
        }
        &'hush;help;secret'= {
            cand put 'Write a new current version of a secret (creating it)'
            cand get 'Print a secret''s value (current or --version) on standard output, nothing else'
            cand versions 'List a secret''s versions'
            cand prune 'Remove old versions of a local: secret for good (never the current or a staged one)'
        }
        &'hush;help;secret;put'= {
        }
        &'hush;help;secret;get'= {
        }
        &'hush;help;secret;versions'= {
        }
        &'hush;help;secret;prune'= {
        }
        &'hush;help;rotate'= {
        }
        &'hush;help;rollback'= {
        }
        &'hush;help;audit'= {
            cand verify 'Check the audit log''s hash chain (exit 82 when a line was changed, removed or reordered)'
        }
        &'hush;help;audit;verify'= {
        }
        &'hush;help;lint'= {
        }
        &'hush;help;k8s'= {
            cand encryption-config 'Generate, validate and rotate kube-apiserver''s EncryptionConfiguration'
            cand encrypt-value 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it'
            cand decrypt-value 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout'
            cand etcd-audit 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key'
            cand secret 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file'
        }
        &'hush;help;k8s;encryption-config'= {
            cand generate 'Write a new EncryptionConfiguration with fresh keys (mode 0600)'
            cand validate 'Check a file against every rule kube-apiserver applies (and hush''s warnings)'
            cand rotate 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)'
            cand status 'Say which rotation step a file is at, the next commands, and its reload hash'
        }
        &'hush;help;k8s;encryption-config;generate'= {
        }
        &'hush;help;k8s;encryption-config;validate'= {
        }
        &'hush;help;k8s;encryption-config;rotate'= {
        }
        &'hush;help;k8s;encryption-config;status'= {
        }
        &'hush;help;k8s;encrypt-value'= {
        }
        &'hush;help;k8s;decrypt-value'= {
        }
        &'hush;help;k8s;etcd-audit'= {
        }
        &'hush;help;k8s;secret'= {
        }
        &'hush;help;quickstart'= {
        }
        &'hush;help;help'= {
        }
    ]
    $completions[$command]
}
