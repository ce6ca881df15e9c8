// A terminal chat for TokenIM in plain .NET: HttpClient for GraphQL over HTTP, ClientWebSocket
// speaking graphql-transport-ws for the resumable stream, resumed from its cursor after every (re)connect.
//
//   dotnet run --project client-examples/csharp -- [--user NAME] [--password PW] [--url URL] [--to NAME] [--script]
//
// --script reads the same commands from stdin without a prompt and prints one JSON object per line
// (what tests drive). TOKENIM_URL, TOKENIM_USER and TOKENIM_PASSWORD stand in for the flags.
using System.Text.Json.Nodes;
using TokenIMChat;

string? Option(string name, string? environment = null)
{
    var i = Array.IndexOf(args, $"--{name}");
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : environment is null ? null : Environment.GetEnvironmentVariable(environment);
}

var script = args.Contains("--script");
var url = new Uri(Option("url", "TOKENIM_URL") ?? "http://localhost:5080/graphql");
var user = Option("user", "TOKENIM_USER");
var password = Option("password", "TOKENIM_PASSWORD");
if (script && (user is null || password is null))
{
    Console.Error.WriteLine("--script needs --user and --password (or TOKENIM_USER and TOKENIM_PASSWORD)");
    return 2;
}
if (user is null) { Console.Write("username: "); user = Console.ReadLine() ?? ""; }
if (password is null) { Console.Write("password (8+ characters; a new name is registered): "); password = Console.ReadLine() ?? ""; }

var reporter = new Reporter(script);
using var http = new HttpClient();
Session session;
try
{
    session = await Session.SignInAsync(new TokenIMApi(http, url), user, password);
}
catch (Exception error) when (error is TokenIMException or HttpRequestException)
{
    reporter.Error(error);
    return 1;
}

var chat = new Chat(session, reporter);
reporter.Report("ready", new JsonObject { ["user"] = new JsonObject { ["id"] = session.UserId, ["username"] = session.Username } });
chat.GoOnline();
if (Option("to") is { } to) await Try($"/to {to}");

// One command at a time, in the order typed; the end of input (Ctrl-D) is /quit.
while (await Console.In.ReadLineAsync() is { } line && line.Trim() != "/quit") await Try(line);
await chat.GoOfflineAsync();
return 0;

async Task Try(string line)
{
    try { await chat.RunAsync(line); }
    catch (Exception error) when (error is TokenIMException or HttpRequestException or InvalidOperationException) { reporter.Error(error); }
}
