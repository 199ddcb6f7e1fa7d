/**
 * Talking to the fake Halo directly, without our server: a token, and plain
 * undici GETs. Used as the baseline for call overhead and to weigh the raw
 * Halo responses behind a tool's answer.
 */
import { Agent, request } from "undici";
import { CLIENT_ID, CLIENT_SECRET } from "./servers.js";

export class DirectHalo {
  private readonly agent = new Agent({ connections: 8, keepAliveTimeout: 30_000 });
  private token: string | undefined;

  constructor(
    readonly url: string,
    private readonly clientId = CLIENT_ID,
    private readonly clientSecret = CLIENT_SECRET,
  ) {}

  async getToken(): Promise<string> {
    if (this.token) return this.token;
    const res = await request(`${this.url}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.clientId,
        client_secret: this.clientSecret,
        scope: "all",
      }).toString(),
      dispatcher: this.agent,
    });
    const body = (await res.body.json()) as { access_token?: string };
    if (res.statusCode !== 200 || !body.access_token)
      throw new Error(`token request answered ${res.statusCode}`);
    this.token = body.access_token;
    return this.token;
  }

  /** GET `pathAndQuery` (e.g. "/api/Tickets/3"), body read and parsed as a minimal client would. */
  async get(pathAndQuery: string): Promise<{ status: number; bytes: number; text: string }> {
    const token = await this.getToken();
    const res = await request(`${this.url}${pathAndQuery}`, {
      method: "GET",
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      dispatcher: this.agent,
    });
    const buf = Buffer.from(await res.body.arrayBuffer());
    const text = buf.toString("utf8");
    if (res.statusCode === 200) JSON.parse(text);
    return { status: res.statusCode, bytes: buf.length, text };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
