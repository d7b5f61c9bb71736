# syntax=docker/dockerfile:1
# gphotos-nas container: `docker buildx build --platform linux/amd64,linux/arm64 .`
# (the release workflow pushes it to ghcr.io). See README "Container".

# Stage 1 runs on the build machine's own architecture and cross-compiles for the target one:
# `deno compile --target` needs no emulation, so the arm64 image builds as fast as the amd64 one.
FROM --platform=$BUILDPLATFORM denoland/deno:2.9.6 AS build
ARG TARGETARCH
WORKDIR /src
COPY deno.json deno.lock ./
COPY src ./src
COPY scripts ./scripts
RUN case "$TARGETARCH" in \
      amd64) target=x86_64-unknown-linux-gnu ;; \
      arm64) target=aarch64-unknown-linux-gnu ;; \
      *) echo "unsupported architecture $TARGETARCH" >&2; exit 1 ;; \
    esac \
 && deno run -A scripts/compile.ts --target "$target" \
 && cp dist/gphotos-nas-*-linux /gphotos-nas

# Stage 2: Debian slim, not distroless. The binary needs glibc >= 2.27 (bookworm has 2.36), and
# PUID/PGID/TZ handling needs a shell, setpriv (util-linux) and zone files, which distroless lacks.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /gphotos-nas /usr/local/bin/gphotos-nas
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/entrypoint.sh
ENV PUID=1000 PGID=1000 TZ=UTC \
    GPHOTOS_NAS_CONFIG_DIR=/config PHOTOS=/photos INBOX=/inbox \
    SCHEDULE_EVERY=24h SCHEDULE_AT=
VOLUME ["/config", "/photos", "/inbox"]
# `status` exits 1 when the last run failed or the index is damaged (`health` counts a library
# with no index yet as healthy: the first nightly run has not happened).
HEALTHCHECK --interval=1h --timeout=60s --start-period=5m \
  CMD ["/usr/local/bin/entrypoint.sh", "health"]
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["schedule"]
