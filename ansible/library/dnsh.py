#!/usr/bin/python
# -*- coding: utf-8 -*-
"""Ansible module ``dnsh``: apply (or undo) a dnsh network script (.dn) on the target host.

It runs ``dnsh apply --json`` (``dnsh plan --json`` in check mode) and reports the changes
dnsh made or would make. See docs/ansible.md in the dnsh repository.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: dnsh
short_description: Make a Linux host's network match a dnsh script
description:
  - Runs C(dnsh apply --json) on the target host, which makes the host's namespaces, links,
    addresses and routes match a dnsh script (a C(.dn) file) as one transaction, all or
    nothing, rolled back on failure.
  - Idempotent. dnsh only sends the difference between the host and the script, and a second
    run of the same script reports no changes (C(changed=false)).
  - In check mode it runs C(dnsh plan --json) instead, which changes nothing. dnsh's exit
    code 6 (changes pending) becomes C(changed=true).
  - In diff mode (C(--diff)) the change lines (C(+) add, C(-) remove, C(~) change) are shown
    as the diff, grouped by network namespace the way C(dnsh plan) prints them.
  - C(state=absent) runs with C(--undo). dnsh then removes what the script creates (its
    namespaces, devices, addresses and routes), and nothing else.
  - dnsh needs root on the target, so use C(become) when connecting as another user.
version_added: "0.1.0"
author:
  - dnsh authors
options:
  script:
    description:
      - Path to the dnsh script (C(.dn) file) B(on the target host).
      - Copy it there first (for example with M(ansible.builtin.copy)) when it lives on the
        controller. Files the script imports must be copied as well.
    type: path
    required: true
  host:
    description:
      - The dnsh host name, passed as C(--host NAME). A script can describe several hosts
        (C(host gw { ... }) blocks), and this selects the part for this machine.
      - Playbooks usually pass C("{{ inventory_hostname }}") or a host variable.
      - Leave it out for scripts without host blocks.
    type: str
  params:
    description:
      - Script parameters, each passed as C(-p NAME=VALUE), sorted by name so that the command
        line is stable.
      - Values are converted to strings; booleans become C(true)/C(false), the spelling dnsh
        reads as a bool. dnsh reads a value as a literal (int, address, prefix, MAC,
        true/false) and as a string otherwise.
    type: dict
    default: {}
  state:
    description:
      - C(present) makes the host match the script (C(dnsh apply)).
      - C(absent) removes what the script creates (C(dnsh apply --undo)).
    type: str
    choices: [present, absent]
    default: present
  dnsh:
    description:
      - The dnsh binary on the target, a path, or a command name looked up in C(PATH), the
        sbin directories and C(/usr/local/bin).
    type: path
    default: dnsh
  netns:
    description:
      - Run dnsh inside this named network namespace, as
        C(nsenter --net=/run/netns/NETNS dnsh ...).
      - Only the network namespace is entered; dnsh keeps the host's mount namespace, so the
        named namespaces it creates under C(/run/netns) outlive the run (C(ip netns exec) would
        run it in a private mount namespace, where they would not persist).
      - For testing a whole multi-host site on one machine, with one namespace standing for
        each host. Production hosts leave it out.
    type: str
notes:
  - Supports check mode (C(dnsh plan)) and diff mode.
  - Needs root on the target host, and dnsh installed there.
  - The script's own printed output is returned as RV(output); dnsh's standard error as
    RV(stderr).
requirements:
  - dnsh on the target host
  - C(nsenter) (util-linux) on the target host when O(netns) is used
"""

EXAMPLES = r"""
- name: Make the host's network match the site script
  dnsh:
    script: /etc/dnsh/site.dn
    host: "{{ inventory_hostname }}"

- name: Apply with parameters (passed as -p count=200 -p subnet=10.3.0.0/16)
  dnsh:
    script: /etc/dnsh/bind-fleet.dn
    params:
      count: 200
      subnet: 10.3.0.0/16
  become: true

- name: Remove everything the script creates
  dnsh:
    script: /etc/dnsh/site.dn
    host: "{{ inventory_hostname }}"
    state: absent

- name: Test a site on one machine, each host in its own network namespace
  dnsh:
    script: "{{ playbook_dir }}/../../scripts/site.dn"
    host: "{{ inventory_hostname }}"
    netns: "{{ dnsh_netns | default(omit) }}"
    dnsh: /usr/local/bin/dnsh

- name: See what would change (also run the play with --check --diff)
  dnsh:
    script: /etc/dnsh/site.dn
    host: gw
  check_mode: true
  register: plan

- name: Show it
  ansible.builtin.debug:
    var: plan.changes
"""

