"""Tests for the dnsh Ansible module (ansible/library/dnsh.py) that need no root and no dnsh.

    python3 -m unittest discover -s ansible/tests -v

A fake dnsh (a small Python script in a temporary directory) records its arguments and answers
with canned JSON, standard error and exit codes. The module runs the way Ansible runs it, through
the `ansible` ad-hoc command (local connection) and `ansible-playbook` for the example site; those
tests are skipped when ansible-core is not installed. The command construction is also unit-tested
directly (the module imports without Ansible).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
import unittest.mock

HERE = os.path.dirname(os.path.abspath(__file__))
ANSIBLE_DIR = os.path.dirname(HERE)
LIBRARY = os.path.join(ANSIBLE_DIR, "library")
SITE = os.path.join(ANSIBLE_DIR, "site")

sys.path.insert(0, LIBRARY)
import dnsh as dnsh_module  # noqa: E402  (the module under test; imports without Ansible)

try:
    import ansible  # noqa: F401  (only whether ansible-core is installed)
    HAVE_ANSIBLE = True
except ImportError:
    HAVE_ANSIBLE = False
ANSIBLE = shutil.which("ansible")
ANSIBLE_PLAYBOOK = shutil.which("ansible-playbook")
NEEDS_ANSIBLE = unittest.skipUnless(
    HAVE_ANSIBLE and ANSIBLE and ANSIBLE_PLAYBOOK,
    "ansible-core is not installed (pip install ansible-core): "
    "the tests that run the module through Ansible are skipped")

FAKE_DNSH = textwrap.dedent("""\
    #!{python}
    # A fake dnsh: records its argv, answers from responses.json (by subcommand, or "*").
    import json, os, sys
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "calls.jsonl"), "a") as f:
        f.write(json.dumps(sys.argv[1:]) + "\\n")
    with open(os.path.join(here, "responses.json")) as f:
        responses = json.load(f)
    sub = sys.argv[1] if len(sys.argv) > 1 else ""
    r = responses.get(sub, responses.get("*", {{}}))
    out = r.get("stdout", "")
    sys.stdout.write(out if isinstance(out, str) else json.dumps(out))
    sys.stderr.write(r.get("stderr", ""))
    sys.exit(r.get("rc", 0))
    """)

# The fake ip and nsenter record their calls, in order, in one log (tools.jsonl) as
# ["ip" or "nsenter", ARGS...]; FakeDnshCase.tool_calls() reads it.
# A fake `ip`, for site.yml's namespace and cable tasks: records its argv; `link show` finds no
# device, anything else succeeds without doing anything.
FAKE_IP = textwrap.dedent("""\
    #!{python}
    import json, os, sys
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "tools.jsonl"), "a") as f:
        f.write(json.dumps(["ip"] + sys.argv[1:]) + "\\n")
    sys.exit(1 if "show" in sys.argv else 0)
    """)

# A fake `nsenter`: records its argv; `nsenter --net=FILE CMD...` runs CMD (without entering a
# namespace); anything else fails.
FAKE_NSENTER = textwrap.dedent("""\
    #!{python}
    import json, os, sys
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "tools.jsonl"), "a") as f:
        f.write(json.dumps(["nsenter"] + sys.argv[1:]) + "\\n")
    if len(sys.argv) >= 3 and sys.argv[1].startswith("--net="):
        os.execv(sys.argv[2], sys.argv[2:])
    sys.stderr.write("fake nsenter: expected --net=FILE CMD...\\n")
    sys.exit(1)
    """)

CHANGES = [
    {"namespace": None, "change": "+ link veth-bind1 (veth): peer eth0 in bind1, master docker0, up"},
    {"namespace": "bind1", "change": "+ addr 10.3.16.11/20 dev eth0"},
    {"namespace": None, "change": "~ link docker0: up"},
]
REQUESTS = [
    {"namespace": None, "ip": "netns add bind1"},
    {"namespace": None, "ip": "link add veth-bind1 type veth peer name eth0 netns bind1"},
    {"namespace": "bind1", "ip": "addr add 10.3.16.11/20 dev eth0"},
]


def document(changes=(), requests=(), applied=True, exit_code=0, output=("hello from site.dn",)):
    doc = {"changes": list(changes), "requests": list(requests), "applied": applied,
           "exit_code": exit_code, "output": list(output)}
    if applied:
        doc["namespaces"] = [{"name": None, "links": []}]
    return doc


class FakeDnshCase(unittest.TestCase):
    """A temporary directory with a fake dnsh, a fake ip, a fake nsenter and a script file."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dnsh-ansible-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.bin = os.path.join(self.tmp, "bin")
        os.mkdir(self.bin)
        self.fake = os.path.join(self.bin, "dnsh")
        self._write_exe(self.fake, FAKE_DNSH.format(python=sys.executable))
        self._write_exe(os.path.join(self.bin, "ip"), FAKE_IP.format(python=sys.executable))
        self._write_exe(os.path.join(self.bin, "nsenter"), FAKE_NSENTER.format(python=sys.executable))
        self.scripts = os.path.join(self.tmp, "scripts")
        os.mkdir(self.scripts)
        self.script = os.path.join(self.scripts, "site.dn")
        with open(self.script, "w") as f:
            f.write("# a dnsh script (never read by the fake dnsh)\n")
        self.ansible_tmp = os.path.join(self.tmp, "ansible-tmp")
        os.mkdir(self.ansible_tmp)

    def _write_exe(self, path, text):
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)

    def respond(self, **by_subcommand):
        """respond(apply=dict(stdout=..., stderr=..., rc=...), plan=...)"""
        with open(os.path.join(self.bin, "responses.json"), "w") as f:
            json.dump(by_subcommand, f)

    def calls(self, name="calls.jsonl"):
        path = os.path.join(self.bin, name)
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def tool_calls(self, tool=None):
        """The fake ip's and nsenter's calls in order: [TOOL, ARGS...] each, or only TOOL's ARGS."""
        calls = self.calls("tools.jsonl")
        return calls if tool is None else [c[1:] for c in calls if c[0] == tool]

    def env(self, fake_tools_on_path=False):
        env = dict(os.environ)
        for key in list(env):
            if key.startswith("ANSIBLE_"):
                del env[key]
        env.update(
            ANSIBLE_LOCALHOST_WARNING="False",
            ANSIBLE_DEPRECATION_WARNINGS="False",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_LOCAL_TEMP=self.ansible_tmp,
            ANSIBLE_REMOTE_TEMP=self.ansible_tmp,
            ANSIBLE_RETRY_FILES_ENABLED="False",
        )
        if fake_tools_on_path:  # the fake ip and nsenter first on PATH
            env["PATH"] = self.bin + os.pathsep + env.get("PATH", "")
        return env

    def run_module(self, check=False, diff=False, fake_tools_on_path=False, **args):
        """Runs the module via `ansible localhost -m dnsh`; returns (status, result, output), the
        status as ansible prints it (SUCCESS, CHANGED, FAILED!), output both stdout and stderr."""
        module_args = dict(script=self.script, dnsh=self.fake)
        module_args.update(args)
        cmd = [ANSIBLE, "localhost", "-i", "localhost,", "-c", "local", "-M", LIBRARY, "-m", "dnsh",
               "-a", json.dumps(module_args), "-e", "ansible_python_interpreter=" + sys.executable]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        proc = subprocess.run(cmd, cwd=self.tmp, env=self.env(fake_tools_on_path), capture_output=True,
                              text=True, timeout=120)
        match = re.search(r"^localhost \| (SUCCESS|CHANGED|FAILED!|UNREACHABLE!|SKIPPED) => ",
                          proc.stdout, re.M)
        self.assertIsNotNone(match, "no result in ansible's output:\n%s\n%s" % (proc.stdout, proc.stderr))
        result, _ = json.JSONDecoder().raw_decode(proc.stdout[match.end():])
        # The minimal callback leaves "failed" and "warnings" out of the result it prints
        # (FAILED! says the first; the warnings go to standard error).
        return match.group(1), result, proc.stdout + proc.stderr

    def assertNoTraceback(self, result, stdout):
        self.assertNotIn("Traceback", stdout)
        self.assertNotIn("module_stderr", result)
        self.assertNotIn("MODULE FAILURE", result.get("msg", ""))


