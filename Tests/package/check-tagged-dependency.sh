#!/bin/sh
# A Swift package that depends on a tagged Subtok (`from: VERSION`, as users write it) resolves,
# builds and encodes. SwiftPM refuses such a dependency when the product carries unsafe build
# flags, so this fails if one comes back into Package.swift.
#   usage: Tests/package/check-tagged-dependency.sh VERSION
set -eu
version=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The working tree as it is (tracked and new files, not ignored ones), committed and tagged.
mkdir "$work/subtok"
(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$work/subtok")
git -C "$work/subtok" init -q
git -C "$work/subtok" add -A
git -C "$work/subtok" -c user.name=check -c user.email=check@localhost commit -q -m snapshot
git -C "$work/subtok" tag "$version"

cp -R "$root/Tests/package/Consumer" "$work/consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "$work/subtok", from: "$version")],
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "Subtok", package: "subtok")])]
)
MANIFEST
cd "$work/consumer"
swift build -q
test "$(swift run -q Consumer "$root/Tests/fixtures/tiny-bytelevel.json" 'hello world')" = '259 264'
echo "tagged dependency: builds and encodes"
