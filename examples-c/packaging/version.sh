#!/bin/sh
# Prints Signet's version, MAJOR.MINOR.PATCH, read from the three SIGNET_VERSION_* lines of
# include/signet.h (the only place it is written); `version.sh major` (or minor) prints one number.
set -eu
header="$(dirname "$0")/../../include/signet.h"
awk -v part="${1:-full}" '
    /^#define SIGNET_VERSION_(MAJOR|MINOR|PATCH) [0-9]+$/ { number[$2] = $3; found++ }
    END {
        if (found != 3) { print "version.sh: signet.h does not define MAJOR, MINOR and PATCH once each" > "/dev/stderr"; exit 1 }
        if (part == "major") print number["SIGNET_VERSION_MAJOR"]
        else if (part == "minor") print number["SIGNET_VERSION_MINOR"]
        else print number["SIGNET_VERSION_MAJOR"] "." number["SIGNET_VERSION_MINOR"] "." number["SIGNET_VERSION_PATCH"]
    }' "$header"
