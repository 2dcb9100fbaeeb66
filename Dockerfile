# syntax=docker/dockerfile:1
#
# concierge container image: concierge-server (ENTRYPOINT), concierge-staff and
# concierge-web (k8s/base/web-deployment.yaml runs it as the command).
#   docker build -t concierge-server:0.1.0 .
#   docker run --rm concierge-server:0.1.0 migrate     # apply migrations, exit
# Kubernetes manifests: k8s/ (see k8s/README.md).

# ---------------------------------------------------------------- build --
FROM debian:12 AS build

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkgconf \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      libabsl-dev libsoci-dev libpq-dev libboost-dev libssl-dev libcivetweb-dev \
      libkainjow-mustache-dev libqrencode-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONCIERGE_BUILD_TESTS=OFF \
 && cmake --build build -j --target concierge-server concierge-staff concierge-web

# Collect the three executables wherever the build tree put them.
RUN mkdir -p /out \
 && for t in concierge-server concierge-staff concierge-web; do \
      f="$(find build -type f -name "$t" -perm -u+x | head -n 1)"; \
      [ -n "$f" ] || { echo "executable $t not found in build/" >&2; exit 1; }; \
      install -m 0755 -s "$f" "/out/$t"; \
    done

# -------------------------------------------------------------- runtime --
FROM debian:12-slim

# Runtime shared libraries only (Debian 12 package names).
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates tzdata \
      libgrpc++1.51 libgrpc29 libprotobuf32 libabsl20220623 \
      libsoci-core4.0 libsoci-postgresql4.0 libpq5 \
      libssl3 libcivetweb1 libqrencode4 zlib1g \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 concierge \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin concierge \
 && mkdir -p /var/run/concierge \
 && chown 10001:10001 /var/run/concierge

COPY --from=build /out/concierge-server /out/concierge-staff /out/concierge-web /usr/local/bin/

# Fail the build if a shared library is missing from the list above.
RUN for b in /usr/local/bin/concierge-server /usr/local/bin/concierge-staff /usr/local/bin/concierge-web; do \
      if ldd "$b" | grep 'not found'; then echo "missing runtime library for $b" >&2; exit 1; fi; \
    done

USER 10001:10001
ENV CONCIERGE_LISTEN_ADDRESS=0.0.0.0:50051 \
    CONCIERGE_METRICS_ADDRESS=0.0.0.0:9464 \
    CONCIERGE_ADMIN_TOKEN_FILE=/var/run/concierge/admin-token
EXPOSE 50051 9464 8080
ENTRYPOINT ["/usr/local/bin/concierge-server"]