class BuildCommandTest(unittest.TestCase):
    """The command lines, without Ansible."""

    def test_apply(self):
        self.assertEqual(dnsh_module.build_command("/etc/dnsh/site.dn"),
                         ["dnsh", "apply", "--json", "/etc/dnsh/site.dn"])

    def test_plan(self):
        self.assertEqual(dnsh_module.build_command("s.dn", "plan", host="gw"),
                         ["dnsh", "plan", "--json", "--host", "gw", "s.dn"])

    def test_undo(self):
        self.assertEqual(dnsh_module.build_command("s.dn", "apply", undo=True),
                         ["dnsh", "apply", "--json", "--undo", "s.dn"])
        self.assertEqual(dnsh_module.build_command("s.dn", "plan", undo=True),
                         ["dnsh", "plan", "--json", "--undo", "s.dn"])

    def test_params_sorted(self):
        cmd = dnsh_module.build_command("s.dn", params={"zeta": "x", "count": 3, "alpha": "10.0.0.0/8"})
        self.assertEqual(cmd, ["dnsh", "apply", "--json", "-p", "alpha=10.0.0.0/8", "-p", "count=3",
                               "-p", "zeta=x", "s.dn"])

    def test_param_values(self):
        cmd = dnsh_module.build_command("s.dn", params={"a": True, "b": False, "c": 1.5, "d": "a=b c"})
        self.assertEqual(cmd[3:-1], ["-p", "a=true", "-p", "b=false", "-p", "c=1.5", "-p", "d=a=b c"])

    def test_bad_param_name(self):
        with self.assertRaises(ValueError):
            dnsh_module.build_command("s.dn", params={"a=b": 1})
        with self.assertRaises(ValueError):
            dnsh_module.build_command("s.dn", params={"": 1})

    def test_netns(self):
        self.assertEqual(
            dnsh_module.build_command("s.dn", host="docker1", netns="site-docker1", dnsh="/usr/local/bin/dnsh",
                                      nsenter="/usr/bin/nsenter"),
            ["/usr/bin/nsenter", "--net=/run/netns/site-docker1", "/usr/local/bin/dnsh", "apply", "--json",
             "--host", "docker1", "s.dn"])

    def test_netns_must_be_a_name(self):
        for bad in ("../etc", "a/b", "/run/netns/x", ".", ".."):
            with self.assertRaises(ValueError, msg=bad):
                dnsh_module.build_command("s.dn", netns=bad)

    def test_everything(self):
        self.assertEqual(
            dnsh_module.build_command("/s.dn", "plan", host="gw", params={"b": 2, "a": 1}, undo=True,
                                      dnsh="/opt/dnsh", netns="ns"),
            ["nsenter", "--net=/run/netns/ns", "/opt/dnsh", "plan", "--json", "--host", "gw", "--undo",
             "-p", "a=1", "-p", "b=2", "/s.dn"])

    def test_bad_subcommand(self):
        with self.assertRaises(ValueError):
            dnsh_module.build_command("s.dn", "destroy")

    def test_imports_without_ansible(self):
        code = ("import sys; sys.modules['ansible'] = None; sys.path.insert(0, %r); import dnsh; "
                "print(dnsh.build_command('s.dn'))" % LIBRARY)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("'apply'", proc.stdout)


