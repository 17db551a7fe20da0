#!/usr/bin/env bash
# The seed site (scripts/site.dn) end to end on the real kernel, inside one throwaway sandbox:
#
#   1. the dry run: `dnsh run scripts/site.dn` checks reachability on the simulated hosts and
#      prints one claim per pair ("reach docker1:bind1 10.3.0.1 true", ...);
#   2. two "hosts", each a network namespace with a mount namespace of its own (its own
#      /run/netns), held by a sleeping process, joined by a veth pair as the cable (gw's eth1,
#      docker1's eth0); dnsh reaches each through a wrapper that enters it;
#   3. the site applied per host: by the Ansible module (ansible/) when ansible-playbook is
#      installed, else by `dnsh apply --host`: first in check mode (a plan, shown as a diff,
#      nothing applied), then for real, then a second time, which must change nothing;
#   4. real pings, only between namespaces this test made, for every claim: they must agree,
#      including the pairs that must not reach;
#   5. undo (state=absent / apply --undo) removes what the site made and leaves the cable.
#
# Prints one line per check and "site: N passed, M failed". Needs root, iproute2 and ping.
#   conformance/site.sh [DNSH]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dnsh=$(realpath "${1:-.build/debug/dnsh}")
for tool in ip ping nsenter; do
    command -v $tool >/dev/null || { echo "site: skipped, $tool is not installed"; exit 0; }
done
[ "$(id -u)" = 0 ] || { echo "site: skipped, needs root (sandboxes)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$dnsh" run --no-summary scripts/site.dn >"$work/dry" 2>&1 || { cat "$work/dry"; echo "site: the dry run failed"; exit 1; }
grep '^reach ' "$work/dry" >"$work/claims"
echo "     dry run: $(wc -l <"$work/claims") reachability claims"
if [ -n "${SITE_WAY:-}" ]; then way=$SITE_WAY; elif command -v ansible-playbook >/dev/null; then way=ansible; else way=dnsh; fi
echo "     applying with: $way"

unshare --net --mount --propagation private -- bash -s "$dnsh" "$work" "$root" "$way" <<'SANDBOX'
set -u
dnsh=$1 work=$2 root=$3 way=$4
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | tail -15; }

for h in gw docker1; do
    unshare --net --mount --propagation private sh -c \
        'mount -t tmpfs tmpfs /run && mkdir -p /run/netns && ip link set lo up && exec sleep 600' &
    eval "pid_$h=\$!"
done
sleep 0.3
ip link add eth1 netns /proc/$pid_gw/ns/net type veth peer name eth0 netns /proc/$pid_docker1/ns/net
on() { local h=$1; shift; eval "local p=\$pid_$h"; nsenter -t "$p" -n -m "$@"; }
for h in gw docker1; do
    eval "p=\$pid_$h"
    printf '#!/bin/sh\nexec nsenter -t %s -n -m %s "$@"\n' "$p" "$dnsh" >"$work/dnsh-$h"
    chmod +x "$work/dnsh-$h"
done

apply_site() {  # apply_site ROUND [ANSIBLE OPTIONS]: both hosts' parts; output in $work/apply-ROUND
    local round=$1
    shift
    if [ "$way" = ansible ]; then
        cat >"$work/inventory.yml" <<INVENTORY
all:
  vars:
    ansible_connection: local
    ansible_python_interpreter: $(command -v python3)
    site_script: $root/scripts/site.dn
  hosts:
    gw:
      dnsh_binary: $work/dnsh-gw
    docker1:
      dnsh_binary: $work/dnsh-docker1
INVENTORY
        ANSIBLE_CONFIG=$root/ansible/site/ansible.cfg ansible-playbook -i "$work/inventory.yml" \
            "$root/ansible/site/site.yml" "$@" >"$work/apply-$round" 2>&1
    else
        local verb=apply
        [ "${1:-}" = --check ] && verb=plan
        [ "${1:-}" = undo ] && set -- --undo || set --
        for h in gw docker1; do
            "$work/dnsh-$h" $verb --host $h "$@" "$root/scripts/site.dn"
            code=$?
            [ $code = 0 ] || { [ $verb = plan ] && [ $code = 6 ]; } || return 1
        done >"$work/apply-$round" 2>&1
    fi
}

changed_hosts() {  # how many hosts the output of a round reports as changed
    if [ "$way" = ansible ]; then
        grep -cE "^(gw|docker1) +: ok=[0-9]+ +changed=[1-9]" "$work/apply-$1"
    else
        grep -cE "^[0-9]+ changes? \(" "$work/apply-$1"
    fi
}

# Check mode first: it plans, shows the plan as a diff, changes nothing.
if apply_site 0 --check --diff && [ "$(changed_hosts 0)" = 2 ] && grep -q "+ netns bind1" "$work/apply-0" &&
    ! on docker1 test -e /run/netns/bind1; then
    ok "check mode: both hosts would change, the diff shows the plan, nothing was applied"
else
    bad "check mode" "$work/apply-0"
fi
if apply_site 1 && [ "$(changed_hosts 1)" = 2 ]; then ok "first apply ($way): both hosts changed"; else bad "first apply ($way)" "$work/apply-1"; fi
if apply_site 2; then
    if [ "$way" = ansible ]; then
        unchanged=$(grep -cE "^(gw|docker1) +: ok=[0-9]+ +changed=0 " "$work/apply-2")
    else
        unchanged=$(grep -c "^0 changes; nothing was sent to the kernel" "$work/apply-2")
    fi
    if [ "$unchanged" = 2 ]; then ok "second apply: no change on either host"; else bad "second apply changed something" "$work/apply-2"; fi
else
    bad "second apply ($way)" "$work/apply-2"
fi

# Every claim of the dry run against a real ping.
while read -r _ from to claim; do
    host=${from%%:*} ns=${from#*:}
    if [ -n "$ns" ]; then
        on "$host" ip netns exec "$ns" ping -c1 -W1 "$to" >/dev/null 2>&1 && got=true || got=false
    else
        on "$host" ping -c1 -W1 "$to" >/dev/null 2>&1 && got=true || got=false
    fi
    if [ "$got" = "$claim" ]; then ok "ping $from $to: $got, as reach said"; else bad "ping $from $to: $got, reach said $claim"; fi
done <"$work/claims"

# Undo: what the site made is gone, the cable (which the test laid) stays.
if [ "$way" = ansible ]; then apply_site 3 -e dnsh_state=absent; else apply_site 3 undo; fi
if [ $? = 0 ] && ! on docker1 test -e /run/netns/bind1 && ! on docker1 ip link show docker0 >/dev/null 2>&1 &&
    on gw ip link show eth1 >/dev/null 2>&1 && [ -z "$(on gw ip -4 addr show dev eth1)" ]; then
    ok "undo ($way): the containers, the bridge and the addresses are gone, the cable stays"
else
    bad "undo ($way)" "$work/apply-3"
fi

kill $pid_gw $pid_docker1 2>/dev/null
echo "site: $passed passed, $failed failed"
[ "$failed" = 0 ]
SANDBOX
