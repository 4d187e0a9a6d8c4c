
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
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Make sealed files'' recipients match their creation rules (same data key and values)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hush;encrypt' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys, comma-separated; repeatable')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipients (age1…) or SSH public keys, comma-separated; repeatable')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values under keys matching this regex')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values under keys matching this regex in clear')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values under keys ending with this suffix')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values after a comment matching this regex')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values after a comment matching this regex in clear')
            [CompletionResult]::new('--shamir-threshold', '--shamir-threshold', [CompletionResultType]::ParameterName, 'With several key groups, how many are needed to open the file (default: all)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Read the input as this format instead of guessing from the extension')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Write the output in this format (default: the input''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (atomically) instead of printing')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (atomically) instead of printing')
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
        'hush;help' {
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Seal a file: encrypt its values for the given recipients (sops format)')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Open a sealed file and print (or write) the plaintext')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether files are sealed, for whom, and whether their MAC verifies')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a new age identity and print its public key')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Make sealed files'' recipients match their creation rules (same data key and values)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)')
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
        'hush;help;updatekeys' {
            break
        }
        'hush;help;rekey' {
            break
        }
        'hush;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
