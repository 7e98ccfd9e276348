// The operations endpoint on METRICS_PORT: GET /healthz (liveness: is the process alive and answering),
// GET /readyz (readiness: can it serve yet) and GET /metrics (Prometheus). Kept apart so a bot that is still
// catching up, or waiting for its store, is not restarted for it (liveness) yet gets no traffic (readiness).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthReport {
  ok: boolean;
  /** Named checks: gateway connected, store reachable… true/false or a short reason. */
  checks: Record<string, boolean | string>;
}

export interface OpsServerOptions {
  port: number;
  /** Default 0.0.0.0 so a container's port mapping reaches it. */
  host?: string;
  registry: Registry;
  /** GET /healthz: 503 only when the process should be restarted. */
  health: () => HealthReport | Promise<HealthReport>;
  /** GET /readyz: 503 while it cannot serve yet (starting, gateway down). Default: the /healthz answer. */
  ready?: () => HealthReport | Promise<HealthReport>;
}

export interface OpsServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
      if (path === '/healthz') {
        const report = await options.health();
        return send(report.ok ? 200 : 503, 'application/json', `${JSON.stringify({ status: report.ok ? 'ok' : 'unhealthy', ...report })}\n`);
      }
      if (path === '/readyz') {
        const report = await (options.ready ?? options.health)();
        return send(report.ok ? 200 : 503, 'application/json', `${JSON.stringify({ status: report.ok ? 'ready' : 'not ready', ...report })}\n`);
      }
      if (path === '/metrics') return send(200, options.registry.contentType, await options.registry.metrics());
      return send(404, 'text/plain', 'not found: try /healthz, /readyz or /metrics\n');
    };
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    reply().catch((error: unknown) => send(500, 'text/plain', `error: ${(error as Error).message}\n`));
  });
  const { port, close } = await listenOn(server, options.port, options.host ?? '0.0.0.0', 'METRICS_PORT');
  return { url: `http://127.0.0.1:${port}`, port, close };
}

export interface Listening {
  /** The bound port (the chosen one when asked for 0). */
  port: number;
  /** Stops listening and drops keep-alive connections, so it never hangs on an idle browser. */
  close: () => Promise<void>;
}

/** Starts `server`; a port in use is refused naming `setting`, the variable that chose it. */
export async function listenOn(server: Server, port: number, host: string, setting: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`${setting} ${port} is already in use: set ${setting} to a free port`) : error));
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
