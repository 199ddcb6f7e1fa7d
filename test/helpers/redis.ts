/**
 * A real Redis or Valkey server for one test file: the Debian package's
 * binary (`.ci/run` installs it), on a random loopback port, no persistence.
 * It is started through a shell that waits on its stdin: when the test
 * process goes away, even killed, stdin closes and the server is stopped.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface TestRedis {
  url: string;
  port: number;
  binary: string;
  stop(): Promise<void>;
}

/** valkey-server or redis-server, whichever is installed. */
export function redisBinary(): string {
  for (const name of ["valkey-server", "redis-server"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next one
    }
  }
  throw new Error(
    "no valkey-server or redis-server on PATH: install one (apt-get install -y redis-server; .ci/run does this)",
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `port`: a restart of a stopped server where its clients expect it. */
export async function startRedis(opts: { port?: number } = {}): Promise<TestRedis> {
  const binary = redisBinary();
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const args = `--port ${port} --bind 127.0.0.1 --save '' --appendonly no --protected-mode yes`;
    // `read` returns when our end of stdin closes (test over or test process gone): then the server goes.
    const child = spawn("sh", ["-c", `${binary} ${args} & pid=$!; read _ ; kill $pid; wait $pid`], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const ready = await waitReady(child);
    if (ready) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        binary,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.stdin?.end();
          }),
      };
    }
    child.stdin?.end();
    if (attempt >= 4) throw new Error(`${binary} did not start`);
  }
}

function waitReady(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    let out = "";
    const timer = setTimeout(() => resolve(false), 10_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/ready to accept connections/i.test(out)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
