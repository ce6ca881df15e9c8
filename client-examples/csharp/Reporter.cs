using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>What the chat tells its user: sentences for people, one JSON object per line for scripts.</summary>
public sealed class Reporter(bool script)
{
    public void Report(string name, JsonObject? fields = null)
    {
        fields ??= [];
        if (script)
        {
            var line = new JsonObject { ["event"] = name };
            foreach (var (key, value) in fields) line[key] = value?.DeepClone();
            Console.WriteLine(line.ToJsonString());
        }
        else
        {
            Console.WriteLine(Sentence(name, fields));
        }
    }

    public void Error(Exception error) =>
        Report("error", new JsonObject { ["code"] = (error as TokenIMException)?.Code, ["message"] = error.Message });

    private static string Sentence(string name, JsonObject f) => name switch
    {
        "ready" => $"signed in as {f["user"]!["username"]}. /help lists the commands.",
        "online" => (int)f["caughtUp"]! > 0 ? $"connected; caught up on {f["caughtUp"]} missed message(s)" : "connected",
        "offline" => "offline (type /online to reconnect)",
        "resync" => "could not resume from where we were; starting live",
        "disconnected" => $"connection lost ({f["reason"]}), reconnecting…",
        "message" => $"{Prefix(f)}#{f["seq"]} {f["from"]}{(f["replyTo"] is { } q ? $" (replying to {Quote(q)})" : "")}: {f["body"]}",
        "reaction" => $"{Prefix(f)}[reaction] {f["from"]} {((bool)f["added"]! ? "+" : "-")}{f["emoji"]} on #{f["seq"]} ({Totals(f["reactions"]!)})",
        "sent" => $"sent #{f["seq"]}",
        "reacted" => $"{((bool)f["added"]! ? "added" : "took back")} {f["emoji"]} on #{f["seq"]}",
        "target" => $"now talking {f["title"]}",
        "conversations" => f["items"]!.AsArray().Count == 0 ? "no conversations yet"
            : string.Join('\n', f["items"]!.AsArray().Select(c => $"{c!["index"]}. {c["title"]}  ({c["unread"]} unread)")),
        "error" => $"error{(f["code"] is { } code ? $" {code}" : "")}: {f["message"]}",
        _ => $"{name} {f.ToJsonString()}",
    };

    private static string Prefix(JsonObject f) => (string)f["source"]! == "live" ? "" : $"({f["source"]}) ";

    private static string Quote(JsonNode q) => $"#{q["seq"]} {q["from"]}: {((bool)q["deleted"]! ? "deleted" : $"\"{q["body"]}\"")}";

    private static string Totals(JsonNode reactions) =>
        reactions.AsArray().Count == 0 ? "none left" : string.Join(", ", reactions.AsArray().Select(r => $"{r!["emoji"]} {r["count"]}"));
}
