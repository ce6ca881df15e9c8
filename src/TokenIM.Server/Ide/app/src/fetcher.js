import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';

// The WebSocket authenticates once, in connection_init, so the token typed into the headers editor
// is sent there rather than per subscription. A different token needs a different socket: the
// previous one is closed, ending the subscriptions that ran under the old identity.
export function createAuthorizingFetcher(endpoint) {
  const wsUrl = endpoint.replace(/^http/, 'ws');
  let current = { authorization: undefined, fetcher: undefined, wsClient: undefined };

  function fetcherFor(authorization) {
    if (current.fetcher && current.authorization === authorization) return current.fetcher;
    current.wsClient?.dispose();
    const wsClient = createClient({
      url: wsUrl,
      connectionParams: authorization ? { authorization } : {},
      // Subscriptions are started by hand in the IDE; a failed socket should say so, not retry forever.
      retryAttempts: 0,
    });
    current = { authorization, wsClient, fetcher: createGraphiQLFetcher({ url: endpoint, wsClient }) };
    return current.fetcher;
  }

  return (params, options) => {
    const headers = withoutBlankAuthorization(options?.headers);
    return fetcherFor(authorizationOf(headers))(params, { ...options, headers });
  };
}

function authorizationOf(headers) {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
  return key ? String(headers[key]) : undefined;
}

// "Bearer " with nothing after it is a template the user has not filled in yet; sending it would make
// the server refuse an otherwise anonymous request.
function withoutBlankAuthorization(headers = {}) {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([k, v]) => k.toLowerCase() !== 'authorization' || String(v ?? '').replace(/^\s*bearer\s*/i, '') !== '',
    ),
  );
}
