
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
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether files are sealed, for whom, and whether their MAC verifies')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a new age identity and print its public key')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set a repository up: find or create your identity and write its creation rules')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Add or delete key groups of a sealed file (the data key is re-split across them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;encrypt' {
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'Encryption context for the --kms keys')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the --kms keys (default: the SDK''s default chain)')
            [CompletionResult]::new('--key-group', '--key-group', [CompletionResultType]::ParameterName, 'A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or hc-vault-transit (the recipient flags above form the first group); repeatable')
            [CompletionResult]::new('--shamir-threshold', '--shamir-threshold', [CompletionResultType]::ParameterName, 'How many key groups are needed to decrypt (Shamir; default: all)')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values under keys matching this regex')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values under keys matching this regex in clear')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values under keys ending with this suffix')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values after a comment matching this regex')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values after a comment matching this regex in clear')
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
        'hush;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Treat the files as this format instead of guessing from the extension')
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
        'hush;quickstart' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
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
        'hush;help' {
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Seal a file: encrypt its values for the given recipients (sops format)')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Open a sealed file and print (or write) the plaintext')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether files are sealed, for whom, and whether their MAC verifies')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a new age identity and print its public key')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set a repository up: find or create your identity and write its creation rules')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Add or delete key groups of a sealed file (the data key is re-split across them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;help;encrypt' {
            break
        }
        'hush;help;decrypt' {
            break
        }
        'hush;help;status' {
            break
        }
        'hush;help;keygen' {
            break
        }
        'hush;help;quickstart' {
            break
        }
        'hush;help;init' {
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
        'hush;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
