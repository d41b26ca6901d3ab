/** A parsed JSON response body: each test asserts the shape it expects. */
 
export type JsonBody = any;

/** A small JSON client over fetch for API tests. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  withToken(token: string): HttpClient {
    return new HttpClient(this.baseUrl, token);
  }

  async request<T = JsonBody>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; text: string; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  get<T = JsonBody>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = JsonBody>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = JsonBody>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = JsonBody>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** Logs in and returns a client carrying the token. */
  async login(username: string, password: string): Promise<HttpClient> {
    const response = await this.post<{ token: string }>('/api/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${response.text}`);
    return this.withToken(response.body.token);
  }
}