RETURN = r"""
changes:
  description:
    - The change lines dnsh made (or, in check mode, would make), C(+) added, C(-) removed,
      C(~) changed. Empty when nothing changes.
  returned: success
  type: list
  elements: str
  sample:
    - "+ link veth-bind1 (veth): peer eth0 in bind1, master docker0, up"
    - "+ addr 10.3.16.11/20 dev eth0"
    - "~ link docker0: up"
change_details:
  description: The changes as dnsh reports them, each with the namespace it happens in.
  returned: success
  type: list
  elements: dict
  contains:
    namespace:
      description: The named network namespace, or null for the initial namespace.
      type: str
    change:
      description: The change line.
      type: str
  sample:
    - {"namespace": null, "change": "+ link veth-bind1 (veth): peer eth0 in bind1, master docker0, up"}
    - {"namespace": "bind1", "change": "+ addr 10.3.16.11/20 dev eth0"}
requests:
  description:
    - The kernel requests dnsh sent (or would send), in C(ip) syntax. See RV(request_details)
      for the namespace each is sent to.
  returned: success
  type: list
  elements: str
  sample: ["netns add bind1", "link add veth-bind1 type veth peer name eth0 netns bind1"]
request_details:
  description: The kernel requests as dnsh reports them, each with its namespace.
  returned: success
  type: list
  elements: dict
  contains:
    namespace:
      description: The namespace the request is sent to, or null for the initial namespace.
      type: str
    ip:
      description: The request in C(ip) syntax.
      type: str
output:
  description: The lines the script printed.
  returned: success
  type: list
  elements: str
  sample: ["3 containers"]
exit_code:
  description:
    - dnsh's exit code. 0 applied or nothing to do; in check mode 6 means changes pending.
  returned: always
  type: int
  sample: 0
rc:
  description: dnsh's exit code on failure (the same as RV(exit_code)).
  returned: failure
  type: int
  sample: 4
cmd:
  description: The command the module ran.
  returned: always
  type: list
  elements: str
  sample: ["/usr/local/bin/dnsh", "apply", "--json", "--host", "gw", "/etc/dnsh/site.dn"]
stderr:
  description: dnsh's standard error (the script's output and any messages).
  returned: always
  type: str
diagnostics:
  description: dnsh's diagnostics (messages with severity, file, line, column), when it gave any.
  returned: when dnsh reports diagnostics
  type: list
  elements: dict
stdout:
  description: dnsh's standard output, only on failure (the JSON document, if any).
  returned: failure
  type: str
"""

import json
import os
import re

# dnsh exit codes (docs/apply.md).
EXIT_OK = 0
EXIT_CHANGES_PENDING = 6  # plan only
EXIT_MEANINGS = {
    1: "internal error",
    2: "usage error",
    3: "script refused before running",
    4: "script failed (nothing was changed, or it was rolled back)",
    5: "failed assertion or expectation",
    6: "changes pending",
}

# Where `ip netns add` (and dnsh) bind-mount named network namespaces; netns=NAME enters
# NETNS_DIR/NAME.
NETNS_DIR = "/run/netns"

_ERROR_LINE = re.compile(r"(^|:\s)(error|fatal error):\s")


