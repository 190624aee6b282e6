# Xinbao's image (docs/container.md). Every npm command below is `npm ci`, `npm prune` or a script
# of package.json, and CMD is what one of its scripts runs, so CI runs the same commands;
# scripts/check-container.sh keeps them in step without Docker.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: the toolchain for better-sqlite3, every dependency, the build ----
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# What `npm ci` needs, its postinstall (scripts/generate-client.mjs) included: the dependencies
# are reinstalled only when one of these changes.
COPY package.json package-lock.json ./
COPY scripts/generate-client.mjs scripts/
COPY src/store/providerSchema.mjs src/store/
COPY prisma prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# Only the production dependencies go on to the runtime image.
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime: node, tini, the production dependencies and the built output; no compiler ----
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATABASE_URL=file:/data/xinbao.db \
    HOST=0.0.0.0 \
    PORT=3000 \
    XINBAO_OUT_DIR=/data/out
WORKDIR /app
# The application belongs to root and is only read by the user it runs as.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/prisma prisma
# `npx xinbao` inside the container: bin/ runs the build in dist/ (scripts/build.mjs tells it is fresh).
COPY --from=build /app/bin bin
COPY --from=build /app/scripts/build.mjs scripts/build.mjs
# The SQLite data folder, private to the user Xinbao runs as (node, uid 1000, from the base image).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers {"ok":true} with 200, or 503 when the database cannot be read; slim images have
# no curl, so node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini is PID 1: it hands SIGTERM to node, which stops cleanly (docs/running.md#stopping), and
# reaps any orphaned child.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=16", "dist/main.js"]
