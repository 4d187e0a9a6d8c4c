
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
            cand edit 'Edit a sealed file in your editor; only changed values get new ciphertext'
            cand set 'Set one value of a sealed file (in place), creating missing keys'
            cand unset 'Remove one key or list item from a sealed file (in place)'
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
        &'hush;help'= {
            cand encrypt 'Seal a file: encrypt its values for the given recipients (sops format)'
            cand decrypt 'Open a sealed file and print (or write) the plaintext'
            cand status 'Report whether files are sealed, for whom, and whether their MAC verifies'
            cand keygen 'Create a new age identity and print its public key'
            cand quickstart 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
            cand edit 'Edit a sealed file in your editor; only changed values get new ciphertext'
            cand set 'Set one value of a sealed file (in place), creating missing keys'
            cand unset 'Remove one key or list item from a sealed file (in place)'
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
        &'hush;help;edit'= {
        }
        &'hush;help;set'= {
        }
        &'hush;help;unset'= {
        }
        &'hush;help;help'= {
        }
    ]
    $completions[$command]
}