def param_value(value):
    """The text of a -p VALUE: str(), except booleans spelled as dnsh spells them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_command(script, subcommand="apply", host=None, params=None, undo=False,
                  dnsh="dnsh", netns=None, nsenter="nsenter"):
    """The argv for one dnsh run.

    ``dnsh SUBCOMMAND --json [--host HOST] [--undo] [-p NAME=VALUE ...] SCRIPT``, wrapped as
    ``NSENTER --net=/run/netns/NETNS ...`` when netns is given (nsenter enters only the network
    namespace, so the namespaces dnsh creates under /run/netns persist). Parameters are sorted
    by name.
    """
    if subcommand not in ("plan", "apply"):
        raise ValueError("subcommand must be plan or apply, not %r" % (subcommand,))
    if netns and ("/" in str(netns) or str(netns) in (".", "..")):
        raise ValueError("netns %r must be a namespace name under %s, not a path" % (str(netns), NETNS_DIR))
    cmd = [dnsh, subcommand, "--json"]
    if host:
        cmd += ["--host", str(host)]
    if undo:
        cmd.append("--undo")
    for name in sorted((params or {}), key=str):
        text = str(name)
        if not text or "=" in text:
            raise ValueError("parameter name %r must be non-empty and must not contain '='" % (text,))
        cmd += ["-p", "%s=%s" % (text, param_value(params[name]))]
    cmd.append(script)
    if netns:
        cmd = [nsenter, "--net=" + NETNS_DIR + "/" + str(netns)] + cmd
    return cmd


def parse_document(stdout):
    """The JSON object on dnsh's standard output, or None when there is none or it is not one."""
    text = (stdout or "").strip()
    if not text:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def format_diagnostic(diagnostic):
    """``file:line:column: severity: message`` from a diagnostics entry."""
    if not isinstance(diagnostic, dict):
        return str(diagnostic)
    where = ":".join(str(diagnostic[key]) for key in ("file", "line", "column")
                     if diagnostic.get(key) not in (None, ""))
    severity = diagnostic.get("severity") or "error"
    message = diagnostic.get("message") or ""
    return "%s: %s: %s" % (where, severity, message) if where else "%s: %s" % (severity, message)


def change_lines(document):
    """The change strings of a plan/apply document (raises ValueError if malformed)."""
    changes = document.get("changes")
    if changes is None:
        return []
    if not isinstance(changes, list):
        raise ValueError("'changes' is not a list")
    lines = []
    for entry in changes:
        if isinstance(entry, dict) and "change" in entry:
            lines.append(str(entry["change"]))
        elif isinstance(entry, str):
            lines.append(entry)
        else:
            raise ValueError("a 'changes' entry has no 'change': %r" % (entry,))
    return lines


def change_details(document):
    details = []
    for entry in document.get("changes") or []:
        if isinstance(entry, dict):
            details.append({"namespace": entry.get("namespace"), "change": str(entry.get("change", ""))})
        else:
            details.append({"namespace": None, "change": str(entry)})
    return details


def request_lines(document):
    """The "ip" strings of a plan/apply document's requests (raises ValueError if malformed)."""
    requests = document.get("requests")
    if requests is None:
        return []
    if not isinstance(requests, list):
        raise ValueError("'requests' is not a list")
    return [str(entry.get("ip", "")) if isinstance(entry, dict) else str(entry) for entry in requests]


def request_details(document):
    return [{"namespace": entry.get("namespace"), "ip": str(entry.get("ip", ""))} if isinstance(entry, dict)
            else {"namespace": None, "ip": str(entry)} for entry in document.get("requests") or []]


def prepared_diff(details):
    """The change lines grouped under ``# initial namespace`` / ``# netns NAME`` headings, as
    ``dnsh plan`` prints them (no headings when every change is in the initial namespace)."""
    if all(d["namespace"] is None for d in details):
        return "".join(d["change"] + "\n" for d in details)
    out = []
    current = object()
    for d in details:
        if d["namespace"] != current:
            current = d["namespace"]
            out.append("# initial namespace" if current is None else "# netns %s" % current)
        out.append(d["change"])
    return "\n".join(out) + "\n"


def failure_message(stderr, document, subcommand, rc):
    """The most useful single line about a failed run."""
    lines = [line.strip() for line in (stderr or "").splitlines() if line.strip()]
    # 1. dnsh's own error line (file:line:col: error: ...). The script's printed output also
    #    goes to standard error, so the first line is not necessarily the error.
    for line in lines:
        if _ERROR_LINE.search(line):
            return line
    # 2. An error diagnostic in the JSON document.
    diagnostics = document.get("diagnostics") if document else None
    if isinstance(diagnostics, list):
        errors = [d for d in diagnostics if not isinstance(d, dict) or d.get("severity", "error") == "error"]
        if errors:
            return format_diagnostic(errors[0])
    # 3. A "dnsh: ..." line, then the last line of standard error.
    for line in lines:
        if line.startswith("dnsh:"):
            return line
    if lines:
        return lines[-1]
    return "dnsh %s exited with %s (%s)" % (subcommand, rc, EXIT_MEANINGS.get(rc, "unknown exit code"))


