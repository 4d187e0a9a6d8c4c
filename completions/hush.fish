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
complete -c hush -n "__fish_hush_needs_command" -f -a "status" -d 'Report whether files are sealed, for whom, and whether their MAC verifies'
complete -c hush -n "__fish_hush_needs_command" -f -a "keygen" -d 'Create a new age identity and print its public key'
complete -c hush -n "__fish_hush_needs_command" -f -a "quickstart" -d 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
complete -c hush -n "__fish_hush_needs_command" -f -a "init" -d 'Set a repository up: find or create your identity and write its creation rules'
complete -c hush -n "__fish_hush_needs_command" -f -a "groups" -d 'Add or delete key groups of a sealed file (the data key is re-split across them)'
complete -c hush -n "__fish_hush_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encryption-context -d 'Encryption context for the --kms keys' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l aws-profile -d 'AWS profile for the --kms keys (default: the SDK\'s default chain)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l key-group -d 'A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or hc-vault-transit (the recipient flags above form the first group); repeatable' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l shamir-threshold -d 'How many key groups are needed to decrypt (Shamir; default: all)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-regex -d 'Encrypt only values under keys matching this regex' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-regex -d 'Leave values under keys matching this regex in clear' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-suffix -d 'Encrypt only values under keys ending with this suffix' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-suffix -d 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-comment-regex -d 'Encrypt only values after a comment matching this regex' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-comment-regex -d 'Leave values after a comment matching this regex in clear' -r
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
complete -c hush -n "__fish_hush_using_subcommand status" -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c hush -n "__fish_hush_using_subcommand status" -l input-type -d 'Treat the files as this format instead of guessing from the extension' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''"
complete -c hush -n "__fish_hush_using_subcommand status" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand status" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand keygen" -s o -l output -d 'Write the identity to this file (mode 0600; refuses to overwrite)' -r -F
complete -c hush -n "__fish_hush_using_subcommand keygen" -l keyring -d 'Store the identity in the OS keyring instead of a file'
complete -c hush -n "__fish_hush_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand quickstart" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand quickstart" -s V -l version -d 'Print version'
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
complete -c hush -n "__fish_hush_using_subcommand init" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand init" -s V -l version -d 'Print version'
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
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "encrypt" -d 'Seal a file: encrypt its values for the given recipients (sops format)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "decrypt" -d 'Open a sealed file and print (or write) the plaintext'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "status" -d 'Report whether files are sealed, for whom, and whether their MAC verifies'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "keygen" -d 'Create a new age identity and print its public key'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "quickstart" -d 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "init" -d 'Set a repository up: find or create your identity and write its creation rules'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "groups" -d 'Add or delete key groups of a sealed file (the data key is re-split across them)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart init groups help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "add" -d 'Add a key group made of the given recipients'
complete -c hush -n "__fish_hush_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete the key group at INDEX (counted from 0, as sops does)'
