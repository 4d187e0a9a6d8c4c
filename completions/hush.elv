
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
            cand groups 'Add or delete key groups of a sealed file (the data key is re-split across them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hush;encrypt'= {
            cand --encryption-context 'Encryption context for the --kms keys'
            cand --aws-profile 'AWS profile for the --kms keys (default: the SDK''s default chain)'
            cand --key-group 'A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or hc-vault-transit (the recipient flags above form the first group); repeatable'
            cand --shamir-threshold 'How many key groups are needed to decrypt (Shamir; default: all)'
            cand --encrypted-regex 'Encrypt only values under keys matching this regex'
            cand --unencrypted-regex 'Leave values under keys matching this regex in clear'
            cand --encrypted-suffix 'Encrypt only values under keys ending with this suffix'
            cand --unencrypted-suffix 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)'
            cand --encrypted-comment-regex 'Encrypt only values after a comment matching this regex'
            cand --unencrypted-comment-regex 'Leave values after a comment matching this regex in clear'
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
        &'hush;help'= {
            cand encrypt 'Seal a file: encrypt its values for the given recipients (sops format)'
            cand decrypt 'Open a sealed file and print (or write) the plaintext'
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand keygen 'Create a new age identity and print its public key'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand init 'Set a repository up: find or create your identity and write its creation rules'
            cand groups 'Add or delete key groups of a sealed file (the data key is re-split across them)'
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
        &'hush;help;groups'= {
            cand add 'Add a key group made of the given recipients'
            cand delete 'Delete the key group at INDEX (counted from 0, as sops does)'
        }
        &'hush;help;groups;add'= {
        }
        &'hush;help;groups;delete'= {
        }
        &'hush;help;help'= {
        }
    ]
    $completions[$command]
}
