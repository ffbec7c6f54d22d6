#!/bin/sh
# Writes signet(1) on stdout from what `signet --help` and `signet COMMAND --help` print, so the
# man page and the help cannot drift apart: the text is the binary's own, set in roff.
#
#   man1.sh SIGNET_BINARY VERSION > signet.1
set -eu
signet=$1
version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$signet" --help > "$work/tool"

# roff-escapes text kept line for line (no filling): backslashes, minus signs, leading dots.
verbatim() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" -e 's/^$/.sp/'
}

# First paragraph "signet: what it does" is the NAME line; the Usage block the SYNOPSIS.
summary=$(awk 'NF == 0 { exit } { printf "%s%s", (NR > 1 ? " " : ""), $0 }' "$work/tool" | sed 's/^signet: //')
printf '.TH SIGNET 1 "" "signet %s" "User Commands"\n' "$version"
printf '.SH NAME\nsignet \\- %s\n' "$(printf '%s\n' "$summary" | sed 's/-/\\-/g')"
printf '.SH SYNOPSIS\n.nf\n'
awk '/^Usage:/ { on = 1; sub(/^Usage: */, "") } on && NF == 0 { exit } on { sub(/^ */, ""); print }' "$work/tool" | verbatim
printf '.fi\n.SH DESCRIPTION\n.nf\n'
awk 'section >= 2 { print; next } NF == 0 { section++ }' "$work/tool" | verbatim
printf '.fi\n.SH COMMANDS\n'
for command in $(awk '/^Commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }' "$work/tool"); do
    printf '.SS signet %s\n.nf\n' "$command"
    "$signet" "$command" --help | verbatim
    printf '.fi\n'
done
printf '.SH SEE ALSO\n\\fBsignet\\fP(3), the C library the same cookies can be minted and verified with.\n'
