using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>The chat's commands, and a connection that stays up (reconnecting and catching up) until told otherwise.</summary>
public sealed class Chat
{
    public const string Help = """
        commands:
          /to NAME          talk to user NAME (a direct conversation, created by the first message)
          /list             your conversations, most recent first, with unread counts
          /open N           talk in conversation N of the last /list (groups too)
          /reply N TEXT     answer message #N, quoting it (#N of this conversation, else the last #N shown)
          /react N EMOJI    react to message #N, e.g. /react 3 👍
          /unreact N EMOJI  take that reaction back
          /offline          close the connection, as if the network dropped
          /online           connect again and catch up on what you missed
          /quit             leave (so does Ctrl-D)
          anything else is sent to the current conversation
        """;

    private readonly Session _session;
    private readonly Reporter _reporter;
    private readonly Inbox _inbox;
    private CancellationTokenSource? _online;   // set while we want to be connected
    private Task _connection = Task.CompletedTask;
    private JsonObject? _target;                // where typed text goes: { recipientId } or { conversationId }
    private JsonArray _listed = [];             // the last /list, for /open N
    private readonly List<JsonNode> _shown = []; // every message shown, for /reply N and /react N; added to by the feed's task

    public Chat(Session session, Reporter reporter)
    {
        _session = session;
        _reporter = reporter;
        _inbox = new Inbox((message, source) =>
        {
            lock (_shown) _shown.Add(message);
            var q = message["replyTo"];
            reporter.Report("message", new JsonObject
            {
                ["source"] = source,
                ["conversationId"] = message["conversation"]!["id"]!.DeepClone(),
                ["seq"] = message["seq"]!.DeepClone(),
                ["id"] = message["id"]!.DeepClone(),
                ["from"] = NameOf(message["sender"]!),
                ["body"] = message["body"]!.DeepClone(),
                ["replyTo"] = q is null ? null : new JsonObject
                {
                    ["id"] = q["id"]!.DeepClone(), ["seq"] = q["seq"]!.DeepClone(), ["from"] = NameOf(q["sender"]!),
                    ["body"] = q["body"]!.DeepClone(), ["deleted"] = q["deleted"]!.DeepClone(),
                },
            });
        }, (e, source) => reporter.Report("reaction", new JsonObject
        {
            ["source"] = source,
            ["conversationId"] = e["message"]!["conversation"]!["id"]!.DeepClone(),
            ["seq"] = e["message"]!["seq"]!.DeepClone(),
            ["id"] = e["message"]!["id"]!.DeepClone(),
            ["from"] = NameOf(e["user"]!),
            ["emoji"] = e["emoji"]!.DeepClone(),
            ["added"] = e["added"]!.DeepClone(),
            ["reactions"] = e["message"]!["reactions"]!.DeepClone(),
        }));
    }

    private static string NameOf(JsonNode user) => (string?)user["username"] ?? (string)user["displayName"]!;

    /// <summary>"word and the rest" gives ("word", "and the rest").</summary>
    private static (string Head, string Tail) Split(string text)
    {
        var parts = text.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        return (parts.ElementAtOrDefault(0) ?? "", parts.Length > 1 ? parts[1].Trim() : "");
    }

    /// <summary>Runs one command or sends one line.</summary>
    public async Task RunAsync(string line)
    {
        var (command, argument) = Split(line);
        switch (command)
        {
            case "": return;
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
            case "/reply":
                var (number, text) = Split(argument);
                await SendAsync(text, ShownAs(number));
                return;
            case "/react": await ReactAsync(argument, added: true); return;
            case "/unreact": await ReactAsync(argument, added: false); return;
            case "/offline": await GoOfflineAsync(); _reporter.Report("offline"); return;
            case "/online": GoOnline(); return;
            case var unknown when unknown.StartsWith('/'):
                throw new InvalidOperationException($"unknown command {unknown}; /help lists them");
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

    /// <summary>The message shown as #N: of the current conversation if it has one, else the last shown with that number.</summary>
    private JsonNode ShownAs(string number)
    {
        var seq = int.TryParse(number, out var parsed) ? parsed : 0;
        lock (_shown)
        {
            var numbered = _shown.Where(m => (int)m["seq"]! == seq).ToList();
            return numbered.LastOrDefault(m => (string?)m["conversation"]!["id"] == (string?)_target?["conversationId"])
                   ?? numbered.LastOrDefault()
                   ?? throw new InvalidOperationException($"no message #{number} shown yet");
        }
    }

    /// <summary>
    /// Sends with a clientMessageId made once, so a retry after a network failure cannot send twice; with
    /// <paramref name="replyTo"/>, quoting that message.
    /// </summary>
    private async Task SendAsync(string body, JsonNode? replyTo = null)
    {
        // A reply goes where the message it quotes is.
        var input = replyTo is null ? (JsonObject?)_target?.DeepClone()
            : new JsonObject { ["conversationId"] = replyTo["conversation"]!["id"]!.DeepClone(), ["replyToId"] = replyTo["id"]!.DeepClone() };
        if (input is null) throw new InvalidOperationException("nobody to talk to yet: /to NAME or /open N");
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

    /// <summary>
    /// Adds a reaction, or with <paramref name="added"/> false takes it back; adding one you have or taking back
    /// one you do not is no error and changes nothing.
    /// </summary>
    private async Task ReactAsync(string argument, bool added)
    {
        var (number, emoji) = Split(argument);
        if (emoji == "") throw new InvalidOperationException($"{(added ? "/react" : "/unreact")} N EMOJI");
        var field = added ? "addReaction" : "removeReaction";
        var data = await _session.QueryAsync($$"""
            mutation($i: {{(added ? "Add" : "Remove")}}ReactionInput!) {
              {{field}}(input: $i) { message { id seq reactions { emoji count reactedByMe } } } }
            """, new JsonObject { ["i"] = new JsonObject { ["messageId"] = (string)ShownAs(number)["id"]!, ["emoji"] = emoji } });
        var message = data[field]!["message"]!;
        _reporter.Report("reacted", new JsonObject
        {
            ["id"] = message["id"]!.DeepClone(), ["seq"] = message["seq"]!.DeepClone(), ["emoji"] = emoji, ["added"] = added,
            ["reactions"] = message["reactions"]!.DeepClone(),
        });
    }
}
