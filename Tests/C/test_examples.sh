#!/usr/bin/env bash
# The example programs as a user runs them: exit codes and output of ./mint and ./verify.
set -u
cd "$(dirname "$0")/../../examples-c"
failures=0
fail() { echo "test_examples: FAILED: $*" >&2; failures=$((failures + 1)); }

session='{"user_id":"42","cart":{" t":[1,2]}}'
canonical='{"cart":{" t":[1,2]},"user_id":"42"}'

cookie=$(./mint dev-key "$session") || fail "mint exited $?"
out=$(./verify dev-key "$cookie") || fail "verify exited $?"
[ "$(head -n1 <<<"$out")" = "$canonical" ] || fail "verify printed: $out"
grep -q '^signed at [0-9]* (20[0-9-]* [0-9:]* UTC)$' <<<"$out" || fail "no signing time: $out"

# The key from the environment.
env_cookie=$(SECRET_KEY=dev-key ./mint "$session") || fail "mint with SECRET_KEY exited $?"
SECRET_KEY=dev-key ./verify "$env_cookie" >/dev/null || fail "verify with SECRET_KEY failed"

# Refusals: exit 1 and the reason on stderr.
err=$(./verify other-key "$cookie" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q 'bad time signature' <<<"$err" || fail "wrong key: rc=$rc $err"
err=$(./verify dev-key "${cookie%?}x" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q 'signature' <<<"$err" || fail "tampered: rc=$rc $err"
err=$(./mint dev-key '{"unclosed":' 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q 'invalid JSON' <<<"$err" || fail "bad JSON: rc=$rc $err"
err=$(./mint dev-key '[1]' 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q 'bad payload' <<<"$err" || fail "not a session: rc=$rc $err"
# Usage errors exit 2.
(unset SECRET_KEY; ./mint '{}' >/dev/null 2>&1); rc=$?
[ $rc -eq 2 ] || fail "mint without a key exited $rc"
./verify >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "verify without arguments exited $rc"

# A session bigger than the 4 KB stack buffer takes mint's size-query path.
big=$(python3 -c 'import random; random.seed(1); print("{\"d\":\"%s\"}" % "".join(random.choice("abcdefghijklmnop") for _ in range(6000)))' 2>/dev/null)
if [ -n "$big" ]; then
    big_cookie=$(./mint dev-key "$big") || fail "big mint exited $?"
    [ ${#big_cookie} -gt 4096 ] || fail "big cookie only ${#big_cookie} bytes"
    ./verify dev-key "$big_cookie" >/dev/null || fail "big cookie does not verify"
fi

# The C guide shows signet_ctypes.py verbatim.
python3 - <<'PY' || fail "examples-c/README.md's ctypes block differs from signet_ctypes.py"
import pathlib, sys
readme = pathlib.Path("README.md").read_text()
source = pathlib.Path("signet_ctypes.py").read_text()
sys.exit(0 if "```python\n" + source.rstrip("\n") + "\n```" in readme else 1)
PY

# README's C quick start compiles (wrapped in a function that supplies the cookie).
python3 - > /tmp/signet_readme_fragment.$$.c <<'PY' || fail "no C block in README"
import pathlib, re, sys
block = re.search(r"```c\n(.*?)```", pathlib.Path("../README.md").read_text(), re.S)
if not block:
    sys.exit(1)
print('#include <stdlib.h>\n#include "signet.h"\nvoid example(const uint8_t *cookie, size_t cookie_len) {\n' + block.group(1) + '}')
PY
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -Wno-unused-variable -I../include -fsyntax-only /tmp/signet_readme_fragment.$$.c \
    || fail "README's C fragment does not compile"
rm -f /tmp/signet_readme_fragment.$$.c

# The C guide's two session fragments compile: reading the verified JSON, then building one (in
# a scope of its own, as it declares its own json buffer, reusing the name read before).
python3 - > /tmp/signet_guide_fragment.$$.c <<'PY' || fail "the C guide lacks its two C blocks"
import pathlib, re, sys
blocks = re.findall(r"```c\n(.*?)```", pathlib.Path("README.md").read_text(), re.S)
if len(blocks) != 2:
    sys.exit(1)
print('#include "signet.h"\nvoid example(const uint8_t *json, size_t json_len) {\n' + blocks[0] + '{\n' + blocks[1] + '}\n}')
PY
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -Wno-unused-variable -I../include -fsyntax-only /tmp/signet_guide_fragment.$$.c \
    || fail "the C guide's session fragments do not compile"
rm -f /tmp/signet_guide_fragment.$$.c

if [ $failures -eq 0 ]; then echo "test_examples: all checks passed"; else exit 1; fi
