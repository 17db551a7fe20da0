#!/usr/bin/env python3
"""Every namespace's links, addresses and routes as iproute2 shows them (`ip -j`), one line
each, for comparing a sandbox before and after: ifindex, name, kind, MTU, MAC, master, flags,
peer index; addresses; main-table routes. Operstates, carrier flags and timers are left out
(the kernel updates them asynchronously). With --loose, ifindexes, MACs not set by a script (02:42:...) and the IPv6 link-local
addresses derived from them are left out too (for states built by different tools)."""
import json, subprocess, sys

loose = "--loose" in sys.argv

def ip(ns, *args):
    prefix = ["ip", "-n", ns] if ns else ["ip"]
    return subprocess.run(prefix + list(args), check=True, capture_output=True, text=True).stdout

names = sorted(line.split()[0] for line in ip(None, "netns", "list").splitlines() if line.strip())
for ns in [None] + names:
    print(f"== netns {ns or 'initial'}")
    for link in json.loads(ip(ns, "-j", "-d", "link", "show")):
        kind = link.get("linkinfo", {}).get("info_kind", link.get("link_type"))
        mac = link.get("address")
        if loose and not (mac or "").startswith("02:42:"):
            mac = "random"
        # Carrier flags follow the kernel's link watcher, a moment after a change, like operstates.
        flags = [f for f in link["flags"] if f not in ("NO-CARRIER", "LOWER_UP", "M-DOWN")]
        fields = [link["ifname"], kind, link["mtu"], mac, link.get("master"), ",".join(flags)]
        if not loose:
            fields = [link["ifindex"], link.get("link_index")] + fields
        print("link", *fields)
    for link in json.loads(ip(ns, "-j", "addr", "show")):
        addresses = sorted((a["local"], a["prefixlen"]) for a in link.get("addr_info", [])
                           if not (loose and a["local"].startswith("fe80:")))
        print("addr", link["ifname"], addresses)
    # Routes in order of destination: the kernel lists them in the order they were added.
    routes = []
    for family in ("-4", "-6"):
        routes += [r.strip() for r in ip(ns, family, "route", "show", "table", "main").splitlines()]
    for route in sorted(r for r in routes if not (loose and r.startswith("fe80::"))):
        print("route", route)