class _Failed(Exception):
    pass


class _StubModule:
    """Stands in for AnsibleModule in MissingNsenterTest: no binary is found by name."""

    def __init__(self, params, **_):
        self.params = params
        self.check_mode = False
        self.ran = []

    def get_bin_path(self, name, required=False, opt_dirs=None):
        return None

    def fail_json(self, **result):
        raise _Failed(result)

    def run_command(self, cmd, check_rc=False):
        self.ran.append(cmd)
        return 0, "{}", ""


class MissingNsenterTest(unittest.TestCase):
    """main() with netns but no nsenter on the target: a clear failure, and nothing run. (The
    ad-hoc tests cannot hide a real nsenter, which get_bin_path also finds in the sbin
    directories, so AnsibleModule is stubbed out here.)"""

    def test_missing_nsenter_fails_clearly(self):
        with tempfile.NamedTemporaryFile(suffix=".dn") as script:
            params = dict(script=script.name, host="gw", params={}, state="present", dnsh="/opt/dnsh",
                          netns="site-gw")
            modules = []

            def make(**kwargs):
                modules.append(_StubModule(params, **kwargs))
                return modules[-1]

            basic = type(sys)("ansible.module_utils.basic")
            basic.AnsibleModule = make
            stubs = {"ansible": type(sys)("ansible"), "ansible.module_utils": type(sys)("ansible.module_utils"),
                     "ansible.module_utils.basic": basic}
            with unittest.mock.patch.dict(sys.modules, stubs):
                with self.assertRaises(_Failed) as failed:
                    dnsh_module.main()
        result = failed.exception.args[0]
        self.assertIn("nsenter not found on the target host", result["msg"])
        self.assertIn("util-linux", result["msg"])
        self.assertIn("site-gw", result["msg"])
        self.assertEqual(result["cmd"], ["nsenter"])
        self.assertEqual(modules[0].ran, [])


