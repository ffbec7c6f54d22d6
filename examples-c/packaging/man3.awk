# Writes signet(3) from include/signet.h: the header's documentation set in roff, in the header's
# order. The file comment becomes DESCRIPTION, each banner comment (a row of dashes, a title) a
# section, each comment the paragraphs of the declaration below it, and each declaration is
# shown as written (functions under a .SS heading of their name, so `man 3 signet` can be
# searched for them). Nothing is typed twice: a function added to the header appears here.
#
#   awk -v version=X.Y.Z -f man3.awk include/signet.h > signet.3

# roff: backslashes, minus signs and a leading dot or quote are literal; `code` is bold.
function escape(text,    out) {
    gsub(/\\/, "\\e", text)
    gsub(/-/, "\\-", text)
    out = ""
    while (match(text, /`[^`]*`/)) {
        out = out substr(text, 1, RSTART - 1) "\\fB" substr(text, RSTART + 1, RLENGTH - 2) "\\fP"
        text = substr(text, RSTART + RLENGTH)
    }
    text = out text
    if (text ~ /^[.']/) text = "\\&" text
    return text
}

# One comment line without its /*, * or */ decoration.
function comment_text(line) {
    sub(/^[ \t]*\/\*+ ?/, "", line)
    sub(/^[ \t]*\*\/.*$/, "", line)
    sub(/[ \t]*\*+\/[ \t]*$/, "", line)
    sub(/^[ \t]*\* ?/, "", line)
    return line
}

# Sets the collected comment as filled paragraphs: "- " starts a bullet, "name: text" (argument
# lists) a tagged paragraph, an empty line a new paragraph. A banner's title starts a section and
# is printed at once; other comments wait in `pending` for the declaration they document.
function flush_comment(    i, line, banner, started, tag) {
    banner = 0
    for (i = 1; i <= ncomment; i++) {
        line = comment[i]
        if (line ~ /^-+$/) { banner = 1; continue }
        if (banner == 1 && line != "") {
            print ".SH " escape(toupper(line))
            banner = 2
            started = 0
            continue
        }
        if (line ~ /^[ \t]*$/) { started = 0; continue }
        if (line ~ /^ ?- /) {
            pending = pending ".IP \\(bu 2\n"
            sub(/^ ?- /, "", line)
        } else if (line ~ /^[a-z_][a-z_0-9]*(, [a-z_][a-z_0-9]*)*: /) {
            tag = line
            sub(/:.*$/, "", tag)
            sub(/^[^:]*: */, "", line)
            pending = pending ".TP\n\\fI" escape(tag) "\\fP\n"
        } else if (!started) {
            pending = pending ".PP\n"
        }
        sub(/^[ \t]+/, "", line)
        pending = pending escape(line) "\n"
        started = 1
    }
    if (banner) print_pending()
    ncomment = 0
}

function print_pending() {
    printf "%s", pending
    pending = ""
}

# A declaration: a function's name heads it, then its comment, then the code as written.
function flush_code(    i, name) {
    if (ncode == 0) { print_pending(); return }
    for (i = 1; i <= ncode; i++) {
        if (code[i] ~ /^[A-Za-z_].*[ *]signet_[a-z0-9_]+\(/) {
            name = code[i]
            sub(/\(.*$/, "", name)
            sub(/^.*[ *]/, "", name)
            print ".SS " name
            break
        }
    }
    print_pending()
    print ".PP"
    print ".nf"
    print ".ft B"
    for (i = 1; i <= ncode; i++) print escape(code[i])
    print ".ft"
    print ".fi"
    ncode = 0
}

BEGIN {
    print ".TH SIGNET 3 \"\" \"signet " version "\" \"Library Functions Manual\""
    print ".SH NAME"
    print "signet \\- mint and verify Flask session cookies and itsdangerous tokens from C"
    print ".SH SYNOPSIS"
    print ".nf"
    print "\\fB#include <signet.h>\\fP"
    print ".PP"
    print "cc app.c $(pkg\\-config \\-\\-cflags \\-\\-libs signet)"
    print ".fi"
    ncomment = 0; ncode = 0; depth = 0; in_comment = 0; first = 1; pending = ""
}

# The include guard, includes and the C++ wrapper (#ifdef __cplusplus ... #endif) are not
# documentation.
depth == 0 && !in_comment && /^(#ifndef SIGNET_H|#define SIGNET_H|#include|#endif \/\* SIGNET_H)/ { next }
depth == 0 && !in_comment && /^#ifdef __cplusplus/ { in_cplusplus = 1; next }
in_cplusplus { if ($0 ~ /^#endif/) in_cplusplus = 0; next }

depth == 0 && !in_comment && /^[ \t]*\/\*/ {
    flush_code()
    in_comment = 1
}

in_comment {
    comment[++ncomment] = comment_text($0)
    if ($0 ~ /\*\//) {
        in_comment = 0
        if (first) {
            # The file comment: its first line repeats NAME; the rest is the DESCRIPTION.
            print ".SH DESCRIPTION"
            for (i = 1; i < ncomment; i++) comment[i] = comment[i + 1]
            ncomment--
            while (ncomment > 0 && comment[1] ~ /^[ \t]*$/) {
                for (i = 1; i < ncomment; i++) comment[i] = comment[i + 1]
                ncomment--
            }
            first = 0
        }
        flush_comment()
        if (first == 0 && !described) { print_pending(); described = 1 }
    }
    next
}

/^[ \t]*$/ { if (depth == 0) flush_code(); next }

{
    code[++ncode] = $0
    opened = gsub(/{/, "{"); closed = gsub(/}/, "}")
    depth += opened - closed
}

END {
    flush_code()
    print ".SH SEE ALSO"
    print "\\fBsignet\\fP(1), \\fBpkg\\-config\\fP(1); the header itself, \\fIsignet.h\\fP."
}
