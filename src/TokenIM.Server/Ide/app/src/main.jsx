// GraphiQL for TokenIM. The page that loads this script is served by the node on its GraphQL path
// (/graphql or /v1/graphql), so the endpoint is the page's own path and every request stays on
// the origin that served it.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './page.css';
import './monaco-workers.js';
import { createAuthorizingFetcher } from './fetcher.js';

const endpoint = new URL(window.location.pathname, window.location.origin).href;

const defaultQuery = `# Welcome to the TokenIM API.
#
# Signed-in operations need an access token: run the login (or register) mutation below,
# then open "Headers" and paste:
#   { "Authorization": "Bearer <accessToken>" }
# The same token signs in the WebSocket that subscriptions use.

mutation Login {
  login(input: { username: "alice", password: "correct horse" }) { accessToken expiresAt }
}

query Me {
  me { id username displayName }
}

subscription Messages {
  messageReceived { id seq body sender { displayName } conversation { id } }
}
`;

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL fetcher={createAuthorizingFetcher(endpoint)} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers" />,
);
