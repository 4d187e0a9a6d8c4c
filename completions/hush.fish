# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hush_global_optspecs
    string join \n h/help V/version
end

function __fish_hush_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hush_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hush_using_subcommand
    set -l cmd (__fish_hush_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hush -n "__fish_hush_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hush -n "__fish_hush_needs_command" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_needs_command" -f -a "encrypt" -d 'Seal a file: encrypt its values for the given recipients (sops format)'
complete -c hush -n "__fish_hush_needs_command" -f -a "decrypt" -d 'Open a sealed file and print (or write) the plaintext'
complete -c hush -n "__fish_hush_needs_command" -f -a "edit" -d 'Edit a sealed file in your editor; only changed values get new ciphertext'
complete -c hush -n "__fish_hush_needs_command" -f -a "set" -d 'Set one value of a sealed file (in place), creating missing keys'
complete -c hush -n "__fish_hush_needs_command" -f -a "unset" -d 'Remove one key or list item from a sealed file (in place)'
complete -c hush -n "__fish_hush_needs_command" -f -a "status" -d 'Report whether files are sealed, for whom, and whether their MAC verifies'
complete -c hush -n "__fish_hush_needs_command" -f -a "updatekeys" -d 'Make sealed files\' recipients match their creation rules (same data key and values)'
complete -c hush -n "__fish_hush_needs_command" -f -a "rekey" -d 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
complete -c hush -n "__fish_hush_needs_command" -f -a "groups" -d 'Add or delete key groups of a sealed file (the data key is re-split across them)'
complete -c hush -n "__fish_hush_needs_command" -f -a "exec-env" -d 'Run a command with the decrypted values as its environment variables'
complete -c hush -n "__fish_hush_needs_command" -f -a "exec-file" -d 'Run a command with the decrypted file at a path that lives in memory (`{}`)'
complete -c hush -n "__fish_hush_needs_command" -f -a "git" -d 'git integration: show sealed files decrypted in diffs and merge them value by value'
complete -c hush -n "__fish_hush_needs_command" -f -a "init" -d 'Set a repository up: find or create your identity and write its creation rules'
complete -c hush -n "__fish_hush_needs_command" -f -a "keygen" -d 'Create a new age identity and print its public key'
complete -c hush -n "__fish_hush_needs_command" -f -a "secret" -d 'Versioned secrets: put, get and list versions (local store by default)'
complete -c hush -n "__fish_hush_needs_command" -f -a "rotate" -d 'Replace secrets with freshly generated versions (stage, then promote with check-and-set)'
complete -c hush -n "__fish_hush_needs_command" -f -a "rollback" -d 'Make an earlier version of a secret current again (newer versions are kept)'
complete -c hush -n "__fish_hush_needs_command" -f -a "audit" -d 'The audit log of secret operations'
complete -c hush -n "__fish_hush_needs_command" -f -a "lint" -d 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)'
complete -c hush -n "__fish_hush_needs_command" -f -a "k8s" -d 'Kubernetes: EncryptionConfiguration, kube-apiserver\'s etcd value format, etcd audit'
complete -c hush -n "__fish_hush_needs_command" -f -a "quickstart" -d 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
complete -c hush -n "__fish_hush_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encryption-context -d 'Encryption context for the --kms keys' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l aws-profile -d 'AWS profile for the --kms keys (default: the SDK\'s default chain)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l key-group -d 'A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or hc-vault-transit (the recipient flags above form the first group); repeatable' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-regex -d 'Encrypt only values under keys matching this regex' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-regex -d 'Leave values under keys matching this regex in clear' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-suffix -d 'Encrypt only values under keys ending with this suffix' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-suffix -d 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-comment-regex -d 'Encrypt only values after a comment matching this regex' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-comment-regex -d 'Leave values after a comment matching this regex in clear' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l reuse -d 'Seal under the data key, recipients and rule of OLD, an earlier sealed version of FILE: values unchanged since OLD keep their ciphertext, so diffs stay small' -r -F
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l shamir-threshold -d 'With several key groups, how many are needed to open the file (default: all)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l input-type -d 'Read the input as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l output-type -d 'Write the output in this format (default: the input\'s)' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s o -l output -d 'Write to this file (atomically) instead of printing' -r -F
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s a -l age -d 'age recipients (age1…) or SSH public keys' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s k -l kms -d 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l gcp-kms -d 'GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l azure-kv -d 'Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l hc-vault-transit -d 'Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l mac-only-encrypted -d 'Authenticate only the encrypted values, so clear values can be edited without keys'
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s i -l in-place -d 'Replace the input file (atomically) instead of printing'
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand decrypt" -l extract -d 'Print only the value at this path, e.g. \'["data"]["password"]\' or \'["list"][0]\'' -r
complete -c hush -n "__fish_hush_using_subcommand decrypt" -l input-type -d 'Read the input as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand decrypt" -l output-type -d 'Write the output in this format (default: the input\'s)' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand decrypt" -s o -l output -d 'Write to this file (atomically) instead of printing' -r -F
complete -c hush -n "__fish_hush_using_subcommand decrypt" -l ignore-mac -d 'Skip the MAC check (only when you trust every value in the file)'
complete -c hush -n "__fish_hush_using_subcommand decrypt" -s i -l in-place -d 'Replace the input file (atomically) instead of printing'
complete -c hush -n "__fish_hush_using_subcommand decrypt" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand decrypt" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand edit" -l input-type -d 'Read the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand edit" -s a -l age -d 'For a new file: seal it for these age recipients or SSH public keys (comma-separated; repeatable) instead of its creation rule\'s' -r
complete -c hush -n "__fish_hush_using_subcommand edit" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand edit" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand edit" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand set" -l input-type -d 'Read the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand set" -l value-file -d 'Read the value from this file (keeps it out of the process list)' -r -F
complete -c hush -n "__fish_hush_using_subcommand set" -l value-stdin -d 'Read the value from standard input (keeps it out of the process list)'
complete -c hush -n "__fish_hush_using_subcommand set" -l string -d 'Store the value as a string exactly as given, instead of reading it as JSON'
complete -c hush -n "__fish_hush_using_subcommand set" -l idempotent -d 'Accepted for sops compatibility: hush never rewrites a file whose value is already set'
complete -c hush -n "__fish_hush_using_subcommand set" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand set" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand unset" -l input-type -d 'Read the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand unset" -l idempotent -d 'Succeed without changing anything when the path does not exist'
complete -c hush -n "__fish_hush_using_subcommand unset" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand unset" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand status" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c hush -n "__fish_hush_using_subcommand status" -l input-type -d 'Treat the files as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand status" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand status" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -s y -l yes -d 'Apply the changes without asking (needed when not on a terminal)'
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand rekey" -l add-age -d 'Also seal for these age recipients or SSH public keys (comma-separated; repeatable); they join the first key group' -r
complete -c hush -n "__fish_hush_using_subcommand rekey" -l rm-age -d 'Stop sealing for these age recipients (comma-separated; repeatable), in every group' -r
complete -c hush -n "__fish_hush_using_subcommand rekey" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand rekey" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -f -a "add" -d 'Add a key group made of the given recipients'
complete -c hush -n "__fish_hush_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -f -a "delete" -d 'Delete the key group at INDEX (counted from 0, as sops does)'
complete -c hush -n "__fish_hush_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -s f -l file -d 'The sealed file' -r -F
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l input-type -d 'Treat the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l shamir-threshold -d 'How many key groups are needed to decrypt afterwards (default: unchanged)' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -s a -l age -d 'age recipients (age1…) or SSH public keys' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -s k -l kms -d 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l encryption-context -d 'Encryption context for the --kms keys' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l aws-profile -d 'AWS profile for the --kms keys (default: the SDK\'s default chain)' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l gcp-kms -d 'GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l azure-kv -d 'Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -l hc-vault-transit -d 'Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -s i -l in-place -d 'Replace the file (atomically) instead of printing the result'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from delete" -s f -l file -d 'The sealed file' -r -F
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from delete" -l input-type -d 'Treat the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from delete" -l shamir-threshold -d 'How many key groups are needed to decrypt afterwards (default: unchanged)' -r
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from delete" -s i -l in-place -d 'Replace the file (atomically) instead of printing the result'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a key group made of the given recipients'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete the key group at INDEX (counted from 0, as sops does)'
complete -c hush -n "__fish_hush_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l input-type -d 'Read FILE as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l extract -d 'Use only the part of the file at this path, e.g. \'["stringData"]\'' -r
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l watch-interval -d 'How often --watch looks at FILE (e.g. 500ms, 2s)' -r
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l on-change -d 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)' -r
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l stop-timeout -d 'How long a restart waits after SIGTERM before it sends SIGKILL' -r
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l pid-file -d 'Write hush\'s process id to this file while the command runs (removed at exit); a signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command' -r -F
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l same-process -d 'Replace hush with the command (keeps the process id; no signal relay, no --watch)'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l ignore-mac -d 'Skip the MAC check (only when you trust every value in the file)'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l pristine -d 'Give the command only the decrypted values, not hush\'s own environment'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l keep-identity-env -d 'Also pass hush\'s identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -l watch -d 'Watch FILE and hand each new version to the running command (see --on-change)'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand exec-env" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l output-type -d 'Write the content for the command in this format (default: the input\'s)' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l filename -d 'The file name the command sees (a FIFO\'s name, or a link to the memfd), e.g. app.yaml' -r
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l input-type -d 'Read FILE as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l extract -d 'Use only the part of the file at this path, e.g. \'["stringData"]\'' -r
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l watch-interval -d 'How often --watch looks at FILE (e.g. 500ms, 2s)' -r
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l on-change -d 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)' -r
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l stop-timeout -d 'How long a restart waits after SIGTERM before it sends SIGKILL' -r
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l pid-file -d 'Write hush\'s process id to this file while the command runs (removed at exit); a signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command' -r -F
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l fifo -d 'Serve the content through a FIFO (readable once per version) instead of a memfd'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l no-fifo -d 'Accepted for sops compatibility: the memfd default never writes a file either'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l ignore-mac -d 'Skip the MAC check (only when you trust every value in the file)'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l pristine -d 'Give the command only the decrypted values, not hush\'s own environment'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l keep-identity-env -d 'Also pass hush\'s identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -l watch -d 'Watch FILE and hand each new version to the running command (see --on-change)'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand exec-file" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "setup" -d 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)'
complete -c hush -n "__fish_hush_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "textconv" -d 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)'
complete -c hush -n "__fish_hush_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "merge-driver" -d 'Merge three versions of a sealed file value by value (run by git as a merge driver)'
complete -c hush -n "__fish_hush_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from setup" -l pattern -d 'Give this gitattributes pattern the hush drivers (repeatable; default: *.enc.*, *.sops.* and *.sops)' -r
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from setup" -l global -d 'Write to the global git config and attributes file instead of the repository\'s'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from setup" -l absolute -d 'Make git run this hush binary by its absolute path instead of `hush` from PATH'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from setup" -l dry-run -d 'Print what would change without changing anything'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from setup" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from textconv" -l input-type -d 'Read the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from textconv" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from textconv" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l input-type -d 'Read the files as this format instead of guessing from PATH\'s extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "textconv" -d 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'Merge three versions of a sealed file value by value (run by git as a merge driver)'
complete -c hush -n "__fish_hush_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand init" -l identity-file -d 'Create a new identity in this file (default when none is found: ~/.config/sops/age/keys.txt)' -r -F
complete -c hush -n "__fish_hush_using_subcommand init" -s a -l age -d 'Teammates\' recipients (age1… or SSH public keys), comma-separated; repeatable' -r
complete -c hush -n "__fish_hush_using_subcommand init" -l path-regex -d 'The files the rule covers, as a regex on their path (default: every file)' -r
complete -c hush -n "__fish_hush_using_subcommand init" -l encrypted-regex -d 'Seal only values under keys matching this regex (default: hush\'s per-file defaults)' -r
complete -c hush -n "__fish_hush_using_subcommand init" -l dir -d 'The repository (default: the git repository around the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand init" -s y -l yes -d 'Ask nothing: use the flags and defaults (implied when there is no terminal)'
complete -c hush -n "__fish_hush_using_subcommand init" -l keyring -d 'Create a new identity in the OS keyring'
complete -c hush -n "__fish_hush_using_subcommand init" -l no-identity -d 'Use no identity of your own: seal only for the --age recipients'
complete -c hush -n "__fish_hush_using_subcommand init" -l sops-config -d 'Write .sops.yaml instead of .hush.yaml, for teams that also use sops'
complete -c hush -n "__fish_hush_using_subcommand init" -l force -d 'Replace an existing .hush.yaml/.sops.yaml'
complete -c hush -n "__fish_hush_using_subcommand init" -l git-drivers -d 'Also set git up to diff and merge sealed files through hush (`hush git setup`)'
complete -c hush -n "__fish_hush_using_subcommand init" -l pre-commit -d 'Also write .pre-commit-config.yaml with a hook that runs `hush lint` on the files being committed'
complete -c hush -n "__fish_hush_using_subcommand init" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand init" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand keygen" -s o -l output -d 'Write the identity to this file (mode 0600; refuses to overwrite)' -r -F
complete -c hush -n "__fish_hush_using_subcommand keygen" -l keyring -d 'Store the identity in the OS keyring instead of a file'
complete -c hush -n "__fish_hush_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -f -a "put" -d 'Write a new current version of a secret (creating it)'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -f -a "get" -d 'Print a secret\'s value (current or --version) on standard output, nothing else'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -f -a "versions" -d 'List a secret\'s versions'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -f -a "prune" -d 'Remove old versions of a local: secret for good (never the current or a staged one)'
complete -c hush -n "__fish_hush_using_subcommand secret; and not __fish_seen_subcommand_from put get versions prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l value-file -d 'Read the value from this file' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l generate -d 'Generate the value: password:LEN[:CLASSES], hex:BYTES, base64:BYTES, uuid, age-identity, ed25519 (an OpenSSH private key) or command:CMD (its standard output)' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l store -d 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l etcd-endpoints -d 'etcd client URLs for etcd:/KEY references, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -l value-stdin -d 'Read the value from standard input (taken as is, trailing newline included)'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from put" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -l version -d 'This version instead of the current one' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -l store -d 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -l etcd-endpoints -d 'etcd client URLs for etcd:/KEY references, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -l public -d 'Print the public half of a keypair value (ed25519: an OpenSSH public key line; age-identity: the age1... recipient) instead of the value'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -l store -d 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -l etcd-endpoints -d 'etcd client URLs for etcd:/KEY references, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from versions" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l keep -d 'Keep the N newest versions (the current and staged ones are always kept)' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l older-than -d 'Remove only versions created longer ago than this (e.g. 90d, 12h); with --keep, a version goes only when both allow it' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l store -d 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l etcd-endpoints -d 'etcd client URLs for etcd:/KEY references, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -l dry-run -d 'Only list the versions that would be removed'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "put" -d 'Write a new current version of a secret (creating it)'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print a secret\'s value (current or --version) on standard output, nothing else'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "versions" -d 'List a secret\'s versions'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove old versions of a local: secret for good (never the current or a staged one)'
complete -c hush -n "__fish_hush_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand rotate" -l generate -d 'How to generate the new values (default: the policy\'s `generate`, else password:32)' -r
complete -c hush -n "__fish_hush_using_subcommand rotate" -s j -l jobs -d 'How many of the named secrets to rotate at once (default 8: rotation waits on the network, a few round trips per secret; 8 hides that latency while staying well under the request rates of cloud secret managers)' -r
complete -c hush -n "__fish_hush_using_subcommand rotate" -l store -d 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand rotate" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand rotate" -l etcd-endpoints -d 'etcd client URLs for etcd:/KEY references, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand rotate" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand rotate" -l due -d 'Rotate every secret of the `secrets:` policy in .hush.yaml whose current version is older than its max_age; with --dry-run, list them and exit 86 when any is due'
complete -c hush -n "__fish_hush_using_subcommand rotate" -l dry-run -d 'Only report what would be rotated'
complete -c hush -n "__fish_hush_using_subcommand rotate" -l stage-only -d 'Stage the new version without making it current; the next `hush rotate` of the reference promotes it (stage, deploy and verify, then promote)'
complete -c hush -n "__fish_hush_using_subcommand rotate" -l actions-only -d 'Do not rotate: run the policy\'s on_rotate actions again with the current value (after an action failed and was fixed)'
complete -c hush -n "__fish_hush_using_subcommand rotate" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand rollback" -l to -d 'The version to make current (default: the one current before the current one)' -r
complete -c hush -n "__fish_hush_using_subcommand rollback" -l store -d 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)' -r -F
complete -c hush -n "__fish_hush_using_subcommand rollback" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand rollback" -l etcd-endpoints -d 'etcd client URLs for etcd:/KEY references, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand rollback" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand rollback" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Check the audit log\'s hash chain (exit 82 when a line was changed, removed or reordered)'
complete -c hush -n "__fish_hush_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand audit; and __fish_seen_subcommand_from verify" -l log -d 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)' -r -F
complete -c hush -n "__fish_hush_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the audit log\'s hash chain (exit 82 when a line was changed, removed or reordered)'
complete -c hush -n "__fish_hush_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand lint" -l format -d 'Output format' -r -f -a "text\t''
json\t''
sarif\t''"
complete -c hush -n "__fish_hush_using_subcommand lint" -l since -d 'With --git-history: only commits after this revision (REV..HEAD)' -r
complete -c hush -n "__fish_hush_using_subcommand lint" -l baseline -d 'Do not report findings whose fingerprints are in this baseline file (fingerprints cover the path from the repository root, so any directory and spelling matches)' -r -F
complete -c hush -n "__fish_hush_using_subcommand lint" -l write-baseline -d 'Write the current findings\' fingerprints to this baseline file and exit 0 (2 if a path could not be read); refused with --baseline, since a new baseline records every current finding' -r -F
complete -c hush -n "__fish_hush_using_subcommand lint" -l config -d 'Read the `lint:` settings from this file instead of the nearest .hush.yaml' -r -F
complete -c hush -n "__fish_hush_using_subcommand lint" -l max-file-size -d 'Skip files larger than this many bytes' -r
complete -c hush -n "__fish_hush_using_subcommand lint" -l staged -d 'Scan what is about to be committed (the index content of staged files)'
complete -c hush -n "__fish_hush_using_subcommand lint" -l git-history -d 'Scan the lines added by past commits (reachable from HEAD)'
complete -c hush -n "__fish_hush_using_subcommand lint" -l no-progress -d 'Never show the progress line (it is shown only on a terminal)'
complete -c hush -n "__fish_hush_using_subcommand lint" -s v -l verbose -d 'Also list files that were skipped (binary, too large) and why; unreadable files are always reported, on stderr'
complete -c hush -n "__fish_hush_using_subcommand lint" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand lint" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -f -a "encryption-config" -d 'Generate, validate and rotate kube-apiserver\'s EncryptionConfiguration'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -f -a "encrypt-value" -d 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -f -a "decrypt-value" -d 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -f -a "etcd-audit" -d 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -f -a "secret" -d 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file'
complete -c hush -n "__fish_hush_using_subcommand k8s; and not __fish_seen_subcommand_from encryption-config encrypt-value decrypt-value etcd-audit secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -f -a "generate" -d 'Write a new EncryptionConfiguration with fresh keys (mode 0600)'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -f -a "validate" -d 'Check a file against every rule kube-apiserver applies (and hush\'s warnings)'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -f -a "rotate" -d 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -f -a "status" -d 'Say which rotation step a file is at, the next commands, and its reload hash'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encryption-config" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encrypt-value" -l config -d 'The EncryptionConfiguration whose providers to use (sealed files are opened)' -r -F
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encrypt-value" -l etcd-key -d 'The value\'s etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encrypt-value" -l resource -d 'The resource the key belongs to (default: from the key: `secrets`, or `<resource>.<group>` for /registry/<group>/<resource>/…)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encrypt-value" -l prefix -d 'kube-apiserver\'s --etcd-prefix' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encrypt-value" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from encrypt-value" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from decrypt-value" -l config -d 'The EncryptionConfiguration whose providers to use (sealed files are opened)' -r -F
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from decrypt-value" -l etcd-key -d 'The value\'s etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from decrypt-value" -l resource -d 'The resource the key belongs to (default: from the key: `secrets`, or `<resource>.<group>` for /registry/<group>/<resource>/…)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from decrypt-value" -l prefix -d 'kube-apiserver\'s --etcd-prefix' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from decrypt-value" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from decrypt-value" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l endpoints -d 'etcd client URLs, comma-separated' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l resources -d 'Resources to audit, comma-separated (the path segment under the prefix; `*` for all)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l config -d 'Also check each value reads with this config and flag keys no longer in it' -r -F
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l cacert -d 'Verify etcd\'s certificate with this CA bundle' -r -F
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l cert -d 'Client certificate for etcd' -r -F
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l key -d 'Client key for etcd' -r -F
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l prefix -d 'kube-apiserver\'s --etcd-prefix' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -l page-size -d 'Keys per etcd range request (memory holds one page; etcd 3.4 walks the rest of the range on every request, so fewer, larger pages are faster)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from etcd-audit" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from secret" -l name -d 'The Secret\'s name (default: the file name up to its first dot)' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from secret" -l namespace -d 'The Secret\'s namespace' -r
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from secret" -l input-type -d 'Read the file as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from secret" -l immutable-versioned -d 'Name it <name>-<content hash> and make it immutable (a new Secret per change)'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from secret" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from secret" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "encryption-config" -d 'Generate, validate and rotate kube-apiserver\'s EncryptionConfiguration'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "encrypt-value" -d 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "decrypt-value" -d 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "etcd-audit" -d 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "secret" -d 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file'
complete -c hush -n "__fish_hush_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand quickstart" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand quickstart" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "encrypt" -d 'Seal a file: encrypt its values for the given recipients (sops format)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "decrypt" -d 'Open a sealed file and print (or write) the plaintext'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "edit" -d 'Edit a sealed file in your editor; only changed values get new ciphertext'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "set" -d 'Set one value of a sealed file (in place), creating missing keys'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "unset" -d 'Remove one key or list item from a sealed file (in place)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "status" -d 'Report whether files are sealed, for whom, and whether their MAC verifies'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "updatekeys" -d 'Make sealed files\' recipients match their creation rules (same data key and values)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "rekey" -d 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "groups" -d 'Add or delete key groups of a sealed file (the data key is re-split across them)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "exec-env" -d 'Run a command with the decrypted values as its environment variables'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "exec-file" -d 'Run a command with the decrypted file at a path that lives in memory (`{}`)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "git" -d 'git integration: show sealed files decrypted in diffs and merge them value by value'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "init" -d 'Set a repository up: find or create your identity and write its creation rules'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "keygen" -d 'Create a new age identity and print its public key'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "secret" -d 'Versioned secrets: put, get and list versions (local store by default)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "rotate" -d 'Replace secrets with freshly generated versions (stage, then promote with check-and-set)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "rollback" -d 'Make an earlier version of a secret current again (newer versions are kept)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "audit" -d 'The audit log of secret operations'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "lint" -d 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "k8s" -d 'Kubernetes: EncryptionConfiguration, kube-apiserver\'s etcd value format, etcd audit'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "quickstart" -d 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt edit set unset status updatekeys rekey groups exec-env exec-file git init keygen secret rotate rollback audit lint k8s quickstart help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "add" -d 'Add a key group made of the given recipients'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete the key group at INDEX (counted from 0, as sops does)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "setup" -d 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "textconv" -d 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "merge-driver" -d 'Merge three versions of a sealed file value by value (run by git as a merge driver)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "put" -d 'Write a new current version of a secret (creating it)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "get" -d 'Print a secret\'s value (current or --version) on standard output, nothing else'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "versions" -d 'List a secret\'s versions'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "prune" -d 'Remove old versions of a local: secret for good (never the current or a staged one)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the audit log\'s hash chain (exit 82 when a line was changed, removed or reordered)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "encryption-config" -d 'Generate, validate and rotate kube-apiserver\'s EncryptionConfiguration'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "encrypt-value" -d 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "decrypt-value" -d 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "etcd-audit" -d 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "secret" -d 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file'
