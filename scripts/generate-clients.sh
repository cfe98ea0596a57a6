#!/usr/bin/env bash
# Generates the gRPC clients for other languages (issue 19) from proto/actorgate/v1, one
# buf template per language under clients/<lang>/buf.gen.yaml. The plugins are Debian's
# (protoc, protoc-gen-go, protoc-gen-go-grpc, grpc_python_plugin, grpc_java_plugin,
# grpc_ruby_plugin, grpc_cpp_plugin); .ci/run installs them. No remote plugin is used.
set -euo pipefail
cd "$(dirname "$0")/.."
LANGS=(go python-grpc java ruby cpp)
missing=()
for bin in protoc protoc-gen-go protoc-gen-go-grpc grpc_python_plugin grpc_java_plugin grpc_ruby_plugin grpc_cpp_plugin; do
  command -v "$bin" >/dev/null || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing code generators: ${missing[*]}" >&2
  echo "install them: apt-get install -y protobuf-compiler protobuf-compiler-grpc protoc-gen-go protoc-gen-go-grpc protobuf-compiler-grpc-java-plugin" >&2
  exit 1
fi
for lang in "${LANGS[@]}"; do
  npx buf generate --template "clients/$lang/buf.gen.yaml"
done
