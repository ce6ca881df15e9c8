using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>The chat's commands, and a connection that stays up (reconnecting and catching up) until told otherwise.</summary>
public sealed class Chat
{
    public const string Help = """
        commands:
          /to NAME      talk to user NAME (a direct conversation, created by the first message)
          /list         your conversations, most recent first, with unread counts
          /open N       talk in conversation N of the last /list (groups too)
          /offline      close the connection, as if the network dropped
          /online       connect again and catch up on what you missed
          /quit         leave (so does Ctrl-D)
          anything else is sent to the current conversation
        """;

    private readonly Session _session;
    private readonly Reporter _reporter;
    private readonly Inbox _inbox;
    private CancellationTokenSource? _online;   // set while we want to be connected
    private Task _connection = Task.CompletedTask;
    private JsonObject? _target;                // where typed text goes: { recipientId } or { conversationId }
    private JsonArray _listed = [];             // the last /list, for /open N

    public Chat(Session session, Reporter reporter)
    {
        _session = session;
        _reporter = reporter;
        _inbox = new Inbox((message, source) => reporter.Report("message", new JsonObject
        {
            ["source"] = source,
            ["conversationId"] = message["conversation"]!["id"]!.DeepClone(),
            ["seq"] = message["seq"]!.DeepClone(),
            ["id"] = message["id"]!.DeepClone(),
            ["from"] = (message["sender"]!["username"] ?? message["sender"]!["displayName"])!.DeepClone(),
            ["body"] = message["body"]!.DeepClone(),
        }));
    }

    /// <summary>Runs one command or sends one line.</summary>
    public async Task RunAsync(string line)
    {
        var parts = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var argument = parts.Length > 1 ? parts[1].Trim() : "";
        switch (parts.FirstOrDefault())
        {
            case null: return;
            case "/help": Console.WriteLine(Help); return;
            case "/to":
                var peer = await FindUserAsync(argument);
                _target = new JsonObject { ["recipientId"] = peer.Id };
                _reporter.Report("target", new JsonObject { ["title"] = $"with {peer.Username}", ["recipientId"] = peer.Id });
                return;
            case "/list": await ListAsync(); return;
            case "/open":
                var conversation = int.TryParse(argument, out var n) && n >= 1 && n <= _listed.Count ? _listed[n - 1]! : null;
                if (conversation is null) throw new InvalidOperationException("no such conversation: /list first");
                _target = new JsonObject { ["conversationId"] = (string)conversation["id"]! };
                _reporter.Report("target", new JsonObject { ["title"] = Title(conversation), ["conversationId"] = (string)conversation["id"]! });
                return;
            case "/offline": await GoOfflineAsync(); _reporter.Report("offline"); return;
            case "/online": GoOnline(); return;
            case var command when command.StartsWith('/'):
                throw new InvalidOperationException($"unknown command {command}; /help lists them");
            default: await SendAsync(line.Trim()); return;
        }
    }

    public void GoOnline()
    {
        if (_online is not null) return;
        _online = new CancellationTokenSource();
        _connection = StayConnectedAsync(_online.Token);
    }

    /// <summary>Drops the socket without a goodbye, like a lost network would.</summary>
    public async Task GoOfflineAsync()
    {
        if (_online is null) return;
        await _online.CancelAsync();
        await _connection;
        _online.Dispose();
        _online = null;
    }

