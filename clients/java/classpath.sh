#!/bin/sh
# Prints the classpath the generated Java client needs, from the jars Debian installs in
# /usr/share/java (libgrpc-java, libprotobuf-java, libnetty-java, libperfmark-java,
# libgoogle-common-protos-java, libgoogle-gson-java, libgeronimo-annotation-1.3-spec-java);
# no Maven repository. Fails naming the missing jars.
#   javac -cp "$(clients/java/classpath.sh)" ...
set -eu
dir=/usr/share/java
jars="protobuf protobuf-util gson guava grpc-api grpc-context grpc-core grpc-netty grpc-protobuf
  grpc-protobuf-lite grpc-stub perfmark-api proto-google-common-protos geronimo-annotation-1.3-spec
  jsr305 error_prone_annotations netty-buffer netty-codec netty-codec-http netty-codec-http2
  netty-common netty-handler netty-resolver netty-transport"
cp=""
missing=""
for jar in $jars; do
  if [ -f "$dir/$jar.jar" ]; then cp="$cp${cp:+:}$dir/$jar.jar"; else missing="$missing $jar.jar"; fi
done
if [ -n "$missing" ]; then
  echo "missing in $dir:$missing; apt-get install -y libgrpc-java libprotobuf-java libnetty-java libperfmark-java libgoogle-common-protos-java libgoogle-gson-java libgeronimo-annotation-1.3-spec-java" >&2
  exit 1
fi
echo "$cp"