class HelpersTest(unittest.TestCase):
    def test_prepared_diff_groups_by_namespace(self):
        details = dnsh_module.change_details({"changes": CHANGES})
        self.assertEqual(dnsh_module.prepared_diff(details),
                         "# initial namespace\n" + CHANGES[0]["change"] + "\n# netns bind1\n"
                         + CHANGES[1]["change"] + "\n# initial namespace\n" + CHANGES[2]["change"] + "\n")

    def test_prepared_diff_initial_namespace_only(self):
        details = [{"namespace": None, "change": "~ link docker0: up"}]
        self.assertEqual(dnsh_module.prepared_diff(details), "~ link docker0: up\n")

    def test_failure_message_prefers_error_line(self):
        stderr = "script output line\nx.dn:3:1: error: link add A1: File exists (EEXIST)\ndnsh: nothing was changed\n"
        self.assertEqual(dnsh_module.failure_message(stderr, None, "apply", 4),
                         "x.dn:3:1: error: link add A1: File exists (EEXIST)")

    def test_failure_message_from_diagnostics(self):
        doc = {"exit_code": 3, "diagnostics": [
            {"message": "unused", "severity": "warning", "file": "a.dn", "line": 1, "column": 1},
            {"message": "expected '}'", "severity": "error", "file": "a.dn", "line": 7, "column": 2}]}
        self.assertEqual(dnsh_module.failure_message("", doc, "plan", 3), "a.dn:7:2: error: expected '}'")

    def test_failure_message_fallbacks(self):
        self.assertEqual(dnsh_module.failure_message("some output\ndnsh: not root\n", None, "apply", 2),
                         "dnsh: not root")
        self.assertEqual(dnsh_module.failure_message("", None, "apply", 4),
                         "dnsh apply exited with 4 (script failed (nothing was changed, or it was rolled back))")

    def test_parse_document(self):
        self.assertIsNone(dnsh_module.parse_document(""))
        self.assertIsNone(dnsh_module.parse_document("not json"))
        self.assertIsNone(dnsh_module.parse_document("[1, 2]"))
        self.assertEqual(dnsh_module.parse_document('{"changes": []}\n'), {"changes": []})


