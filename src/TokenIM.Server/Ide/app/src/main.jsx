// GraphiQL for TokenIM. The page that loads this script is served by the node on its GraphQL path
// (/graphql or /v1/graphql), so the endpoint is the page's own path and every request stays on
// the origin that served it.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './page.css';
import './monaco-workers.js';
import { createAuthorizingFetcher } from './fetcher.js';
import welcomeOperations from './welcome.graphql';

const endpoint = new URL(window.location.pathname, window.location.origin).href;

// The operations both IDEs open with; Banana Cake Pop's settings carry the same file.
const defaultQuery = `# Welcome to the TokenIM API.
#
# Signed-in operations need an access token: run the login (or register) mutation below,
# then open "Headers" and paste:
#   { "Authorization": "Bearer <accessToken>" }
# The same token signs in the WebSocket that subscriptions use.

${welcomeOperations}`;

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL fetcher={createAuthorizingFetcher(endpoint)} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers" />,
);
