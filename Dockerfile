# newsbot: the bot (or, without DISCORD_TOKEN, the playground) on Node 20.
# Build: docker build -t newsbot .      Run: docker compose up -d (bot + Redis), see docs/operations.md.

# --- dependencies: sqlite3 compiles here against Debian's libsqlite3 (minutes, not the amalgamation's quarter hour)
FROM node:20.19-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
ENV npm_config_sqlite=/usr
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime: no compilers, runs as the unprivileged `node` user
FROM node:20.19-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data \
    METRICS_PORT=9464 \
    PLAYGROUND_PORT=3000
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