    private async Task StayConnectedAsync(CancellationToken offline)
    {
        var wait = TimeSpan.FromMilliseconds(250);
        while (!offline.IsCancellationRequested)
        {
            try
            {
                await using var feed = await LiveFeed.ConnectAsync(_session.Url, await _session.AccessTokenAsync(), offline);
                wait = TimeSpan.FromMilliseconds(250);
                // Resume from our cursor: what we missed, CAUGHT_UP, then live. After RESYNC_REQUIRED the server
                // completes the subscription, and we start again live (a real app reloads its screens first).
                while (await ReadStreamAsync(feed, offline)) _reporter.Report("resync");
                _reporter.Report("disconnected", new JsonObject { ["reason"] = "the server ended the subscription" });
            }
            catch (Exception) when (offline.IsCancellationRequested)
            {
                return; // /offline: cancelling aborts the socket, whatever the pending read throws
            }
            catch (Exception error)
            {
                _reporter.Report("disconnected", new JsonObject { ["reason"] = error.Message });
            }
            // Back off, so a node that is down is not hammered; catch-up covers the time away.
            try { await Task.Delay(wait, offline); } catch (OperationCanceledException) { return; }
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    // True when the server asked for a resync (and completed the stream).
    private async Task<bool> ReadStreamAsync(LiveFeed feed, CancellationToken offline)
    {
        await foreach (var result in feed.SubscribeAsync(Inbox.StreamQuery, _inbox.Resume(), offline))
        {
            if (result["data"]?["conversationEvents"] is not { } e) continue;
            switch (_inbox.Receive(e))
            {
                case -1: return true;
                case { } caughtUp: _reporter.Report("online", new JsonObject { ["caughtUp"] = caughtUp }); break;
            }
        }
        return false;
    }

    private async Task<(string Id, string Username)> FindUserAsync(string name)
    {
        var data = await _session.QueryAsync("query($s: String) { users(search: $s, first: 100) { nodes { id username } } }",
            new JsonObject { ["s"] = name });
        var found = data["users"]!["nodes"]!.AsArray()
            .FirstOrDefault(u => string.Equals((string?)u!["username"], name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"no user named {name}");
        return ((string)found["id"]!, (string)found["username"]!);
    }

    private async Task ListAsync()
    {
        var data = await _session.QueryAsync("""
            { conversations(first: 20) { nodes { id kind lastSeq unreadCount group { name } members { id username } } } }
            """);
        _listed = data["conversations"]!["nodes"]!.AsArray();
        var items = new JsonArray();
        for (var i = 0; i < _listed.Count; i++)
        {
            var c = _listed[i]!;
            items.Add(new JsonObject
            {
                ["index"] = i + 1, ["id"] = (string)c["id"]!, ["lastSeq"] = (int)c["lastSeq"]!,
                ["unread"] = (int)c["unreadCount"]!, ["title"] = Title(c),
            });
        }
        _reporter.Report("conversations", new JsonObject { ["items"] = items });
    }

    private string Title(JsonNode conversation)
    {
        if (conversation["group"] is { } group) return $"in group {group["name"]}";
        var others = conversation["members"]!.AsArray()
            .Where(m => (string?)m!["id"] != _session.UserId)
            .Select(m => (string?)m!["username"] ?? "a deleted user")
            .ToList();
        return others.Count == 0 ? "with yourself" : $"with {string.Join(", ", others)}";
    }

    /// <summary>Sends with a clientMessageId made once, so a retry after a network failure cannot send twice.</summary>
    private async Task SendAsync(string body)
    {
        if (_target is null) throw new InvalidOperationException("nobody to talk to yet: /to NAME or /open N");
        var input = (JsonObject)_target.DeepClone();
        input["body"] = body;
        input["clientMessageId"] = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var data = await _session.QueryAsync(
                    "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id seq conversation { id } } } }",
                    new JsonObject { ["i"] = input.DeepClone() });
                var message = data["sendMessage"]!["message"]!;
                var conversationId = (string)message["conversation"]!["id"]!;
                // Once the direct conversation exists, keep writing into it.
                _target = new JsonObject { ["conversationId"] = conversationId };
                _reporter.Report("sent", new JsonObject
                {
                    ["conversationId"] = conversationId, ["seq"] = (int)message["seq"]!, ["id"] = (string)message["id"]!,
                    ["clientMessageId"] = input["clientMessageId"]!.DeepClone(),
                });
                return;
            }
            catch (HttpRequestException) when (attempt < 3) // no answer: retrying with the same id is safe
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }
}
