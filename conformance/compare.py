#!/usr/bin/env python3
"""Compares a script's run on the simulated kernel with its apply on the real one.

Usage: compare.py SCRIPT SIM.json REAL.json
Prints 'agree' or 'disagree: ...' and exits 0 or 1. Both documents are `dnsh run|apply --json`
output: the final state (namespaces, links, routes), the script's printed output, the exit code
and the diagnostics. The output must match line for line, so a script's own queries (`link show`,
`routes`, assertions) are checked on both kernels too.

Masked, because the kernel picks them at random: MAC addresses that no command set (the
simulated kernel marks the ones a command set with "addr_assign": "set"). IPv6 link-local
addresses and their routes never appear in either state.
"""
import json
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"unreadable": str(e)}


def first_error(doc):
    errors = [d for d in doc.get("diagnostics", []) if d.get("severity") == "error"]
    if not errors:
        return None
    e = errors[0]
    return {"line": e.get("line"), "column": e.get("column"), "code": e.get("code")}


def link_key(link, set_macs):
    addrs = sorted((a["family"], a["local"], a["prefixlen"], a["scope"]) for a in link.get("addr_info", []))
    peer = link.get("peer")
    return {
        "ifindex": link.get("ifindex"), "kind": link.get("kind"), "flags": link.get("flags"),
        "mtu": link.get("mtu"), "operstate": link.get("operstate"), "master": link.get("master"),
        "peer": (peer or {}).get("ifname"), "peer_netns": (peer or {}).get("netns"),
        "link": link.get("link"), "macvlan_mode": link.get("macvlan_mode"), "vxlan": link.get("vxlan"),
        "address": link.get("address") if link["ifname"] in set_macs else "(random)",
        "addr_info": addrs,
    }


def route_key(r):
    return tuple(str(r.get(k)) for k in ("family", "dst", "gateway", "dev", "protocol", "scope", "metric", "prefsrc"))


def state(doc, set_macs_by_ns):
    result = {}
    for ns in doc.get("namespaces", []):
        name = ns.get("name")
        set_macs = set_macs_by_ns.get(name, set())
        links = {l["ifname"]: link_key(l, set_macs) for l in ns.get("links", [])}
        result[name] = {"links": links, "routes": sorted(route_key(r) for r in ns.get("routes", []))}
    return result


def main():
    script, sim_path, real_path = sys.argv[1:4]
    sim, real = load(sim_path), load(real_path)
    for doc, what in ((sim, "simulated"), (real, "real")):
        if "unreadable" in doc:
            print(f"disagree: the {what} run printed no JSON ({doc['unreadable']})")
            return 1
    problems = []
    if sim.get("exit_code") != real.get("exit_code"):
        problems.append(f"exit code {sim.get('exit_code')} simulated, {real.get('exit_code')} real")
    if sim.get("output") != real.get("output"):
        pairs = zip(sim.get("output", []), real.get("output", []))
        diff = next(((i + 1, a, b) for i, (a, b) in enumerate(pairs) if a != b), None)
        problems.append(f"output differs (line, simulated, real): {diff or 'in length'}")
    se, re_ = first_error(sim), first_error(real)
    if (se and (se["line"], se["code"])) != (re_ and (re_["line"], re_["code"])):
        problems.append(f"first error {se} simulated, {re_} real")
    set_macs = {ns.get("name"): {l["ifname"] for l in ns.get("links", []) if l.get("addr_assign") == "set"}
                for ns in sim.get("namespaces", [])}
    s, r = state(sim, set_macs), state(real, set_macs)
    if set(s) != set(r):
        problems.append(f"namespaces {sorted(map(str, s))} simulated, {sorted(map(str, r))} real")
    for name in sorted(set(s) & set(r), key=str):
        sl, rl = s[name]["links"], r[name]["links"]
        if set(sl) != set(rl):
            problems.append(f"[{name}] links {sorted(sl)} simulated, {sorted(rl)} real")
        for ifname in sorted(set(sl) & set(rl)):
            for field in sl[ifname]:
                if sl[ifname][field] != rl[ifname][field]:
                    problems.append(f"[{name}] {ifname}.{field}: {sl[ifname][field]} simulated, {rl[ifname][field]} real")
        if s[name]["routes"] != r[name]["routes"]:
            only_s = [x for x in s[name]["routes"] if x not in r[name]["routes"]]
            only_r = [x for x in r[name]["routes"] if x not in s[name]["routes"]]
            problems.append(f"[{name}] routes only simulated {only_s}, only real {only_r}")
    if problems:
        print("disagree: " + "; ".join(problems))
        return 1
    print("agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
