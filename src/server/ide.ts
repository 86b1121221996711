/**
 * The GraphQL IDE served to browsers at GET /graphql: GraphiQL from an npm package, every asset inlined (no CDN),
 * subscriptions over graphql-ws, a headers editor for `Authorization`, and example operations in tabs.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const EXAMPLES = {
  viewer: `# Paste a token into Headers as {"Authorization": "Bearer <token>"} (get one with the logIn tab).
query Viewer {
  viewer {
    id
    name
    email
    roles
    addresses(first: 5) {
      totalCount
      edges { node { id label recipientName city isDefault } }
    }
  }
}
`,
  logIn: `mutation LogIn {
  logIn(input: { email: "siti@kedai.test", password: "kedai-demo-123" }) {
    token
    viewer { id name }
    userErrors { code field message }
  }
}
`,
  subscription: `# Runs over WebSocket with the token from the Headers tab; then add or edit an address in another tab.
subscription ViewerUpdated {
  viewerUpdated {
    id
    addresses(first: 3) { totalCount }
  }
}
`,
};

/** A 1×1 transparent icon, so the page asks nothing of any other host. */
const FAVICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

let cached: string | undefined;

export function idePage(): string {
  cached ??= renderGraphiQL({
    title: 'Kedai Live GraphQL',
    endpoint: '/graphql',
    subscriptionsProtocol: 'WS',
    favicon: FAVICON,
    logo: '<span style="font-weight:600">Kedai Live</span>',
    defaultQuery: EXAMPLES.viewer,
    headers: JSON.stringify({ Authorization: '' }, null, 2),
    shouldPersistHeaders: true,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    defaultTabs: [
      { query: EXAMPLES.logIn },
      { query: EXAMPLES.viewer },
      { query: EXAMPLES.subscription },
    ],
  });
  return cached;
}

/** True for a browser navigation (it prefers HTML), not for a GraphQL GET request. */
export function wantsIde(accept: string | undefined, query: Record<string, unknown>): boolean {
  return !query['query'] && typeof accept === 'string' && accept.includes('text/html');
}