@NEEDS_ANSIBLE
class ModuleTest(FakeDnshCase):
    """The module run by `ansible localhost -m dnsh` against the fake dnsh."""

    def test_apply_with_changes(self):
        self.respond(apply=dict(stdout=document(CHANGES, REQUESTS), stderr="hello from site.dn\n", rc=0))
        status, result, _ = self.run_module()
        self.assertEqual(status, "CHANGED")
        self.assertTrue(result["changed"])
        self.assertEqual(result["changes"], [c["change"] for c in CHANGES])
        self.assertEqual(result["change_details"], CHANGES)
        self.assertEqual(result["requests"], [r["ip"] for r in REQUESTS])
        self.assertEqual(result["request_details"], REQUESTS)
        self.assertEqual(result["output"], ["hello from site.dn"])
        self.assertEqual(result["exit_code"], 0)
        self.assertEqual(result["cmd"], [self.fake, "apply", "--json", self.script])
        self.assertEqual(result["stderr"], "hello from site.dn\n")
        self.assertEqual(self.calls(), [["apply", "--json", self.script]])

    def test_apply_without_changes(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        status, result, _ = self.run_module()
        self.assertEqual(status, "SUCCESS")
        self.assertFalse(result["changed"])
        self.assertEqual(result["changes"], [])
        self.assertEqual(result["requests"], [])

    def test_check_mode_plans_changes_pending(self):
        self.respond(plan=dict(stdout=document(CHANGES, REQUESTS, applied=False, exit_code=6), rc=6),
                     apply=dict(stderr="apply must not run in check mode\n", rc=99))
        status, result, _ = self.run_module(check=True)
        self.assertEqual(status, "CHANGED")
        self.assertTrue(result["changed"])
        self.assertFalse(result.get("failed", False))
        self.assertEqual(result["exit_code"], 6)
        self.assertEqual(result["changes"], [c["change"] for c in CHANGES])
        self.assertEqual(self.calls(), [["plan", "--json", self.script]])

    def test_check_mode_nothing_pending(self):
        self.respond(plan=dict(stdout=document(applied=False), rc=0))
        status, result, _ = self.run_module(check=True, host="gw")
        self.assertEqual(status, "SUCCESS")
        self.assertFalse(result["changed"])
        self.assertEqual(self.calls(), [["plan", "--json", "--host", "gw", self.script]])

    def test_check_mode_plan_fails(self):
        self.respond(plan=dict(stdout=json.dumps({"exit_code": 4, "diagnostics": []}),
                               stderr="x.dn:9:3: error: no such device eth9\n", rc=4))
        status, result, stdout = self.run_module(check=True)
        self.assertEqual(status, "FAILED!")
        self.assertEqual(result["msg"], "x.dn:9:3: error: no such device eth9")
        self.assertEqual(result["rc"], 4)
        self.assertNoTraceback(result, stdout)

    def test_state_absent_undoes(self):
        self.respond(apply=dict(stdout=document([{"namespace": None, "change": "- netns bind1"}]), rc=0),
                     plan=dict(stdout=document([{"namespace": None, "change": "- netns bind1"}], applied=False),
                               rc=6))
        status, result, _ = self.run_module(state="absent")
        self.assertEqual(status, "CHANGED")
        self.assertEqual(result["changes"], ["- netns bind1"])
        status, result, _ = self.run_module(state="absent", check=True)
        self.assertEqual(status, "CHANGED")
        self.assertEqual(self.calls(), [["apply", "--json", "--undo", self.script],
                                        ["plan", "--json", "--undo", self.script]])

    def test_params_sorted(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        status, result, _ = self.run_module(params={"subnet": "10.3.0.0/16", "count": 200, "bridge": True})
        self.assertEqual(status, "SUCCESS")
        expected = ["apply", "--json", "-p", "bridge=true", "-p", "count=200", "-p", "subnet=10.3.0.0/16",
                    self.script]
        self.assertEqual(self.calls(), [expected])
        self.assertEqual(result["cmd"], [self.fake] + expected)

    def test_host(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        self.run_module(host="docker1")
        self.assertEqual(self.calls(), [["apply", "--json", "--host", "docker1", self.script]])

    def test_netns_wraps_with_nsenter(self):
        # A fake `nsenter` first on PATH runs the rest of `nsenter --net=FILE ...` without a namespace.
        self.respond(apply=dict(stdout=document(), rc=0))
        status, result, _ = self.run_module(fake_tools_on_path=True, netns="site-gw", host="gw")
        self.assertEqual(status, "SUCCESS", result)
        fake_nsenter = os.path.join(self.bin, "nsenter")
        self.assertEqual(result["cmd"], [fake_nsenter, "--net=/run/netns/site-gw", self.fake, "apply", "--json",
                                         "--host", "gw", self.script])
        self.assertEqual(self.tool_calls(),
                         [["nsenter", "--net=/run/netns/site-gw", self.fake, "apply", "--json", "--host", "gw",
                           self.script]])
        self.assertEqual(self.calls(), [["apply", "--json", "--host", "gw", self.script]])

    def test_diff_mode(self):
        self.respond(apply=dict(stdout=document(CHANGES, REQUESTS), rc=0))
        status, result, stdout = self.run_module(diff=True)
        self.assertEqual(status, "CHANGED")
        self.assertIn("# netns bind1\n+ addr 10.3.16.11/20 dev eth0\n", stdout)
        self.assertIn("+ link veth-bind1 (veth): peer eth0 in bind1, master docker0, up\n", stdout)

    def test_no_diff_without_changes(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        status, result, stdout = self.run_module(diff=True)
        self.assertEqual(status, "SUCCESS")
        self.assertNotIn("diff", result)

    def test_apply_fails(self):
        stderr = "x.dn:3:1: error: link add A1: File exists (EEXIST)\n"
        self.respond(apply=dict(stdout="", stderr=stderr, rc=4))
        status, result, stdout = self.run_module()
        self.assertEqual(status, "FAILED!")
        self.assertEqual(result["msg"], "x.dn:3:1: error: link add A1: File exists (EEXIST)")
        self.assertEqual(result["rc"], 4)
        self.assertEqual(result["stderr"], stderr)
        self.assertEqual(result["cmd"], [self.fake, "apply", "--json", self.script])
        self.assertNoTraceback(result, stdout)

    def test_apply_fails_after_script_output(self):
        stderr = ("creating containers\nx.dn:3:1: error: link add A1: File exists (EEXIST)\n"
                  "dnsh: nothing was changed on the host\n")
        doc = {"exit_code": 4, "output": ["creating containers"], "diagnostics": [
            {"message": "link add A1: File exists (EEXIST)", "severity": "error", "file": "x.dn",
             "line": 3, "column": 1}]}
        self.respond(apply=dict(stdout=doc, stderr=stderr, rc=4))
        status, result, _ = self.run_module()
        self.assertEqual(status, "FAILED!")
        self.assertEqual(result["msg"], "x.dn:3:1: error: link add A1: File exists (EEXIST)")
        self.assertEqual(result["diagnostics"], doc["diagnostics"])
        self.assertEqual(result["output"], ["creating containers"])

    def test_refused_script_reported_from_diagnostics(self):
        doc = {"exit_code": 3, "diagnostics": [
            {"message": "unknown command 'lnk'", "severity": "error", "file": "x.dn", "line": 2, "column": 1}]}
        self.respond(apply=dict(stdout=doc, stderr="", rc=3))
        status, result, _ = self.run_module()
        self.assertEqual(status, "FAILED!")
        self.assertEqual(result["msg"], "x.dn:2:1: error: unknown command 'lnk'")

    def test_bad_json_is_a_failure_not_a_traceback(self):
        self.respond(apply=dict(stdout="this is not JSON {", rc=0))
        status, result, stdout = self.run_module()
        self.assertEqual(status, "FAILED!")
        self.assertIn("JSON", result["msg"])
        self.assertEqual(result["stdout"], "this is not JSON {")
        self.assertNoTraceback(result, stdout)

    def test_malformed_json_is_a_failure_not_a_traceback(self):
        self.respond(apply=dict(stdout={"changes": "oops"}, rc=0))
        status, result, stdout = self.run_module()
        self.assertEqual(status, "FAILED!")
        self.assertIn("unexpected JSON", result["msg"])
        self.assertNoTraceback(result, stdout)

    def test_warning_diagnostics_become_ansible_warnings(self):
        doc = document()
        doc["diagnostics"] = [{"message": "the re-apply check found a difference", "severity": "warning",
                               "file": "site.dn", "line": 1, "column": 1}]
        self.respond(apply=dict(stdout=doc, rc=0))
        status, result, output = self.run_module()
        self.assertEqual(status, "SUCCESS")
        self.assertIn("dnsh: site.dn:1:1: warning: the re-apply check found a difference",
                      " ".join(output.split()))

    def test_missing_script(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        status, result, _ = self.run_module(script=os.path.join(self.tmp, "nope.dn"))
        self.assertEqual(status, "FAILED!")
        self.assertIn("does not exist", result["msg"])
        self.assertEqual(self.calls(), [])

    def test_missing_dnsh_binary(self):
        status, result, _ = self.run_module(dnsh="dnsh-which-does-not-exist")
        self.assertEqual(status, "FAILED!")
        self.assertIn("not found", result["msg"])


@NEEDS_ANSIBLE
class SitePlaybookTest(FakeDnshCase):
    """ansible/site/site.yml with its inventory and ansible.cfg, against the fake dnsh, ip and nsenter."""

    def run_playbook(self, *extra):
        cmd = [ANSIBLE_PLAYBOOK, "-i", "inventory.yml", "site.yml",
               "-e", "dnsh_binary=" + self.fake, "-e", "site_script=" + self.script] + list(extra)
        proc = subprocess.run(cmd, cwd=SITE, env=self.env(fake_tools_on_path=True), capture_output=True,
                              text=True, timeout=180)
        return proc

    def recap(self, stdout, host):
        match = re.search(r"^%s\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)" % host,
                          stdout, re.M)
        self.assertIsNotNone(match, stdout)
        return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, match.groups())))

    def test_site_applies_each_host_in_its_namespace(self):
        self.respond(apply=dict(stdout=document(CHANGES, REQUESTS), rc=0))
        proc = self.run_playbook()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        for host in ("gw", "docker1"):
            self.assertEqual(self.recap(proc.stdout, host)["changed"], 1, proc.stdout)
        self.assertEqual(sorted(self.tool_calls()), sorted([
            ["nsenter", "--net=/run/netns/site-gw", self.fake, "apply", "--json", "--host", "gw", self.script],
            ["nsenter", "--net=/run/netns/site-docker1", self.fake, "apply", "--json", "--host", "docker1",
             self.script],
        ]))

    def test_site_second_run_unchanged(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        proc = self.run_playbook()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        for host in ("gw", "docker1"):
            self.assertEqual(self.recap(proc.stdout, host)["changed"], 0, proc.stdout)

    def test_site_overrides(self):
        self.respond(apply=dict(stdout=document(), rc=0), plan=dict(stdout=document(applied=False), rc=0))
        proc = self.run_playbook("--check", "-l", "gw", "-e", "dnsh_netns=", "-e", "dnsh_state=absent",
                                 "-e", '{"dnsh_params": {"count": 3}}')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.tool_calls(), [])
        self.assertEqual(self.calls(), [["plan", "--json", "--host", "gw", "--undo", "-p", "count=3", self.script]])

    def test_site_copies_script_directory(self):
        os.mkdir(os.path.join(self.scripts, "lib"))
        with open(os.path.join(self.scripts, "lib", "helpers.dn"), "w") as f:
            f.write("# imported\n")
        remote = os.path.join(self.tmp, "remote")
        self.respond(apply=dict(stdout=document(), rc=0))
        proc = self.run_playbook("-l", "gw", "-e", "dnsh_netns=", "-e", "copy_script=true",
                                 "-e", "remote_script_dir=" + remote)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertTrue(os.path.isfile(os.path.join(remote, "lib", "helpers.dn")))
        self.assertEqual(self.calls(), [["apply", "--json", "--host", "gw", os.path.join(remote, "site.dn")]])

    def test_site_create_netns_and_cables(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        proc = self.run_playbook("-e", "create_netns=true", "-e", "dnsh_netns_prefix=t-")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        calls = self.tool_calls()
        setup = self.tool_calls("ip")
        # /run/netns/t-* do not exist here, so the fake ip is asked to add them (twice: once
        # by each host's task, once by the cable task); the cable is a veth pair.
        self.assertIn(["netns", "add", "t-gw"], setup)
        self.assertIn(["netns", "add", "t-docker1"], setup)
        self.assertIn(["-n", "t-gw", "link", "show", "eth1"], setup)
        self.assertIn(["-n", "t-gw", "link", "add", "eth1", "type", "veth", "peer", "name", "eth0",
                       "netns", "t-docker1"], setup)
        self.assertEqual(sorted(c[0] for c in self.tool_calls("nsenter")),
                         ["--net=/run/netns/t-docker1", "--net=/run/netns/t-gw"])
        # The cable is laid before dnsh runs.
        first_dnsh = min(i for i, c in enumerate(calls) if c[0] == "nsenter")
        self.assertLess(calls.index(["ip", "-n", "t-gw", "link", "show", "eth1"]), first_dnsh)

    def test_site_undo_creates_nothing(self):
        self.respond(apply=dict(stdout=document(), rc=0))
        proc = self.run_playbook("-l", "gw", "-e", "create_netns=true", "-e", "dnsh_state=absent",
                                 "-e", "dnsh_netns_prefix=t-")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.calls(), [["apply", "--json", "--host", "gw", "--undo", self.script]])
        # No namespace or cable is made for an undo (/run/netns/t-gw does not exist here, so
        # there is nothing to delete afterwards either).
        self.assertEqual(self.tool_calls(),
                         [["nsenter", "--net=/run/netns/t-gw", self.fake, "apply", "--json", "--host", "gw",
                           "--undo", self.script]])

    def test_site_failure_fails_the_play(self):
        self.respond(apply=dict(stderr="site.dn:12:5: error: link add A1: File exists (EEXIST)\n", rc=4))
        proc = self.run_playbook("-l", "gw")
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual(self.recap(proc.stdout, "gw")["failed"], 1, proc.stdout)
        self.assertIn("site.dn:12:5: error: link add A1: File exists (EEXIST)", proc.stdout)


if __name__ == "__main__":
    unittest.main()
