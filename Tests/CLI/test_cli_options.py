"""The command line as people type it: short options, "did you mean" on a mistyped option (the
typed word never repeated), subcommand help, sign's messages for JSON that is not a session, and
rotate without --fallback.

    python3 Tests/CLI/test_cli_options.py
"""
import json
import os
import re
import unittest

from test_cli import EXIT, KEY, OLD_KEY, ROOT, T0, flask_canonical, flask_mint, main, run


class OptionTests(unittest.TestCase):
    def test_short_options_mean_the_long_ones(self):
        cookie = flask_mint({"user_id": "42"})
        for short, long in ((["-s", KEY], ["--secret", KEY]), (["-s", KEY, "-S", "other"], ["--secret", KEY, "--salt", "other"])):
            self.assertEqual(run(["sign", *short, "--timestamp", str(T0), '{"a":1}'])[1],
                             run(["sign", *long, "--timestamp", str(T0), '{"a":1}'])[1])
        rc, out, err = run(["verify", "-s", KEY, "--now", str(T0), cookie])
        self.assertEqual((rc, json.loads(out)), (0, {"user_id": "42"}), err)
        salted = run(["sign", "-s", KEY, "-S", "other", '{"a":1}'])[1].strip()
        self.assertEqual(run(["verify", "-s", KEY, "-S", "other", salted])[0], 0)
        self.assertEqual(run(["verify", "-s", KEY, salted])[0], EXIT["BadTimeSignature"])
        rc, out, err = run(["audit", "-w", "-", "-S", "cookie-session", cookie], stdin=f"x\n{KEY}\n")
        self.assertEqual((rc, out), (0, KEY + "\n"), err)
        # A short option not in the command's table is refused like a long one.
        rc, _, err = run(["audit", "-s", KEY, "-w", "-", cookie], stdin="x\n")
        self.assertEqual((rc, err), (EXIT["usage"], "signet audit: argument 2 is not an option of signet audit (see signet audit --help)\n"))
        for command in ("sign", "verify", "rotate", "audit"):
            text = run([command, "--help"])[1]
            if command != "audit":
                self.assertIn("-s, --secret KEY", text)
            self.assertIn("-S, --salt SALT", text)
        self.assertIn("-w, --wordlist FILE", run(["audit", "--help"])[1])

    def test_did_you_mean_names_the_option_never_the_typed_word(self):
        cookie = flask_mint({"a": 1})
        cases = [
            (["verify", "--secrte", KEY, cookie], "argument 2 is not an option of signet verify; did you mean --secret?"),
            (["verify", "--secret", KEY, "--max-aeg", "9", cookie], "argument 4 is not an option of signet verify; did you mean --max-age?"),
            (["verify", "-secret", KEY, cookie], "argument 2 is not an option of signet verify; did you mean --secret?"),
            (["verify", "--fallback-fil=x", cookie], "argument 2 is not an option of signet verify; did you mean --fallback-file?"),
            (["audit", "--word", "-", cookie], "argument 2 is not an option of signet audit; did you mean --wordlist?"),
            (["decode", "--jsno", cookie], "argument 2 is not an option of signet decode; did you mean --json?"),
            (["sign", "--secret", KEY, "--timestmap", "1", "{}"], "argument 4 is not an option of signet sign; did you mean --timestamp?"),
            # Nothing close: no guess.
            (["verify", "--" + KEY, cookie], "argument 2 is not an option of signet verify"),
            (["decode", "--secret", KEY, cookie], "argument 2 is not an option of signet decode"),
        ]
        for arguments, message in cases:
            rc, out, err = run(arguments)
            command = arguments[0]
            self.assertEqual((rc, out), (EXIT["usage"], ""), arguments)
            self.assertEqual(err, f"signet {command}: {message} (see signet {command} --help)\n")
            position = int(message.split()[1])
            typed = arguments[position - 1].lstrip("-")
            suggested = message.split("did you mean --")[1].rstrip("?") if "did you mean" in message else ""
            if not suggested.startswith(typed):
                self.assertNotIn(typed, err)

    def test_sign_says_what_is_wrong_with_the_json(self):
        cases = [
            ("{nope", "neither JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)) nor a Python literal (a name is not a literal"),
            ("[1,2]", "the JSON is valid but not an object: a Flask session is a JSON object (--profile itsdangerous signs any value)"),
            ('"text"', "the JSON is valid but not an object"),
            ("null", "the JSON is valid but not an object"),
            ('{" t":[1,2]}', "the JSON object is one of Flask's tagged values (its one key is a tag), not a session"),
            ('{"a":{" b":"!!"}}', "the JSON object is not a Flask session: "),
        ]
        for text, message in cases:
            rc, out, err = run(["sign", "-s", KEY, text])
            self.assertEqual((rc, out), (EXIT["invalidInput"], ""), text)
            self.assertTrue(err.startswith("ValueError: " + message), err)
        self.assertEqual(run(["sign", "-s", KEY, "--profile", "itsdangerous", "[1,2]"])[0], 0)

    def test_rotate_without_fallback_refreshes_and_says_so(self):
        cookie = flask_mint({"user_id": "42"}, key=KEY)
        rc, out, err = run(["rotate", "-s", KEY, "--now", str(T0 + 5), "--timestamp", str(T0 + 10), cookie])
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.strip(), flask_mint({"user_id": "42"}, at=T0 + 10, key=KEY))
        self.assertEqual(err, "rotate: the cookie was already signed with the current key; re-signed\n")
        old = flask_mint({"user_id": "42"}, key=OLD_KEY)
        self.assertEqual(run(["rotate", "-s", KEY, "--now", str(T0 + 5), old])[0], EXIT["BadTimeSignature"])
        self.assertEqual(flask_canonical(out.strip(), T0 + 20), '{"user_id":"42"}')

    def test_readme_synopsis_lists_each_commands_options(self):
        lines = synopsis_lines()
        macros = dict(re.match(r"^([A-Z]+) +=\s*(.*?)\s*(?:#.*)?$", line).groups() for line in lines if re.match(r"^[A-Z]+ += ", line))
        commands = {}
        for line in lines:
            words = line.split("#")[0].split()
            if len(words) > 1 and words[0] == "signet" and re.fullmatch(r"[a-z]+", words[1]):
                commands[words[1]] = re.sub(r"\b[A-Z]+\b", lambda m: macros.get(m.group(0), m.group(0)), " ".join(words[2:]))
        listed = re.search(r"^Commands:\n((?:  .*\n)+)", run(["--help"])[1], re.M).group(1)
        self.assertEqual(set(commands), {line.split()[0] for line in listed.splitlines()})
        for command, synopsis in commands.items():
            text = run([command, "--help"])[1]
            documented = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", synopsis))
            usage = re.search(r"^Usage: signet \S+ (.*)$", text, re.M).group(1)
            # The options of its Options section, or of its usage line when it has no section.
            offered = set(re.findall(r"--[\w-]+", usage))
            for short, long in re.findall(r"^  (?:(-\w), )?(--[\w-]+)", text, re.M):
                offered |= {long} | ({short} if short else set())
            self.assertEqual(documented, offered, f"README's synopsis of signet {command}")
            self.assertEqual(synopsis.split()[-1], usage.split()[-1], f"signet {command}'s argument")


def synopsis_lines():
    """The synopsis block of the command line's documentation (whichever Markdown file has it)."""
    for directory, _, files in os.walk(ROOT):
        if "/.build" in directory or "/.git" in directory:
            continue
        for name in sorted(files):
            if name.endswith(".md"):
                with open(os.path.join(directory, name), encoding="utf-8") as f:
                    blocks = re.findall(r"```\n(signet decode .*?)```", f.read(), re.S)
                if blocks:
                    return blocks[0].splitlines()
    raise AssertionError("no Markdown file shows the synopsis (a block starting `signet decode`)")


if __name__ == "__main__":
    main("test_cli_options")
