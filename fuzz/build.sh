#!/usr/bin/env bash
# Builds the libFuzzer targets into fuzz/out/: lexer, parser, interpreter.
#
# Each library module (NetTypes, Lexer, Interpreter, NetModel, Builtins) is compiled on its own
# into a static library plus a .swiftmodule, instrumented for libFuzzer coverage and
# AddressSanitizer; each harness is then compiled and linked against them. Compiling all sources
# as one module does not work, since the sources say `import Lexer` etc.
#
# Environment: SWIFTC (default /opt/swift/usr/bin/swiftc), OPT (default -O),
# SANITIZE (default fuzzer,address).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/out"
swiftc="${SWIFTC:-/opt/swift/usr/bin/swiftc}"
opt="${OPT:--O}"
sanitize="${SANITIZE:-fuzzer,address}"
# -g for symbolised stack traces; the sanitizers need frame info anyway.
flags=(-swift-version 6 "$opt" -g -sanitize="$sanitize" -parse-as-library -I "$out/modules")

mkdir -p "$out/modules" "$out/lib" "$out/obj"

module() { # NAME: build Sources/NAME as libNAME.a + NAME.swiftmodule
    local name="$1"
    echo "== module $name"
    (cd "$out/obj" && "$swiftc" "${flags[@]}" -module-name "$name" \
        -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -emit-library -static -o "$out/lib/lib$name.a" \
        "$root"/Sources/"$name"/*.swift $(find "$root/Sources/$name" -mindepth 2 -name '*.swift' | sort))
}

# Dependency order, as in Package.swift.
module NetTypes
module Lexer
module NetModel
module Interpreter
module Builtins

# Link with the toolchain's lld when it has one: ld.gold prints thousands of harmless
# "Cannot export local symbol '__asan_check_*'" warnings.
link=()
[ -x "$(dirname "$swiftc")/ld.lld" ] && link=(-use-ld=lld)

target() { # NAME HARNESS MODULES...
    local name="$1" harness="$2"; shift 2
    local libs=()
    for m in "$@"; do libs+=("$out/lib/lib$m.a"); done
    echo "== target $name"
    "$swiftc" "${flags[@]}" "${link[@]}" -module-name "DnshFuzz_$name" "$here/$harness" "${libs[@]}" -o "$out/$name"
}

target lexer LexerTarget.swift Lexer NetTypes
target parser ParserTarget.swift Builtins Interpreter NetModel Lexer NetTypes
target interpreter InterpreterTarget.swift Builtins Interpreter NetModel Lexer NetTypes

echo "built: $out/lexer $out/parser $out/interpreter"
