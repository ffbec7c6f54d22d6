#!/usr/bin/env bash
# Every test Signet has: the Swift unit, vector and differential tests, then the C side.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product signet
swift test
# The documentation: the Swift guide (Sources/Signet/Signet.docc) converts with docc without a
# warning (its code is run by DocumentationSnippetTests, above).
bash Tests/Scripts/check_docc.sh
if [ -f examples-c/Makefile ]; then
    make -C examples-c check
fi
# The command-line tool, driven as built against the real Flask (fails under CI=true without it).
swift build -c release --product signet-cli
if command -v python3 >/dev/null; then
    # Every relative link of every Markdown file resolves, #anchors included.
    python3 Tests/Scripts/check_doc_links.py
    python3 Tests/CLI/test_cli.py
    # audit on flask-unsign's wordlist (Python-literal lines), with the real list from PyPI.
    python3 Tests/CLI/test_cli_wordlist.py
    # COOKIE pasted as `session=...`, a Cookie: or a Set-Cookie: line, read against werkzeug.
    python3 Tests/CLI/test_cli_paste.py
    # sign on Python literals: Flask's vectors and a live differential of random literals.
    python3 Tests/CLI/test_cli_literal.py
    # Cookies flask-unsign cannot read (digests, derivations), read by signet: the command-line guide's table.
    python3 Tests/CLI/compare_flask_unsign.py
    # Short options, "did you mean", subcommand help, sign's messages, rotate without --fallback.
    python3 Tests/CLI/test_cli_options.py
    # Completion scripts: the bash one sourced and queried, the zsh one loaded by compinit.
    python3 Tests/CLI/test_cli_completions.py
    # The profile table in C and on the command line, and the one unverified decoder
    # (signet_decode_unsafe, signet decode) against loads_unsafe on odd splits.
    python3 Tests/CLI/test_profiles.py
    # README's deviations table, measured on the real Flask next to the CLI's answers.
    python3 Tests/CLI/test_flask_deviations.py
    # --profile starlette|django|django-session against the real Starlette and Django.
    python3 Tests/CLI/test_cli_frameworks.py
elif [ "${CI:-}" = true ]; then
    echo "run-all: python3 is required for the CLI tests" >&2
    exit 1
else
    echo "run-all: no python3; CLI tests skipped"
fi
# End to end: the C service and a real Flask app share sessions over HTTP on 127.0.0.1.
make -C examples-c e2e
# nginx (issue 15): ngx_http_signet_module in a real nginx with the Flask app, then the nginx
# benchmark's smoke form (correctness only; `bash Tests/Benchmarks/nginx.sh` is the benchmark).
make -C examples-c nginx-e2e
bash Tests/Benchmarks/nginx.sh --smoke
# Packaging (issue 14): make install, the .deb files (apt-installed when root), the tarball
# without Swift, pkg-config and CMake, shared and static, and the package as a git dependency.
make -C examples-c packaging
# The benchmark's four drivers, once each: every one checks its results against Flask's bytes
# (nothing timing-based is asserted; `bash Tests/Benchmarks/run.sh` is the real benchmark).
if python3 -c "import flask, itsdangerous" 2>/dev/null; then
    bash Tests/Benchmarks/run.sh --smoke
elif [ "${CI:-}" = "true" ]; then
    echo "benchmark smoke: FAIL: python3 with Flask and itsdangerous is required when CI=true" >&2
    exit 1
else
    echo "benchmark smoke: SKIP (python3 with Flask 3.1 and itsdangerous 2.2 not found)"
fi
# Hostile input (issue 7): the fuzz harnesses' short form (regressions replayed, then 5 s each),
# and the C tests under ASan+UBSan and test_threads under TSan.
bash Tests/Fuzz/run.sh --ci
if [ -f examples-c/Makefile ]; then
    make -C examples-c sanitizers
fi
echo "run-all: every test passed"
