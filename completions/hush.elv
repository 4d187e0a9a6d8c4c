
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
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand keygen 'Create a new age identity and print its public key'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand init 'Set a repository up: find or create your identity and write its creation rules'
            cand git 'git integration: show sealed files decrypted in diffs and merge them value by value'
            cand exec-env 'Run a command with the decrypted values as its environment variables'
            cand exec-file 'Run a command with the decrypted file at a path that lives in memory (`{}`)'
            cand edit 'Edit a sealed file in your editor; only changed values get new ciphertext'
            cand set 'Set one value of a sealed file (in place), creating missing keys'
            cand unset 'Remove one key or list item from a sealed file (in place)'
            cand lint 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;encrypt'= {
            cand -a 'age recipients (age1…) or SSH public keys, comma-separated; repeatable'
            cand --age 'age recipients (age1…) or SSH public keys, comma-separated; repeatable'
            cand --encrypted-regex 'Encrypt only values under keys matching this regex'
            cand --unencrypted-regex 'Leave values under keys matching this regex in clear'
            cand --encrypted-suffix 'Encrypt only values under keys ending with this suffix'
            cand --unencrypted-suffix 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)'
            cand --encrypted-comment-regex 'Encrypt only values after a comment matching this regex'
            cand --unencrypted-comment-regex 'Leave values after a comment matching this regex in clear'
            cand --reuse 'Seal under the data key, recipients and rule of OLD, an earlier sealed version of FILE: values unchanged since OLD keep their ciphertext, so diffs stay small'
            cand --input-type 'Read the input as this format instead of guessing from the extension'
            cand --output-type 'Write the output in this format (default: the input''s)'
            cand -o 'Write to this file (atomically) instead of printing'
            cand --output 'Write to this file (atomically) instead of printing'
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
        &'hush;status'= {
            cand --format 'Output format'
            cand --input-type 'Treat the files as this format instead of guessing from the extension'
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
        &'hush;quickstart'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
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
        &'hush;exec-env'= {
            cand --input-type 'Read FILE as this format instead of guessing from the extension'
            cand --extract 'Use only the part of the file at this path, e.g. ''["stringData"]'''
            cand --watch-interval 'How often --watch looks at FILE (e.g. 500ms, 2s)'
            cand --on-change 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)'
            cand --stop-timeout 'How long a restart waits after SIGTERM before it sends SIGKILL'
            cand --same-process 'Replace hush with the command (keeps the process id; no signal relay, no --watch)'
            cand --ignore-mac 'Skip the MAC check (only when you trust every value in the file)'
            cand --pristine 'Give the command only the decrypted values, not hush''s own environment'
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
            cand --fifo 'Serve the content through a FIFO (readable once per version) instead of a memfd'
            cand --no-fifo 'Accepted for sops compatibility: the memfd default never writes a file either'
            cand --ignore-mac 'Skip the MAC check (only when you trust every value in the file)'
            cand --pristine 'Give the command only the decrypted values, not hush''s own environment'
            cand --watch 'Watch FILE and hand each new version to the running command (see --on-change)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;edit'= {
            cand --input-type 'Read the file as this format instead of guessing from the extension'
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
        &'hush;lint'= {
            cand --format 'Output format'
            cand --since 'With --git-history: only commits after this revision (REV..HEAD)'
            cand --baseline 'Do not report findings whose fingerprints are in this baseline file'
            cand --write-baseline 'Write the current findings'' fingerprints to this baseline file and exit 0'
            cand --config 'Read the `lint:` settings from this file instead of the nearest .hush.yaml'
            cand --max-file-size 'Skip files larger than this many bytes'
            cand --staged 'Scan what is about to be committed (the index content of staged files)'
            cand --git-history 'Scan the lines added by past commits (reachable from HEAD)'
            cand --no-progress 'Never show the progress line (it is shown only on a terminal)'
            cand -v 'Also list files that were skipped (binary, too large, unreadable) and why'
            cand --verbose 'Also list files that were skipped (binary, too large, unreadable) and why'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hush;help'= {
            cand encrypt 'Seal a file: encrypt its values for the given recipients (sops format)'
            cand decrypt 'Open a sealed file and print (or write) the plaintext'
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand keygen 'Create a new age identity and print its public key'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand init 'Set a repository up: find or create your identity and write its creation rules'
            cand git 'git integration: show sealed files decrypted in diffs and merge them value by value'
            cand exec-env 'Run a command with the decrypted values as its environment variables'
            cand exec-file 'Run a command with the decrypted file at a path that lives in memory (`{}`)'
            cand edit 'Edit a sealed file in your editor; only changed values get new ciphertext'
            cand set 'Set one value of a sealed file (in place), creating missing keys'
            cand unset 'Remove one key or list item from a sealed file (in place)'
            cand lint 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;help;encrypt'= {
        }
        &'hush;help;decrypt'= {
        }
        &'hush;help;status'= {
        }
        &'hush;help;keygen'= {
        }
        &'hush;help;quickstart'= {
        }
        &'hush;help;init'= {
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
        &'hush;help;exec-env'= {
        }
        &'hush;help;exec-file'= {
        }
        &'hush;help;edit'= {
        }
        &'hush;help;set'= {
        }
        &'hush;help;unset'= {
        }
        &'hush;help;lint'= {
        }
        &'hush;help;help'= {
        }
    ]
    $completions[$command]
}
