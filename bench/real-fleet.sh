#!/usr/bin/env bash
# The seed fleet on the real kernel, N containers (200 by default), applied three ways in one
# run, each in a fresh throwaway sandbox (new network and mount namespace, private /run/netns):
#
#   dnsh      dnsh apply scripts/bind-fleet.dn --param count=N (plan, one transaction, check)
#   again     the same apply once more on the result: must send nothing (a third one runs
#             under strace, which counts RTM_NEW*/RTM_DEL* requests) and take under a tenth
#             of the first
#   ip/step   one `ip` process per step, as the seed's shell script does
#   ip-batch  hand-written `ip -batch` files that already create the peer inside its namespace
#             (one batch for the host, one per container namespace)
#
# Prints each time, the time per container and the ratios. Needs root and iproute2.
#   bench/real-fleet.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
[ "$(id -u)" = 0 ] || { echo "real-fleet: needs root (it runs in sandboxes)" >&2; exit 2; }
command -v ip >/dev/null || { echo "real-fleet: needs iproute2 (ip)" >&2; exit 2; }
swift build -c release --product dnsh --static-swift-stdlib >/dev/null
dnsh=$(realpath .build/release/dnsh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mac() { printf '02:42:0a:03:%02x:%02x' $(( (16 + ($1 + 11) / 256) )) $(( ($1 + 11) % 256 )); }
addr() { echo "10.3.$(( 16 + ($1 + 10) / 256 )).$(( ($1 + 10) % 256 ))"; }

# One ip process per step (the seed's way).
{
    echo "ip link add docker0 type bridge"
    echo "ip addr add 10.3.16.1/20 dev docker0"
    echo "ip link set docker0 up"
    for i in $(seq 1 "$n"); do
        echo "ip netns add bind$i"
        echo "ip link add veth-bind$i type veth peer name tmp-bind$i"
        echo "ip link set veth-bind$i master docker0 up"
        echo "ip link set tmp-bind$i netns bind$i"
        echo "ip -n bind$i link set tmp-bind$i name eth0"
        echo "ip -n bind$i link set eth0 address $(mac "$i") up"
        echo "ip -n bind$i addr add $(addr "$i")/20 dev eth0"
        echo "ip -n bind$i route add default via 10.3.16.1"
    done
} >"$work/steps.sh"

# ip -batch: the host's commands in one file, each namespace's in its own.
{
    echo "link add docker0 type bridge"
    echo "addr add 10.3.16.1/20 dev docker0"
    echo "link set docker0 up"
    for i in $(seq 1 "$n"); do echo "netns add bind$i"; done
    for i in $(seq 1 "$n"); do
        echo "link add veth-bind$i type veth peer name eth0 netns bind$i address $(mac "$i")"
        echo "link set veth-bind$i master docker0 up"
    done
} >"$work/host.batch"
{
    echo "ip -batch $work/host.batch"
    for i in $(seq 1 "$n"); do
        printf 'link set eth0 up\naddr add %s/20 dev eth0\nroute add default via 10.3.16.1\n' "$(addr "$i")" >"$work/bind$i.batch"
        echo "ip -n bind$i -batch $work/bind$i.batch"
    done
} >"$work/batch.sh"

# The kernel tears a sandbox's namespaces down in the background after it exits; the next
# measurement waits for that, so it does not compete with it.
settle() { sleep 6; }

sandboxed() {  # runs "$@" in a fresh sandbox and prints its wall time in ms
    unshare --net --mount --propagation private -- bash -c '
        mount -t tmpfs tmpfs /run && mkdir -p /run/netns
        start=${EPOCHREALTIME/./}; "$@" >/dev/null; end=${EPOCHREALTIME/./}
        echo $(( (end - start) / 1000 ))' sandbox "$@"
}

# dnsh: the first apply, then the same again; three rounds, each in a fresh sandbox, and the
# median of each. A third apply runs under strace, which counts the netlink requests that
# would change something (RTM_NEW*, RTM_DEL*): there must be none.
for round in 1 2 3; do
    # Times from bash's clock (EPOCHREALTIME, microseconds): no `date` process inside the interval.
    unshare --net --mount --propagation private -- bash -c '
        mount -t tmpfs tmpfs /run && mkdir -p /run/netns
        start=${EPOCHREALTIME/./}; "$1" apply --no-summary scripts/bind-fleet.dn --param count="$2" >/dev/null; end=${EPOCHREALTIME/./}
        again_start=${EPOCHREALTIME/./}; "$1" apply scripts/bind-fleet.dn --param count="$2" >"$3/again"; again_end=${EPOCHREALTIME/./}
        grep -qx "0 changes; nothing was sent to the kernel" "$3/again" || echo "again: not 0 changes" >&2
        writes=n/a
        if command -v strace >/dev/null; then
            strace -f -e trace=sendto,sendmsg -o "$3/trace" "$1" apply --no-summary scripts/bind-fleet.dn --param count="$2" >/dev/null
            writes=$(grep -cE "RTM_(NEW|DEL)(LINK|ADDR|ROUTE)" "$3/trace")
        fi
        echo $((end - start)) $((again_end - again_start)) $writes' \
        sandbox "$dnsh" "$n" "$work"
    settle
done >"$work/rounds"
median() { sort -n | sed -n 2p; }
echo "dnsh rounds (first apply us, again us, change requests of a third):" $(tr '\n' ';' <"$work/rounds")
t_dnsh_us=$(cut -d" " -f1 "$work/rounds" | median)
t_again_us=$(cut -d" " -f2 "$work/rounds" | median)
writes=$(cut -d" " -f3 "$work/rounds" | sort -n | tail -1)
t_dnsh=$((t_dnsh_us / 1000))
t_again=$((t_again_us / 1000))
t_steps=$(sandboxed sh -e "$work/steps.sh")
settle
t_batch=$(sandboxed sh -e "$work/batch.sh")

printf '%-9s %8s %14s\n' method ms "ms/container"
for row in "dnsh $t_dnsh" "again $t_again" "ip/step $t_steps" "ip-batch $t_batch"; do
    set -- $row
    printf '%-9s %8d %14.2f\n' "$1" "$2" "$(echo "$2 / $n" | bc -l)"
done
printf 'ip/step / dnsh:  %.1fx\n' "$(echo "$t_steps / $t_dnsh" | bc -l)"
printf 'ip-batch / dnsh: %.1fx\n' "$(echo "$t_batch / $t_dnsh" | bc -l)"
printf 'again / dnsh:    %.3f (median of 3 rounds)\n' "$(echo "$t_again_us / $t_dnsh_us" | bc -l)"
echo "requests that change something, sent by a third apply: $writes (strace)"
