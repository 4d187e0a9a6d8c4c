
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hush' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hush'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hush' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Seal a file: encrypt its values for the given recipients (sops format)')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Open a sealed file and print (or write) the plaintext')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a sealed file in your editor; only changed values get new ciphertext')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one value of a sealed file (in place), creating missing keys')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key or list item from a sealed file (in place)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether files are sealed, for whom, and whether their MAC verifies')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Make sealed files'' recipients match their creation rules (same data key and values)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Add or delete key groups of a sealed file (the data key is re-split across them)')
            [CompletionResult]::new('exec-env', 'exec-env', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted values as its environment variables')
            [CompletionResult]::new('exec-file', 'exec-file', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted file at a path that lives in memory (`{}`)')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'git integration: show sealed files decrypted in diffs and merge them value by value')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set a repository up: find or create your identity and write its creation rules')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a new age identity and print its public key')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Versioned secrets: put, get and list versions (local store by default)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace secrets with freshly generated versions (stage, then promote with check-and-set)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier version of a secret current again (newer versions are kept)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log of secret operations')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Kubernetes: EncryptionConfiguration, kube-apiserver''s etcd value format, etcd audit')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;encrypt' {
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'Encryption context for the --kms keys')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the --kms keys (default: the SDK''s default chain)')
            [CompletionResult]::new('--key-group', '--key-group', [CompletionResultType]::ParameterName, 'A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or hc-vault-transit (the recipient flags above form the first group); repeatable')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values under keys matching this regex')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values under keys matching this regex in clear')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values under keys ending with this suffix')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values after a comment matching this regex')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values after a comment matching this regex in clear')
            [CompletionResult]::new('--reuse', '--reuse', [CompletionResultType]::ParameterName, 'Seal under the data key, recipients and rule of OLD, an earlier sealed version of FILE: values unchanged since OLD keep their ciphertext, so diffs stay small')
            [CompletionResult]::new('--shamir-threshold', '--shamir-threshold', [CompletionResultType]::ParameterName, 'With several key groups, how many are needed to open the file (default: all)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the input as this format instead of guessing from the extension')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Write the output in this format (default: the input''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (atomically) instead of printing')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (atomically) instead of printing')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)')
            [CompletionResult]::new('--mac-only-encrypted', '--mac-only-encrypted', [CompletionResultType]::ParameterName, 'Authenticate only the encrypted values, so clear values can be edited without keys')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Replace the input file (atomically) instead of printing')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace the input file (atomically) instead of printing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;decrypt' {
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Print only the value at this path, e.g. ''["data"]["password"]'' or ''["list"][0]''')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the input as this format instead of guessing from the extension')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Write the output in this format (default: the input''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (atomically) instead of printing')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (atomically) instead of printing')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Skip the MAC check (only when you trust every value in the file)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Replace the input file (atomically) instead of printing')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace the input file (atomically) instead of printing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;edit' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the file as this format instead of guessing from the extension')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'For a new file: seal it for these age recipients or SSH public keys (comma-separated; repeatable) instead of its creation rule''s')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'For a new file: seal it for these age recipients or SSH public keys (comma-separated; repeatable) instead of its creation rule''s')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;set' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the file as this format instead of guessing from the extension')
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from this file (keeps it out of the process list)')
            [CompletionResult]::new('--value-stdin', '--value-stdin', [CompletionResultType]::ParameterName, 'Read the value from standard input (keeps it out of the process list)')
            [CompletionResult]::new('--string', '--string', [CompletionResultType]::ParameterName, 'Store the value as a string exactly as given, instead of reading it as JSON')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Accepted for sops compatibility: hush never rewrites a file whose value is already set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;unset' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the file as this format instead of guessing from the extension')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Succeed without changing anything when the path does not exist')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Treat the files as this format instead of guessing from the extension')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;updatekeys' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the changes without asking (needed when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the changes without asking (needed when not on a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;rekey' {
            [CompletionResult]::new('--add-age', '--add-age', [CompletionResultType]::ParameterName, 'Also seal for these age recipients or SSH public keys (comma-separated; repeatable); they join the first key group')
            [CompletionResult]::new('--rm-age', '--rm-age', [CompletionResultType]::ParameterName, 'Stop sealing for these age recipients (comma-separated; repeatable), in every group')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;groups' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a key group made of the given recipients')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the key group at INDEX (counted from 0, as sops does)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;groups;add' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The sealed file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The sealed file')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Treat the file as this format instead of guessing from the extension')
            [CompletionResult]::new('--shamir-threshold', '--shamir-threshold', [CompletionResultType]::ParameterName, 'How many key groups are needed to decrypt afterwards (default: unchanged)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'Encryption context for the --kms keys')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the --kms keys (default: the SDK''s default chain)')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Replace the file (atomically) instead of printing the result')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace the file (atomically) instead of printing the result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;groups;delete' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The sealed file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The sealed file')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Treat the file as this format instead of guessing from the extension')
            [CompletionResult]::new('--shamir-threshold', '--shamir-threshold', [CompletionResultType]::ParameterName, 'How many key groups are needed to decrypt afterwards (default: unchanged)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Replace the file (atomically) instead of printing the result')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace the file (atomically) instead of printing the result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;groups;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a key group made of the given recipients')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the key group at INDEX (counted from 0, as sops does)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;groups;help;add' {
            break
        }
        'hush;groups;help;delete' {
            break
        }
        'hush;groups;help;help' {
            break
        }
        'hush;exec-env' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from the extension')
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Use only the part of the file at this path, e.g. ''["stringData"]''')
            [CompletionResult]::new('--watch-interval', '--watch-interval', [CompletionResultType]::ParameterName, 'How often --watch looks at FILE (e.g. 500ms, 2s)')
            [CompletionResult]::new('--on-change', '--on-change', [CompletionResultType]::ParameterName, 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)')
            [CompletionResult]::new('--stop-timeout', '--stop-timeout', [CompletionResultType]::ParameterName, 'How long a restart waits after SIGTERM before it sends SIGKILL')
            [CompletionResult]::new('--pid-file', '--pid-file', [CompletionResultType]::ParameterName, 'Write hush''s process id to this file while the command runs (removed at exit); a signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command')
            [CompletionResult]::new('--same-process', '--same-process', [CompletionResultType]::ParameterName, 'Replace hush with the command (keeps the process id; no signal relay, no --watch)')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Skip the MAC check (only when you trust every value in the file)')
            [CompletionResult]::new('--pristine', '--pristine', [CompletionResultType]::ParameterName, 'Give the command only the decrypted values, not hush''s own environment')
            [CompletionResult]::new('--keep-identity-env', '--keep-identity-env', [CompletionResultType]::ParameterName, 'Also pass hush''s identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch FILE and hand each new version to the running command (see --on-change)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;exec-file' {
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Write the content for the command in this format (default: the input''s)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'The file name the command sees (a FIFO''s name, or a link to the memfd), e.g. app.yaml')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read FILE as this format instead of guessing from the extension')
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Use only the part of the file at this path, e.g. ''["stringData"]''')
            [CompletionResult]::new('--watch-interval', '--watch-interval', [CompletionResultType]::ParameterName, 'How often --watch looks at FILE (e.g. 500ms, 2s)')
            [CompletionResult]::new('--on-change', '--on-change', [CompletionResultType]::ParameterName, 'What --watch does with a new version: `restart` (SIGTERM, wait, start again; the default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)')
            [CompletionResult]::new('--stop-timeout', '--stop-timeout', [CompletionResultType]::ParameterName, 'How long a restart waits after SIGTERM before it sends SIGKILL')
            [CompletionResult]::new('--pid-file', '--pid-file', [CompletionResultType]::ParameterName, 'Write hush''s process id to this file while the command runs (removed at exit); a signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command')
            [CompletionResult]::new('--fifo', '--fifo', [CompletionResultType]::ParameterName, 'Serve the content through a FIFO (readable once per version) instead of a memfd')
            [CompletionResult]::new('--no-fifo', '--no-fifo', [CompletionResultType]::ParameterName, 'Accepted for sops compatibility: the memfd default never writes a file either')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Skip the MAC check (only when you trust every value in the file)')
            [CompletionResult]::new('--pristine', '--pristine', [CompletionResultType]::ParameterName, 'Give the command only the decrypted values, not hush''s own environment')
            [CompletionResult]::new('--keep-identity-env', '--keep-identity-env', [CompletionResultType]::ParameterName, 'Also pass hush''s identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch FILE and hand each new version to the running command (see --on-change)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;git' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Merge three versions of a sealed file value by value (run by git as a merge driver)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;git;setup' {
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Give this gitattributes pattern the hush drivers (repeatable; default: *.enc.*, *.sops.* and *.sops)')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Write to the global git config and attributes file instead of the repository''s')
            [CompletionResult]::new('--absolute', '--absolute', [CompletionResultType]::ParameterName, 'Make git run this hush binary by its absolute path instead of `hush` from PATH')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change without changing anything')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;git;textconv' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the file as this format instead of guessing from the extension')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;git;merge-driver' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the files as this format instead of guessing from PATH''s extension')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;git;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Merge three versions of a sealed file value by value (run by git as a merge driver)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;git;help;setup' {
            break
        }
        'hush;git;help;textconv' {
            break
        }
        'hush;git;help;merge-driver' {
            break
        }
        'hush;git;help;help' {
            break
        }
        'hush;init' {
            [CompletionResult]::new('--identity-file', '--identity-file', [CompletionResultType]::ParameterName, 'Create a new identity in this file (default when none is found: ~/.config/sops/age/keys.txt)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Teammates'' recipients (age1… or SSH public keys), comma-separated; repeatable')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'Teammates'' recipients (age1… or SSH public keys), comma-separated; repeatable')
            [CompletionResult]::new('--path-regex', '--path-regex', [CompletionResultType]::ParameterName, 'The files the rule covers, as a regex on their path (default: every file)')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Seal only values under keys matching this regex (default: hush''s per-file defaults)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The repository (default: the git repository around the current directory)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Ask nothing: use the flags and defaults (implied when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Ask nothing: use the flags and defaults (implied when there is no terminal)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Create a new identity in the OS keyring')
            [CompletionResult]::new('--no-identity', '--no-identity', [CompletionResultType]::ParameterName, 'Use no identity of your own: seal only for the --age recipients')
            [CompletionResult]::new('--sops-config', '--sops-config', [CompletionResultType]::ParameterName, 'Write .sops.yaml instead of .hush.yaml, for teams that also use sops')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing .hush.yaml/.sops.yaml')
            [CompletionResult]::new('--git-drivers', '--git-drivers', [CompletionResultType]::ParameterName, 'Also set git up to diff and merge sealed files through hush (`hush git setup`)')
            [CompletionResult]::new('--pre-commit', '--pre-commit', [CompletionResultType]::ParameterName, 'Also write .pre-commit-config.yaml with a hook that runs `hush lint` on the files being committed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;keygen' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the identity to this file (mode 0600; refuses to overwrite)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the identity to this file (mode 0600; refuses to overwrite)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Store the identity in the OS keyring instead of a file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;secret' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Write a new current version of a secret (creating it)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value (current or --version) on standard output, nothing else')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List a secret''s versions')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove old versions of a local: secret for good (never the current or a staged one)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;secret;put' {
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from this file')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate the value: password:LEN[:CLASSES], hex:BYTES, base64:BYTES, uuid, age-identity, ed25519 (an OpenSSH private key) or command:CMD (its standard output)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('--etcd-endpoints', '--etcd-endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs for etcd:/KEY references, comma-separated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--value-stdin', '--value-stdin', [CompletionResultType]::ParameterName, 'Read the value from standard input (taken as is, trailing newline included)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;secret;get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'This version instead of the current one')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('--etcd-endpoints', '--etcd-endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs for etcd:/KEY references, comma-separated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--public', '--public', [CompletionResultType]::ParameterName, 'Print the public half of a keypair value (ed25519: an OpenSSH public key line; age-identity: the age1... recipient) instead of the value')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hush;secret;versions' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('--etcd-endpoints', '--etcd-endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs for etcd:/KEY references, comma-separated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;secret;prune' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the N newest versions (the current and staged ones are always kept)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Remove only versions created longer ago than this (e.g. 90d, 12h); with --keep, a version goes only when both allow it')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('--etcd-endpoints', '--etcd-endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs for etcd:/KEY references, comma-separated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list the versions that would be removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;secret;help' {
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Write a new current version of a secret (creating it)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value (current or --version) on standard output, nothing else')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List a secret''s versions')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove old versions of a local: secret for good (never the current or a staged one)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;secret;help;put' {
            break
        }
        'hush;secret;help;get' {
            break
        }
        'hush;secret;help;versions' {
            break
        }
        'hush;secret;help;prune' {
            break
        }
        'hush;secret;help;help' {
            break
        }
        'hush;rotate' {
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'How to generate the new values (default: the policy''s `generate`, else password:32)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many of the named secrets to rotate at once (default 8: rotation waits on the network, a few round trips per secret; 8 hides that latency while staying well under the request rates of cloud secret managers)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many of the named secrets to rotate at once (default 8: rotation waits on the network, a few round trips per secret; 8 hides that latency while staying well under the request rates of cloud secret managers)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('--etcd-endpoints', '--etcd-endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs for etcd:/KEY references, comma-separated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Rotate every secret of the `secrets:` policy in .hush.yaml whose current version is older than its max_age; with --dry-run, list them and exit 86 when any is due')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only report what would be rotated')
            [CompletionResult]::new('--stage-only', '--stage-only', [CompletionResultType]::ParameterName, 'Stage the new version without making it current; the next `hush rotate` of the reference promotes it (stage, deploy and verify, then promote)')
            [CompletionResult]::new('--actions-only', '--actions-only', [CompletionResultType]::ParameterName, 'Do not rotate: run the policy''s on_rotate actions again with the current value (after an action failed and was fixed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;rollback' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The version to make current (default: the one current before the current one)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The local store directory (default: .hush/secrets at the repository root, else in the current directory)')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('--etcd-endpoints', '--etcd-endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs for etcd:/KEY references, comma-separated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;audit' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the audit log''s hash chain (exit 82 when a line was changed, removed or reordered)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;audit;verify' {
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The audit log (default: $XDG_DATA_HOME/hush/audit.log)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the audit log''s hash chain (exit 82 when a line was changed, removed or reordered)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;audit;help;verify' {
            break
        }
        'hush;audit;help;help' {
            break
        }
        'hush;lint' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --git-history: only commits after this revision (REV..HEAD)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Do not report findings whose fingerprints are in this baseline file (fingerprints cover the path from the repository root, so any directory and spelling matches)')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Write the current findings'' fingerprints to this baseline file and exit 0 (2 if a path could not be read); refused with --baseline, since a new baseline records every current finding')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the `lint:` settings from this file instead of the nearest .hush.yaml')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Skip files larger than this many bytes')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan what is about to be committed (the index content of staged files)')
            [CompletionResult]::new('--git-history', '--git-history', [CompletionResultType]::ParameterName, 'Scan the lines added by past commits (reachable from HEAD)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show the progress line (it is shown only on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also list files that were skipped (binary, too large) and why; unreadable files are always reported, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also list files that were skipped (binary, too large) and why; unreadable files are always reported, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('encryption-config', 'encryption-config', [CompletionResultType]::ParameterValue, 'Generate, validate and rotate kube-apiserver''s EncryptionConfiguration')
            [CompletionResult]::new('encrypt-value', 'encrypt-value', [CompletionResultType]::ParameterValue, 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it')
            [CompletionResult]::new('decrypt-value', 'decrypt-value', [CompletionResultType]::ParameterValue, 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout')
            [CompletionResult]::new('etcd-audit', 'etcd-audit', [CompletionResultType]::ParameterValue, 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;k8s;encryption-config' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write a new EncryptionConfiguration with fresh keys (mode 0600)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a file against every rule kube-apiserver applies (and hush''s warnings)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Say which rotation step a file is at, the next commands, and its reload hash')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;k8s;encryption-config;generate' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider new writes use')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'Resources to encrypt, comma-separated (`secrets`, `configmaps`, `*.apps`, `*.*`)')
            [CompletionResult]::new('--key-name', '--key-name', [CompletionResultType]::ParameterName, 'The key''s name (default: key-<UTC date>-<time>, which lets rotation tell keys apart)')
            [CompletionResult]::new('--kms-name', '--kms-name', [CompletionResultType]::ParameterName, 'kms: the plugin''s name (unique, no '':'')')
            [CompletionResult]::new('--kms-endpoint', '--kms-endpoint', [CompletionResultType]::ParameterName, 'kms: the plugin''s socket, unix:///path')
            [CompletionResult]::new('--kms-timeout', '--kms-timeout', [CompletionResultType]::ParameterName, 'kms: how long kube-apiserver waits for the plugin')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (atomically, mode 0600; .json writes JSON) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (atomically, mode 0600; .json writes JSON) instead of stdout')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys for --seal, comma-separated; repeatable')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys for --seal, comma-separated; repeatable')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--allow-plaintext-reads', '--allow-plaintext-reads', [CompletionResultType]::ParameterName, 'Append `identity: {}` so existing plaintext values stay readable during a migration')
            [CompletionResult]::new('--seal', '--seal', [CompletionResultType]::ParameterName, 'Seal the file with hush (only the key secrets are encrypted) for the --age recipients, or those of the creation rule for the -o file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;encryption-config;validate' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail on warnings too')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'Validate as kube-apiserver does with --encryption-provider-config-automatic-reload=true')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;encryption-config;rotate' {
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'The step to carry out')
            [CompletionResult]::new('--key-name', '--key-name', [CompletionResultType]::ParameterName, 'prepare: the new key''s name (default: key-<UTC date>-<time>)')
            [CompletionResult]::new('--new-key', '--new-key', [CompletionResultType]::ParameterName, 'promote/prune: the new key''s name, when the names do not tell')
            [CompletionResult]::new('--check-etcd', '--check-etcd', [CompletionResultType]::ParameterName, 'prune: first check in etcd that no value is still under a key being removed')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Verify etcd''s certificate with this CA bundle')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate for etcd')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Client key for etcd')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'kube-apiserver''s --etcd-prefix')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Keys per etcd range request (memory holds one page; etcd 3.4 walks the rest of the range on every request, so fewer, larger pages are faster)')
            [CompletionResult]::new('--skip-etcd-check', '--skip-etcd-check', [CompletionResultType]::ParameterName, 'prune: remove the old key without checking etcd (you re-encrypted and checked yourself)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;encryption-config;status' {
            [CompletionResult]::new('--new-key', '--new-key', [CompletionResultType]::ParameterName, 'The new key''s name, when the names do not tell')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;encryption-config;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write a new EncryptionConfiguration with fresh keys (mode 0600)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a file against every rule kube-apiserver applies (and hush''s warnings)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Say which rotation step a file is at, the next commands, and its reload hash')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;k8s;encryption-config;help;generate' {
            break
        }
        'hush;k8s;encryption-config;help;validate' {
            break
        }
        'hush;k8s;encryption-config;help;rotate' {
            break
        }
        'hush;k8s;encryption-config;help;status' {
            break
        }
        'hush;k8s;encryption-config;help;help' {
            break
        }
        'hush;k8s;encrypt-value' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The EncryptionConfiguration whose providers to use (sealed files are opened)')
            [CompletionResult]::new('--etcd-key', '--etcd-key', [CompletionResultType]::ParameterName, 'The value''s etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource the key belongs to (default: from the key: `secrets`, or `<resource>.<group>` for /registry/<group>/<resource>/…)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'kube-apiserver''s --etcd-prefix')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;decrypt-value' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The EncryptionConfiguration whose providers to use (sealed files are opened)')
            [CompletionResult]::new('--etcd-key', '--etcd-key', [CompletionResultType]::ParameterName, 'The value''s etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource the key belongs to (default: from the key: `secrets`, or `<resource>.<group>` for /registry/<group>/<resource>/…)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'kube-apiserver''s --etcd-prefix')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;etcd-audit' {
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'etcd client URLs, comma-separated')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'Resources to audit, comma-separated (the path segment under the prefix; `*` for all)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Also check each value reads with this config and flag keys no longer in it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Verify etcd''s certificate with this CA bundle')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate for etcd')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Client key for etcd')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'kube-apiserver''s --etcd-prefix')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Keys per etcd range request (memory holds one page; etcd 3.4 walks the rest of the range on every request, so fewer, larger pages are faster)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;secret' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name (default: the file name up to its first dot)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the file as this format instead of guessing from the extension')
            [CompletionResult]::new('--immutable-versioned', '--immutable-versioned', [CompletionResultType]::ParameterName, 'Name it <name>-<content hash> and make it immutable (a new Secret per change)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;k8s;help' {
            [CompletionResult]::new('encryption-config', 'encryption-config', [CompletionResultType]::ParameterValue, 'Generate, validate and rotate kube-apiserver''s EncryptionConfiguration')
            [CompletionResult]::new('encrypt-value', 'encrypt-value', [CompletionResultType]::ParameterValue, 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it')
            [CompletionResult]::new('decrypt-value', 'decrypt-value', [CompletionResultType]::ParameterValue, 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout')
            [CompletionResult]::new('etcd-audit', 'etcd-audit', [CompletionResultType]::ParameterValue, 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;k8s;help;encryption-config' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write a new EncryptionConfiguration with fresh keys (mode 0600)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a file against every rule kube-apiserver applies (and hush''s warnings)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Say which rotation step a file is at, the next commands, and its reload hash')
            break
        }
        'hush;k8s;help;encryption-config;generate' {
            break
        }
        'hush;k8s;help;encryption-config;validate' {
            break
        }
        'hush;k8s;help;encryption-config;rotate' {
            break
        }
        'hush;k8s;help;encryption-config;status' {
            break
        }
        'hush;k8s;help;encrypt-value' {
            break
        }
        'hush;k8s;help;decrypt-value' {
            break
        }
        'hush;k8s;help;etcd-audit' {
            break
        }
        'hush;k8s;help;secret' {
            break
        }
        'hush;k8s;help;help' {
            break
        }
        'hush;quickstart' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hush;help' {
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Seal a file: encrypt its values for the given recipients (sops format)')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Open a sealed file and print (or write) the plaintext')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a sealed file in your editor; only changed values get new ciphertext')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one value of a sealed file (in place), creating missing keys')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key or list item from a sealed file (in place)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether files are sealed, for whom, and whether their MAC verifies')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Make sealed files'' recipients match their creation rules (same data key and values)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Add or delete key groups of a sealed file (the data key is re-split across them)')
            [CompletionResult]::new('exec-env', 'exec-env', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted values as its environment variables')
            [CompletionResult]::new('exec-file', 'exec-file', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted file at a path that lives in memory (`{}`)')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'git integration: show sealed files decrypted in diffs and merge them value by value')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set a repository up: find or create your identity and write its creation rules')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a new age identity and print its public key')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Versioned secrets: put, get and list versions (local store by default)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace secrets with freshly generated versions (stage, then promote with check-and-set)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier version of a secret current again (newer versions are kept)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log of secret operations')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Find plaintext secrets in files, staged changes or git history (exit 1 when found)')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Kubernetes: EncryptionConfiguration, kube-apiserver''s etcd value format, etcd audit')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;help;encrypt' {
            break
        }
        'hush;help;decrypt' {
            break
        }
        'hush;help;edit' {
            break
        }
        'hush;help;set' {
            break
        }
        'hush;help;unset' {
            break
        }
        'hush;help;status' {
            break
        }
        'hush;help;updatekeys' {
            break
        }
        'hush;help;rekey' {
            break
        }
        'hush;help;groups' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a key group made of the given recipients')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the key group at INDEX (counted from 0, as sops does)')
            break
        }
        'hush;help;groups;add' {
            break
        }
        'hush;help;groups;delete' {
            break
        }
        'hush;help;exec-env' {
            break
        }
        'hush;help;exec-file' {
            break
        }
        'hush;help;git' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure git to diff and merge sealed files through hush (.gitattributes, git config)')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Merge three versions of a sealed file value by value (run by git as a merge driver)')
            break
        }
        'hush;help;git;setup' {
            break
        }
        'hush;help;git;textconv' {
            break
        }
        'hush;help;git;merge-driver' {
            break
        }
        'hush;help;init' {
            break
        }
        'hush;help;keygen' {
            break
        }
        'hush;help;secret' {
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Write a new current version of a secret (creating it)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value (current or --version) on standard output, nothing else')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List a secret''s versions')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove old versions of a local: secret for good (never the current or a staged one)')
            break
        }
        'hush;help;secret;put' {
            break
        }
        'hush;help;secret;get' {
            break
        }
        'hush;help;secret;versions' {
            break
        }
        'hush;help;secret;prune' {
            break
        }
        'hush;help;rotate' {
            break
        }
        'hush;help;rollback' {
            break
        }
        'hush;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the audit log''s hash chain (exit 82 when a line was changed, removed or reordered)')
            break
        }
        'hush;help;audit;verify' {
            break
        }
        'hush;help;lint' {
            break
        }
        'hush;help;k8s' {
            [CompletionResult]::new('encryption-config', 'encryption-config', [CompletionResultType]::ParameterValue, 'Generate, validate and rotate kube-apiserver''s EncryptionConfiguration')
            [CompletionResult]::new('encrypt-value', 'encrypt-value', [CompletionResultType]::ParameterValue, 'Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it')
            [CompletionResult]::new('decrypt-value', 'decrypt-value', [CompletionResultType]::ParameterValue, 'Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout')
            [CompletionResult]::new('etcd-audit', 'etcd-audit', [CompletionResultType]::ParameterValue, 'Report how every Secret (or other resource) is stored in etcd: plaintext or which key')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file')
            break
        }
        'hush;help;k8s;encryption-config' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write a new EncryptionConfiguration with fresh keys (mode 0600)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a file against every rule kube-apiserver applies (and hush''s warnings)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Carry out one step of the upstream key rotation procedure on a file (sealed or not)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Say which rotation step a file is at, the next commands, and its reload hash')
            break
        }
        'hush;help;k8s;encryption-config;generate' {
            break
        }
        'hush;help;k8s;encryption-config;validate' {
            break
        }
        'hush;help;k8s;encryption-config;rotate' {
            break
        }
        'hush;help;k8s;encryption-config;status' {
            break
        }
        'hush;help;k8s;encrypt-value' {
            break
        }
        'hush;help;k8s;decrypt-value' {
            break
        }
        'hush;help;k8s;etcd-audit' {
            break
        }
        'hush;help;k8s;secret' {
            break
        }
        'hush;help;quickstart' {
            break
        }
        'hush;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
