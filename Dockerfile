# The sweeplab image: Node.js 20 on Debian (slim), the production dependencies (npm ci --omit=dev),
# the dist/ compiled from this checkout, the sample data, and `sweeplab` as the entry point.
#
#   podman build -t sweeplab:latest .          # or docker build / buildah build
#   podman run --rm sweeplab:latest --help
#   podman run --rm -v "$PWD/out:/out" -w /out sweeplab:latest run   # the sample run into ./out
#
# BASE is any image with Node.js 20 and npm at /usr/local/bin (the layout of node:20-slim). Where
# node:20-slim cannot be pulled, scripts/container-base.sh builds one from Debian's packages and this
# machine's Node 20 (README "Running on a cluster", "Kubernetes").
ARG BASE=node:20-slim
# Behind a TLS-inspecting proxy or a private registry mirror, npm must trust its CA: mount the CA
# bundle into the build and name it, e.g. (podman/buildah)
#   -v /etc/ssl/certs/ca-certificates.crt:/etc/build-ca.crt:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/build-ca.crt
# It is used by the npm steps only; the image does not keep it. npm's cache is a build cache mount
# (BuildKit, buildah): kept between builds, never in the image.

# Compile: TypeScript to dist/ (dev dependencies).
FROM ${BASE} AS build
ARG NODE_EXTRA_CA_CERTS=
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies only, the compiled dist/, the launcher and the sample data.
FROM ${BASE}
ARG NODE_EXTRA_CA_CERTS=
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY sample_data ./sample_data
RUN ln -s /app/bin/sweeplab.js /usr/local/bin/sweeplab && sweeplab --help > /dev/null
WORKDIR /data
ENTRYPOINT ["sweeplab"]
CMD ["--help"]
