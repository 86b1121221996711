/** A typed GraphQL-over-HTTP client for tests: operations come from test/operations via codegen. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

export interface GraphQLResponse<R> {
  readonly status: number;
  readonly headers: Headers;
  readonly data?: R | null;
  readonly errors?: GraphQLFormattedError[];
}

export interface RequestOptions {
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export class GraphQLClient {
  constructor(
    readonly url: string,
    private readonly token: string | null = null,
  ) {}

  /** The same client, sending `Authorization: Bearer <token>`. */
  as(token: string | null): GraphQLClient {
    return new GraphQLClient(this.url, token);
  }

  async request<R, V>(
    document: TypedDocumentNode<R, V> | string,
    variables?: V,
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<R>> {
    const token = options.token === undefined ? this.token : options.token;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
    });
    const text = await response.text();
    let body: { data?: R | null; errors?: GraphQLFormattedError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`non-JSON response (${response.status}): ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
  }

  /** Runs an operation that must succeed without GraphQL errors, and returns its data. */
  async data<R, V>(document: TypedDocumentNode<R, V>, variables?: V, options?: RequestOptions): Promise<R> {
    const response = await this.request(document, variables, options);
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors (${response.status}): ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }
}

/** The `extensions.code` of each error. */
export const codes = (errors: readonly GraphQLFormattedError[] | undefined) => (errors ?? []).map((e) => e.extensions?.['code']);
