# newsbot: the bot (or, without DISCORD_TOKEN, the playground) on Node 20.
# Build: docker build -t newsbot .      Run: docker compose up -d (bot + Redis), see docs/operations.md.

# --- dependencies: nothing compiles (SQLite comes with libsql's prebuilt package from the npm registry)
FROM node:20.19-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime: runs as the unprivileged `node` user
FROM node:20.19-bookworm-slim
WORKDIR /app
# GLIBC_TUNABLES: the index on huge pages from the first process (docs/operations.md, "Huge pages"), no relaunch.
ENV NODE_ENV=production \
    DATA_DIR=/data \
    METRICS_PORT=9464 \
    PLAYGROUND_PORT=3000 \
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY seeds ./seeds
COPY taxonomy ./taxonomy
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 9464: /healthz, /readyz and /metrics; 3000: the playground page (only when DISCORD_TOKEN is unset)
EXPOSE 9464 3000
# /healthz is liveness, answered from the first moment (also while a long start-up catch-up runs); orchestrators
# that route traffic use /readyz (503 until the bot has started and while its gateway session is down).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches the bot through npm; run with an init (compose: init: true) so signals and zombies are handled.
CMD ["npm", "start"]
