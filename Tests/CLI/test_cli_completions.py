"""`signet completions bash|zsh`: the bash script is sourced into a real bash and asked for
completions; what it offers is checked against what the tool itself accepts (every offered
option parses, every option in a command's --help is offered, the choices are the ones the
tool's own error message lists). The zsh script is loaded into a real zsh (compinit).

    python3 Tests/CLI/test_cli_completions.py
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from test_cli import BINARY, EXIT, main, run

COMMANDS = ["decode", "sign", "verify", "rotate", "audit", "profiles", "completions"]


def bash_complete(script, words, cwd=None):
    """COMPREPLY after sourcing `script` with the line `words` (the last is being typed)."""
    line = " ".join(f"'{word}'" for word in words)
    program = f"""
source "$1"
COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}
_signet
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    out = subprocess.run(["bash", "-c", program, "bash", script], capture_output=True, text=True, cwd=cwd, timeout=60)
    assert out.returncode == 0, out.stderr
    return [word for word in out.stdout.split("\n") if word]


class CompletionTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="signet-completions-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        rc, out, err = run(["completions", "bash"])
        assert rc == 0, err
        cls.bash = os.path.join(cls.tmp, "signet.bash")
        with open(cls.bash, "w") as f:
            f.write(out)

    def test_bash_offers_the_commands_and_what_each_accepts(self):
        self.assertEqual(sorted(bash_complete(self.bash, ["signet", ""])), sorted(COMMANDS + ["--help", "--version"]))
        self.assertEqual(bash_complete(self.bash, ["signet", "ro"]), ["rotate"])
        for command in COMMANDS:
            offered = [word for word in bash_complete(self.bash, ["signet", command, "-"]) if word != "--help"]
            help_text = run([command, "--help"])[1]
            documented = set(re.findall(r"^\s+(?:(-[a-zA-Z]), )?(--[a-z-]+)", help_text, re.M))
            for short, long in documented:
                self.assertIn(long, offered, command)
                if short:
                    self.assertIn(short, offered, command)
            for option in offered:
                rc, _, err = run([command, option, "x", "y", "z"])
                self.assertNotIn("is not an option", err, (command, option))
        self.assertEqual(bash_complete(self.bash, ["signet", "verify", "--sec"]), ["--secret", "--secret-file"])
        self.assertEqual(bash_complete(self.bash, ["signet", "completions", ""]), ["--help", "bash", "zsh"])

    def test_bash_offers_the_choices_the_tool_accepts(self):
        for option in ("--digest", "--derivation", "--profile"):
            rc, _, err = run(["verify", "--secret", "k", option, "bogus", "x"])
            self.assertEqual(rc, EXIT["usage"])
            choices = re.search(r"must be one of ([^(]+) \(see", err).group(1).split(", ")
            self.assertEqual(bash_complete(self.bash, ["signet", "verify", option, ""]), choices, option)
        self.assertEqual(bash_complete(self.bash, ["signet", "sign", "--digest", "sha2"]), ["sha224", "sha256"])
        # Paths where a file is expected; nothing offered for a key.
        with open(os.path.join(self.tmp, "words-list.txt"), "w") as f:
            f.write("x\n")
        for option in ("-w", "--wordlist"):
            self.assertEqual(bash_complete(self.bash, ["signet", "audit", option, "words-"], cwd=self.tmp), ["words-list.txt"])
        self.assertEqual(bash_complete(self.bash, ["signet", "verify", "--secret-file", "words-"], cwd=self.tmp), ["words-list.txt"])
        self.assertEqual(bash_complete(self.bash, ["signet", "verify", "-s", ""]), [])

    def test_zsh_script_loads_and_registers(self):
        if shutil.which("zsh") is None:
            if os.environ.get("CI") == "true":
                self.fail("zsh is required (CI=true)")
            self.skipTest("zsh not installed")
        rc, out, err = run(["completions", "zsh"])
        self.assertEqual(rc, 0, err)
        script = os.path.join(self.tmp, "_signet")
        with open(script, "w") as f:
            f.write(out)
        check = subprocess.run(["zsh", "-n", script], capture_output=True, text=True, timeout=60)
        self.assertEqual(check.returncode, 0, check.stderr)
        loaded = subprocess.run(
            ["zsh", "-f", "-c", f'autoload -U compinit && compinit -u -d "{self.tmp}/zcompdump" && source "{script}" && print -r -- $_comps[signet]'],
            capture_output=True, text=True, timeout=60)
        self.assertEqual((loaded.returncode, loaded.stdout), (0, "_signet\n"), loaded.stderr)
        for command in COMMANDS:
            self.assertIn(f"        {command}) _arguments ", out)

    def test_unknown_shell_is_a_usage_error(self):
        rc, out, err = run(["completions", "fish"])
        self.assertEqual((rc, out), (EXIT["usage"], ""))
        self.assertIn("SHELL must be one of bash, zsh", err)
        self.assertNotIn("fish", err)


if __name__ == "__main__":
    main("test_cli_completions")
