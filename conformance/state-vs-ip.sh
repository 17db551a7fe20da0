#!/usr/bin/env bash
# In a sandbox: `dnsh apply scripts/bind-fleet.dn`, then `dnsh state --json` against iproute2's
# own `ip -j` dumps of every namespace. They must agree field by field (ifindex, name, MTU,
# operstate, MAC, master, addresses; routes of the main table). Needs root and iproute2.
set -euo pipefail
cd "$(dirname "$0")/.."
dnsh=$(realpath "${1:-.build/debug/dnsh}")
command -v ip >/dev/null || { echo "state-vs-ip: skipped, iproute2 (ip) is not installed"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unshare --net --mount --propagation private -- sh -c '
    mount -t tmpfs tmpfs /run && mkdir -p /run/netns
    "$1" apply --no-summary scripts/bind-fleet.dn >/dev/null
    "$1" state --json >"$2/state.json"
    for ns in "" $(ip netns list | cut -d" " -f1); do
        n=${ns:+-n $ns}
        ip $n -j link show >"$2/link-$ns.json"
        ip $n -j addr show >"$2/addr-$ns.json"
        ip $n -j route show >"$2/route4-$ns.json"
        ip $n -j -6 route show >"$2/route6-$ns.json"
    done' sandbox "$dnsh" "$work"
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
state = json.load(open(os.path.join(work, "state.json")))
problems, checked = [], 0
for ns in state["namespaces"]:
    name = ns["name"] or ""
    load = lambda kind: json.load(open(os.path.join(work, f"{kind}-{name}.json")))
    links = {l["ifname"]: l for l in load("link")}
    addrs = {a["ifname"]: a for a in load("addr")}
    if set(links) != {l["ifname"] for l in ns["links"]}:
        problems.append(f"[{name}] links {sorted(links)} from ip")
    for l in ns["links"]:
        ipl = links.get(l["ifname"], {})
        ours = (l["ifindex"], l["mtu"], l["operstate"], l["address"], l.get("master"))
        theirs = (ipl.get("ifindex"), ipl.get("mtu"), ipl.get("operstate"), ipl.get("address"), ipl.get("master"))
        if ours != theirs:
            problems.append(f"[{name}] {l['ifname']}: {ours} dnsh, {theirs} ip")
        mine = sorted((a["local"], a["prefixlen"]) for a in l["addr_info"])
        ip_addrs = sorted((a["local"], a["prefixlen"]) for a in addrs.get(l["ifname"], {}).get("addr_info", [])
                          if not (a["family"] == "inet6" and a["scope"] == "link"))
        if mine != ip_addrs:
            problems.append(f"[{name}] {l['ifname']} addresses {mine} dnsh, {ip_addrs} ip")
        checked += 1
    ip_routes = sorted((r["dst"], r.get("gateway"), r["dev"]) for r in load("route4") + load("route6")
                       if not r["dst"].startswith("fe80:"))
    our_routes = sorted((r["dst"], r.get("gateway"), r["dev"]) for r in ns["routes"])
    if ip_routes != our_routes:
        problems.append(f"[{name}] routes {our_routes} dnsh, {ip_routes} ip")
for p in problems:
    print("MISMATCH", p)
print(f"state-vs-ip: {len(state['namespaces'])} namespaces, {checked} links compared, {len(problems)} mismatches")
sys.exit(1 if problems else 0)
PY
