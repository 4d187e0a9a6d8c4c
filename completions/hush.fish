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
complete -c hush -n "__fish_hush_needs_command" -f -a "updatekeys" -d 'Make sealed files\' recipients match their creation rules (same data key and values)'
complete -c hush -n "__fish_hush_needs_command" -f -a "rekey" -d 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
complete -c hush -n "__fish_hush_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hush -n "__fish_hush_using_subcommand encrypt" -s a -l age -d 'age recipients (age1…) or SSH public keys, comma-separated; repeatable' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-regex -d 'Encrypt only values under keys matching this regex' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-regex -d 'Leave values under keys matching this regex in clear' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-suffix -d 'Encrypt only values under keys ending with this suffix' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-suffix -d 'Leave values under keys ending with this suffix in clear (default `_unencrypted`)' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l encrypted-comment-regex -d 'Encrypt only values after a comment matching this regex' -r
complete -c hush -n "__fish_hush_using_subcommand encrypt" -l unencrypted-comment-regex -d 'Leave values after a comment matching this regex in clear' -r
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
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -l config -d 'Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above the file (also $HUSH_CONFIG, then $SOPS_CONFIG)' -r -F
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -s y -l yes -d 'Apply the changes without asking (needed when not on a terminal)'
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand updatekeys" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand rekey" -l add-age -d 'Also seal for these age recipients or SSH public keys (comma-separated; repeatable); they join the first key group' -r
complete -c hush -n "__fish_hush_using_subcommand rekey" -l rm-age -d 'Stop sealing for these age recipients (comma-separated; repeatable), in every group' -r
complete -c hush -n "__fish_hush_using_subcommand rekey" -s h -l help -d 'Print help'
complete -c hush -n "__fish_hush_using_subcommand rekey" -s V -l version -d 'Print version'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "encrypt" -d 'Seal a file: encrypt its values for the given recipients (sops format)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "decrypt" -d 'Open a sealed file and print (or write) the plaintext'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "status" -d 'Report whether files are sealed, for whom, and whether their MAC verifies'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "keygen" -d 'Create a new age identity and print its public key'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "quickstart" -d 'A self-contained tour: make a throw-away identity, seal a sample Secret, open it'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "updatekeys" -d 'Make sealed files\' recipients match their creation rules (same data key and values)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "rekey" -d 'Give sealed files a new data key and re-encrypt every value (sops `rotate`)'
complete -c hush -n "__fish_hush_using_subcommand help; and not __fish_seen_subcommand_from encrypt decrypt status keygen quickstart updatekeys rekey help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