def resolve_binary(module, name, extra_dirs=("/usr/local/bin",), purpose=None):
    """A command name looked up on the target (PATH, the sbin directories, then extra_dirs);
    a path is used as it is. Fails the task when it is not found, saying what it is needed for
    (purpose) when given."""
    if os.sep in name:
        return name
    found = module.get_bin_path(name) or module.get_bin_path(name, opt_dirs=list(extra_dirs))
    if not found:
        module.fail_json(msg="%s not found on the target host%s (PATH=%s)"
                         % (name, ", " + purpose if purpose else "", os.environ.get("PATH", "")),
                         rc=None, cmd=[name])
    return found


def main():
    from ansible.module_utils.basic import AnsibleModule

    module = AnsibleModule(
        argument_spec=dict(
            script=dict(type="path", required=True),
            host=dict(type="str"),
            params=dict(type="dict", default={}),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            dnsh=dict(type="path", default="dnsh"),
            netns=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    script = p["script"]
    if not os.path.isfile(script):
        module.fail_json(msg="script %s does not exist on the target host (copy it there first)" % script,
                         rc=None, cmd=[])

    subcommand = "plan" if module.check_mode else "apply"
    dnsh = resolve_binary(module, p["dnsh"])
    nsenter = "nsenter"
    if p["netns"]:
        nsenter = resolve_binary(module, "nsenter",
                                 purpose="needed (from util-linux) to run dnsh in network namespace %s"
                                 % p["netns"])
    try:
        cmd = build_command(script, subcommand=subcommand, host=p["host"], params=p["params"],
                            undo=p["state"] == "absent", dnsh=dnsh, netns=p["netns"], nsenter=nsenter)
    except ValueError as e:
        module.fail_json(msg=str(e), rc=None, cmd=[])

    rc, stdout, stderr = module.run_command(cmd, check_rc=False)
    document = parse_document(stdout)
    ok_codes = (EXIT_OK, EXIT_CHANGES_PENDING) if subcommand == "plan" else (EXIT_OK,)

    if rc not in ok_codes:
        result = dict(rc=rc, exit_code=rc, stdout=stdout, stderr=stderr, cmd=cmd)
        if document and isinstance(document.get("diagnostics"), list):
            result["diagnostics"] = document["diagnostics"]
        if document and isinstance(document.get("output"), list):
            result["output"] = document["output"]
        module.fail_json(msg=failure_message(stderr, document, subcommand, rc), **result)

    if document is None:
        module.fail_json(msg="dnsh %s exited with %s but did not print a JSON object on standard output"
                         % (subcommand, rc), rc=rc, exit_code=rc, stdout=stdout, stderr=stderr, cmd=cmd)
    try:
        changes = change_lines(document)
        details = change_details(document)
        requests = request_lines(document)
        requests_by_namespace = request_details(document)
    except ValueError as e:
        module.fail_json(msg="dnsh %s printed unexpected JSON: %s" % (subcommand, e),
                         rc=rc, exit_code=rc, stdout=stdout, stderr=stderr, cmd=cmd)

    output = document.get("output") or []
    if not isinstance(output, list):
        output = [str(output)]

    diagnostics = document.get("diagnostics")
    for diagnostic in diagnostics if isinstance(diagnostics, list) else []:
        if isinstance(diagnostic, dict) and diagnostic.get("severity") == "warning":
            module.warn("dnsh: " + format_diagnostic(diagnostic))

    if subcommand == "plan":
        changed = rc == EXIT_CHANGES_PENDING
    else:
        changed = bool(changes)

    result = dict(
        changed=changed,
        changes=changes,
        change_details=details,
        requests=requests,
        request_details=requests_by_namespace,
        output=[str(line) for line in output],
        exit_code=rc,
        cmd=cmd,
        stderr=stderr,
    )
    # No "rc" on success: Ansible marks a result with a non-zero "rc" as failed, and a check
    # run's plan exits with 6 when changes are pending.
    if isinstance(diagnostics, list) and diagnostics:
        result["diagnostics"] = diagnostics
    if module._diff and changes:
        result["diff"] = dict(prepared=prepared_diff(details))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
