# The team server (`serve --http`): the committed bundle (entry and chunks) on Node 20,
# nothing else. Build from a clone: `docker build -t halopsa-mcp .`; run with
# compose.yaml (two replicas and Valkey) or on its own with the same variables.
FROM node:20-bookworm-slim
WORKDIR /app
COPY --chown=node:node dist/halopsa-mcp*.js /app/
USER node
ENV NODE_ENV=production \
    HALOPSA_HTTP_HOST=0.0.0.0 \
    HALOPSA_HTTP_PORT=8787
EXPOSE 8787
# /healthz answers 503 when the shared store (Redis/Valkey) is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:8787/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "/app/halopsa-mcp.js", "serve", "--http"]
