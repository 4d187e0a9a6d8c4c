
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
            cand updatekeys 'Make sealed files'' recipients match their creation rules (same data key and values)'
            cand rekey 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
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
            cand --shamir-threshold 'With several key groups, how many are needed to open the file (default: all)'
            cand --config 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)'
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
        &'hush;help'= {
            cand encrypt 'Seal a file: encrypt its values for the given recipients (sops format)'
            cand decrypt 'Open a sealed file and print (or write) the plaintext'
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand keygen 'Create a new age identity and print its public key'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand updatekeys 'Make sealed files'' recipients match their creation rules (same data key and values)'
            cand rekey 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
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
        &'hush;help;updatekeys'= {
        }
        &'hush;help;rekey'= {
        }
        &'hush;help;help'= {
        }
    ]
    $completions[$command]
}
